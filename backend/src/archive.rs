//! Finding the runtime archive `liborus_rt.a` for a target, and refusing one built for
//! another runtime version (the archive carries `orus_abi::version::ABI_VERSION` in its
//! `.orus_abi` section).

use crate::error::BackendError;
use crate::target::Arch;
use object::read::archive::ArchiveFile;
use object::{Object, ObjectSection};
use std::path::{Path, PathBuf};

/// File name of the runtime archive.
pub const ARCHIVE_NAME: &str = "liborus_rt.a";

/// Environment variable naming a folder that holds the archive (directly or in a
/// `<triple>/` sub-folder).
pub const RUNTIME_DIR_ENV: &str = "ORUS_RUNTIME_DIR";

/// Section of `orus-rt` holding the little-endian ABI version.
const VERSION_SECTION: &str = ".orus_abi";

/// The archive to link for `arch`: `explicit` (a `--runtime` file or folder), then
/// `$ORUS_RUNTIME_DIR`, the installed prefix `<exe dir>/../lib/orus/<triple>/`, then the
/// development folders `target/<triple>/release` and (host only) `target/release`. The first
/// existing candidate is used and must carry this compiler's ABI version.
pub fn find_runtime(arch: Arch, explicit: Option<&Path>) -> Result<PathBuf, BackendError> {
    let candidates = candidates(arch, explicit);
    let found = candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
            BackendError::Runtime(format!(
                "no {ARCHIVE_NAME} for {} (looked in: {}); build it with scripts/build-runtimes.sh",
                arch.triple(),
                tried.join(", ")
            ))
        })?;
    check_version(&found)?;
    Ok(found)
}

/// Every place the archive is looked for, in order.
fn candidates(arch: Arch, explicit: Option<&Path>) -> Vec<PathBuf> {
    let triple = arch.triple();
    let mut out = Vec::new();
    let mut folder = |dir: PathBuf| {
        out.push(dir.join(triple).join(ARCHIVE_NAME));
        out.push(dir.join(ARCHIVE_NAME));
    };
    if let Some(path) = explicit {
        if path.extension().is_some_and(|e| e == "a") {
            return vec![path.to_path_buf()];
        }
        folder(path.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(RUNTIME_DIR_ENV) {
        folder(PathBuf::from(dir));
    }
    if let Some(prefix) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
    {
        out.push(prefix.join("lib/orus").join(triple).join(ARCHIVE_NAME));
    }
    for root in development_roots() {
        out.push(root.join(triple).join("release").join(ARCHIVE_NAME));
        if Some(arch) == Arch::host() {
            out.push(root.join("release").join(ARCHIVE_NAME));
        }
    }
    out
}

/// Cargo `target/` folders: `$CARGO_TARGET_DIR`, the folder the running executable was
/// built into, and this workspace's.
fn development_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        roots.push(PathBuf::from(dir));
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/<profile>/orusc or target/<profile>/deps/test-binary
        for ancestor in exe.ancestors().skip(1).take(3) {
            if ancestor.file_name().is_some_and(|n| n == "target") {
                roots.push(ancestor.to_path_buf());
            }
        }
    }
    if let Some(workspace) = Path::new(env!("CARGO_MANIFEST_DIR")).parent() {
        roots.push(workspace.join("target"));
    }
    roots
}

/// The ABI version stamped into the archive at `path`, if any member carries one.
pub fn archive_version(path: &Path) -> Result<Option<u64>, BackendError> {
    let data = std::fs::read(path)
        .map_err(|e| BackendError::Runtime(format!("cannot read {}: {e}", path.display())))?;
    let archive = ArchiveFile::parse(&*data)
        .map_err(|e| BackendError::Runtime(format!("{} is not an archive: {e}", path.display())))?;
    for member in archive.members() {
        let Ok(member) = member else { continue };
        let Ok(bytes) = member.data(&*data) else {
            continue;
        };
        let Ok(file) = object::File::parse(bytes) else {
            continue;
        };
        if let Some(section) = file.section_by_name(VERSION_SECTION) {
            if let Ok(contents) = section.data() {
                if let Some(word) = contents.get(..8) {
                    let mut le = [0u8; 8];
                    le.copy_from_slice(word);
                    return Ok(Some(u64::from_le_bytes(le)));
                }
            }
        }
    }
    Ok(None)
}

/// Refuses an archive built for another runtime ABI.
fn check_version(path: &Path) -> Result<(), BackendError> {
    let expected = orus_abi::version::ABI_VERSION;
    match archive_version(path)? {
        Some(v) if v == expected => Ok(()),
        Some(v) => Err(BackendError::Runtime(format!(
            "{} was built for runtime ABI {v:#018x}, this compiler needs {expected:#018x}; rebuild it with scripts/build-runtimes.sh",
            path.display()
        ))),
        None => Err(BackendError::Runtime(format!(
            "{} carries no Orus runtime ABI version",
            path.display()
        ))),
    }
}

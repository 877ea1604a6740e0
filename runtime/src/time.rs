//! The `timestamp()` intrinsic (LANGUAGE.md §8.14).

use std::sync::OnceLock;
use std::time::Instant;

static EPOCH: OnceLock<Instant> = OnceLock::new();

/// Monotonic time in seconds since the first call in this process; only differences between
/// readings are meaningful.
pub fn timestamp() -> f64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn never_goes_backwards() {
        let first = timestamp();
        let second = timestamp();
        assert!(first >= 0.0);
        assert!(second >= first);
    }
}

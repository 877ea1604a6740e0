//! Parallel moves: placing call arguments in the call area when some of them already sit in
//! slots that other arguments must overwrite.

/// Orders the moves `(dst, src)` (distinct destinations) into sequential `MOVE`s, breaking
/// cycles through `scratch`, which must be neither a source nor a destination.
/// Returns `None` when `scratch` is a source of a move and a cycle needs it.
pub(super) fn sequentialize(moves: &[(u8, u8)], scratch: u8) -> Option<Vec<(u8, u8)>> {
    let mut pending: Vec<(u8, u8)> = moves.iter().copied().filter(|(d, s)| d != s).collect();
    let mut out = Vec::with_capacity(pending.len() + 1);
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|&(d, _)| !pending.iter().any(|&(_, s)| s == d));
        match ready {
            Some(i) => out.push(pending.remove(i)),
            None => {
                if pending.iter().any(|&(_, s)| s == scratch) {
                    return None;
                }
                let (dst, _) = pending[0];
                out.push((scratch, dst));
                for m in pending.iter_mut() {
                    if m.1 == dst {
                        m.1 = scratch;
                    }
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::sequentialize;

    fn run(moves: &[(u8, u8)], scratch: u8) -> [u64; 8] {
        let mut slots = [10, 11, 12, 13, 14, 15, 16, 17];
        for (d, s) in sequentialize(moves, scratch).unwrap() {
            slots[d as usize] = slots[s as usize];
        }
        slots
    }

    #[test]
    fn chains_are_ordered() {
        let slots = run(&[(2, 1), (3, 2)], 0);
        assert_eq!(slots[2..4], [11, 12]);
    }

    #[test]
    fn cycles_go_through_scratch() {
        let slots = run(&[(1, 2), (2, 1), (3, 3)], 0);
        assert_eq!(slots[1..4], [12, 11, 13]);
    }
}

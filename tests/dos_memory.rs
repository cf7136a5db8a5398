//! D02: ten thousand distinct garbage tokens: every one refused, no panic, and memory
//! stays flat. Its own test binary, so no other test moves the RSS it measures.

mod common;
use common::verifier;

fn rss_kib() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4)
}

#[test]
fn d02_ten_thousand_garbage_tokens_no_panic_flat_memory() {
    let v = verifier();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let garbage = |n: &mut dyn FnMut() -> u64| -> String {
        let len = (n() % 300) as usize;
        let alphabet = b"abcXYZ019-_.=+/ {}\"";
        (0..len)
            .map(|_| alphabet[(n() % alphabet.len() as u64) as usize] as char)
            .collect()
    };
    for _ in 0..1_000 {
        let _ = v.verify(&garbage(&mut next));
    }
    let before = rss_kib();
    for _ in 0..10_000 {
        assert!(v.verify(&garbage(&mut next)).is_err());
    }
    let growth = rss_kib().saturating_sub(before);
    assert!(
        growth < 4 * 1024,
        "RSS grew by {growth} KiB over 10,000 rejected tokens"
    );
}

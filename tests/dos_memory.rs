//! D02: ten thousand distinct garbage tokens, half of them correctly signed garbage that
//! reaches the JSON reader: every one refused, no panic, and memory stays flat. Its own
//! test binary, so no other test moves the RSS it measures.

mod common;
use common::{SECRET, sign_raw, verifier};

/// The resident set in KiB; on Linux it must be readable, or the test measures nothing.
fn rss_kib() -> usize {
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map(|pages| pages * 4);
    assert!(
        rss.is_some() || !cfg!(target_os = "linux"),
        "/proc/self/statm is unreadable: the memory bound would go unchecked"
    );
    rss.unwrap_or(0)
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
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    for i in 0..10_000 {
        let token = garbage(&mut next);
        // The alphabet has no `e`, `x` or `p`: no payload here carries an `exp`.
        let token = if i % 2 == 0 {
            token
        } else {
            sign_raw(header, &token, SECRET.as_bytes())
        };
        assert!(v.verify(&token).is_err(), "{token}");
    }
    let growth = rss_kib().saturating_sub(before);
    assert!(
        growth < 4 * 1024,
        "RSS grew by {growth} KiB over 10,000 rejected tokens"
    );
}

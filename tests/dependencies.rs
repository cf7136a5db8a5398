//! Dependency floors that no advisory database enforces for us.

/// jsonwebtoken before 10.3 skipped validation of a string `exp`/`nbf` when the claim was
/// not required (GHSA-h395-gr6q-cpjc / CVE-2026-25537), and the RustSec database has no
/// entry for it, so `cargo audit` would not flag an old version. This crate does its own
/// time checks, but the floor is enforced all the same: every jsonwebtoken in the lock file
/// (this crate's, and the official crate's it is tested against) must be 10.3 or newer.
#[test]
fn jsonwebtoken_in_cargo_lock_is_at_least_10_3() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let versions: Vec<(u64, u64)> = lock
        .split("[[package]]")
        .filter(|block| block.contains("name = \"jsonwebtoken\""))
        .filter_map(|block| {
            let v = block
                .lines()
                .find_map(|l| l.strip_prefix("version = \""))?
                .trim_end_matches('"');
            let mut parts = v.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
            Some((parts.next()?, parts.next()?))
        })
        .collect();
    assert!(!versions.is_empty(), "jsonwebtoken is in Cargo.lock");
    for v in &versions {
        assert!(
            *v >= (10, 3),
            "jsonwebtoken {v:?} in Cargo.lock is below 10.3 (CVE-2026-25537)"
        );
    }
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("jsonwebtoken = { version = \"11."),
        "the manifest pins jsonwebtoken 11"
    );
}

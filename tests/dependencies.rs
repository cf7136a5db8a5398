//! What adopters compile: the library's normal dependency tree, and dependency floors that
//! no advisory database enforces for us.

use std::process::Command;

mod common;

/// The library's normal (non-dev, non-build) tree, for every target, with the given
/// features, resolved for the library alone (as adopters build it: no feature another
/// workspace member asks for), one line per crate in `format`, sorted and deduplicated.
fn normal_tree_lines(features: &[&str], format: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(common::repo_root()).args([
        "tree",
        "--offline",
        "--locked",
        "-e",
        "normal",
        "--target",
        "all",
        "--prefix",
        "none",
        "--format",
        format,
        "-p",
        "livekit-access-token",
    ]);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let out = cmd.output().expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// The crates in the library's normal tree.
fn normal_tree(features: &[&str]) -> Vec<String> {
    let mut crates: Vec<String> = normal_tree_lines(features, "{p}")
        .iter()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect();
    crates.dedup();
    crates
}

/// Every crate the library compiles for adopters, each one read before it was listed: a
/// crate that is not here fails the test below, so none enters the tree unreviewed (a
/// `cargo update` included).
const REVIEWED: &[&str] = &[
    "base64",
    "bitflags",
    "block-buffer",
    "cfg-if",
    "cmov",
    "cpufeatures",
    "crypto-common",
    "ctutils",
    "digest",
    "hmac",
    "hybrid-array",
    "itoa",
    "libc",
    "livekit-access-token",
    "memchr",
    "nix",
    "proc-macro2",
    "quote",
    "secrecy",
    "serde",
    "serde_core",
    "serde_derive",
    "serde_json",
    "sha2",
    "syn",
    "thiserror",
    "thiserror-impl",
    "typed-builder",
    "typed-builder-macro",
    "typenum",
    "unicode-ident",
    "zeroize",
    "zmij",
];

/// What the command-line tool (feature `cli`) adds.
const REVIEWED_FOR_CLI: &[&str] = &[
    "anstyle",
    "clap",
    "clap_builder",
    "clap_derive",
    "clap_lex",
    "heck",
    "strsim",
];

/// Tokens are HS256 only: no asymmetric crypto, no RNG, and not the JWT crate this one is
/// tested against (it carries RUSTSEC-2023-0071 through `rsa`, which every adopter's
/// `cargo audit` would report). Never to be listed as reviewed.
const FORBIDDEN: &[&str] = &[
    "rsa",
    "p256",
    "p384",
    "ed25519-dalek",
    "rand",
    "rand_core",
    "getrandom",
    "jsonwebtoken",
    "ring",
    "aws-lc-rs",
    "num-bigint-dig",
];

#[test]
fn the_library_tree_has_no_asymmetric_crypto_no_rng_and_no_jsonwebtoken() {
    let listed = || REVIEWED.iter().chain(REVIEWED_FOR_CLI);
    let forbidden_listed: Vec<_> = listed().filter(|c| FORBIDDEN.contains(c)).collect();
    assert!(
        forbidden_listed.is_empty(),
        "{forbidden_listed:?} listed as reviewed"
    );
    for (features, allowed) in [
        (&[][..], REVIEWED.to_vec()),
        (&["cli"][..], listed().copied().collect()),
    ] {
        let tree = normal_tree(features);
        assert!(
            tree.iter().any(|c| c == "hmac"),
            "cargo tree listed the library's crates: {tree:?}"
        );
        let unreviewed: Vec<_> = tree
            .iter()
            .filter(|c| !allowed.contains(&c.as_str()))
            .collect();
        assert!(
            unreviewed.is_empty(),
            "{unreviewed:?} entered the library's tree (features {features:?}): read each one \
             before listing it as reviewed; never list {FORBIDDEN:?}"
        );
    }
}

/// The keyed HMAC state signs as the secret does, and `hmac` and `sha2` wipe it on drop
/// only with their `zeroize` feature. G04's test cannot see that feature go missing: in
/// the test workspace another crate (the reference's `rsa`) turns it on anyway. So it is
/// checked here, in the library's own resolution.
#[test]
fn the_library_itself_turns_on_zeroize_for_the_hmac_state() {
    let lines = normal_tree_lines(&[], "{p} [{f}]");
    for krate in ["hmac", "sha2"] {
        let features = lines
            .iter()
            .find(|line| line.starts_with(&format!("{krate} ")))
            .unwrap_or_else(|| panic!("{krate} is in the library's tree: {lines:?}"));
        assert!(
            features.contains("zeroize"),
            "{features}: the library must enable {krate}'s `zeroize` feature itself"
        );
    }
}

/// The audit budget: an adopter reads every crate the library compiles.
#[test]
fn the_library_tree_stays_small_enough_to_audit() {
    let tree = normal_tree(&[]);
    assert!(tree.len() <= 35, "{} crates: {tree:?}", tree.len());
}

/// jsonwebtoken before 10.3 skipped validation of a string `exp`/`nbf` when the claim was
/// not required (GHSA-h395-gr6q-cpjc / CVE-2026-25537), and the RustSec database has no
/// entry for it. It is only the reference the tests hold this crate to, but a reference
/// with that bug would hide one here: every jsonwebtoken in the lock file must be 10.3 or
/// newer.
#[test]
fn jsonwebtoken_in_cargo_lock_is_at_least_10_3() {
    let lock = std::fs::read_to_string(common::repo_root().join("Cargo.lock")).expect("Cargo.lock");
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
}

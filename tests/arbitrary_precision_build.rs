//! V03: the verifier in a build where serde_json's `arbitrary_precision` feature is on,
//! which any crate in an adopter's build can turn on for every crate in it. Those tests are
//! a crate with a workspace of its own (`tests/arbitrary_precision/`): in this one the
//! feature would reach every test. This runs them, so that the README's test command runs
//! every test.

use std::path::Path;
use std::process::Command;

#[test]
fn v03_the_verifier_under_arbitrary_precision_passes_its_tests() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("arbitrary_precision");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        // Its own target directory, whatever this run's is: the outer build holds that one.
        .env("CARGO_TARGET_DIR", crate_dir.join("target"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The tests ran, and none was left out.
    assert!(
        stdout.contains("test result: ok.") && !stdout.contains(" 0 passed"),
        "{stdout}"
    );
}

//! `identity!` and `room!` refuse an empty or oversized literal under `cargo check`, not
//! only `cargo build`, so clippy and editors (which only check) report it too.
//!
//! trybuild cannot show this: once a pass case exists it builds every case. So this test
//! writes a scratch crate that depends on this one, runs `cargo check` on one mistake at a
//! time and expects this crate's message. The scratch crate and its target directory live
//! under `target/tmp`, so later runs reuse the checked dependencies; it resolves offline
//! from this crate's `Cargo.lock`.

use std::path::{Path, PathBuf};

mod common;
use std::process::{Command, Output};

/// (case, expression in `main`, what the error must say)
fn cases() -> Vec<(&'static str, String, &'static str)> {
    let long = "a".repeat(257);
    vec![
        (
            "identity_empty",
            r#"identity!("")"#.to_owned(),
            "the identity literal is empty: write a non-empty identity",
        ),
        (
            "room_empty",
            r#"room!("")"#.to_owned(),
            "the room literal is empty: write a non-empty room name",
        ),
        (
            "identity_too_long",
            format!(r#"identity!("{long}")"#),
            "the identity literal is over 256 bytes",
        ),
        (
            "room_too_long",
            format!(r#"room!("{long}")"#),
            "the room literal is over 256 bytes",
        ),
    ]
}

fn scratch_crate() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("literal-rules-check");
    std::fs::create_dir_all(dir.join("src/bin")).expect("scratch crate directory");
    let manifest = format!(
        "[package]\nname = \"literal-rules-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\nlivekit-access-token = {{ path = '{}' }}\n\n\
         # Not a member of this crate's workspace.\n[workspace]\n",
        common::repo_root().display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("scratch Cargo.toml");
    // The same versions as this crate's own build, resolved without the network.
    std::fs::copy(
        common::repo_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("Cargo.lock");
    dir
}

fn write_bin(dir: &Path, name: &str, expr: &str) {
    let src = format!(
        "use livekit_access_token::{{identity, room}};\n\nfn main() {{\n    let _ = {expr};\n}}\n"
    );
    std::fs::write(dir.join("src/bin").join(format!("{name}.rs")), src).expect("scratch bin");
}

/// `cargo check` (never `build`) of one binary of the scratch crate.
fn cargo_check(dir: &Path, bin: &str) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--bin", bin])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // The outer `cargo test`'s jobserver belongs to it, not to this child.
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn cargo_check_refuses_bad_literals() {
    let dir = scratch_crate();
    write_bin(
        &dir,
        "good_literals",
        r#"(identity!("front-desk"), room!("lobby"))"#,
    );
    for (name, expr, _) in cases() {
        write_bin(&dir, name, &expr);
    }

    // The control: good literals pass `cargo check`, so a failure below is the literal's.
    let out = cargo_check(&dir, "good_literals");
    assert!(
        out.status.success(),
        "good literals must pass `cargo check`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for (name, _, message) in cases() {
        let out = cargo_check(&dir, name);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "`cargo check` accepted {name}; it must refuse the literal"
        );
        assert!(
            stderr.contains("error[E0080]") && stderr.contains(message),
            "`cargo check` of {name} must say \"{message}\", said:\n{stderr}"
        );
    }
}

//! The `livekit-token` binary, run as a user runs it: flags, errors, pipes.
#![cfg(feature = "cli")]
// A test fails by panicking; the package's no-panic lints (Cargo.toml) are for the tool.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const KEY: &str = "APIcli";
const SECRET: &str = "CANARY-cli-secret-0123456789abcdef-32";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with<V: AsRef<OsStr>>(args: &[&str], env: &[(&str, V)], stdin: &str) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_livekit-token"));
    cmd.args(args)
        .env_remove("LIVEKIT_API_KEY")
        .env_remove("LIVEKIT_API_SECRET")
        .env_remove("LIVEKIT_KEYS")
        .env_remove("LIVEKIT_URL")
        .envs(env.iter().map(|(var, value)| (var, value)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run livekit-token");
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        // A command that refuses its arguments exits without reading its input, and the
        // write then races its exit; anything but that broken pipe is a harness failure.
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    let out = child.wait_with_output().unwrap();
    let o = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stdout.contains("CANARY") && !o.stderr.contains("CANARY"),
        "a secret was echoed"
    );
    o
}

fn env() -> [(&'static str, &'static str); 2] {
    [("LIVEKIT_API_KEY", KEY), ("LIVEKIT_API_SECRET", SECRET)]
}

fn run(args: &[&str]) -> Out {
    run_with(args, &env(), "")
}

fn create_json(args: &[&str]) -> Value {
    let mut all = vec!["create", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn fails_with(args: &[&str], message: &str) {
    run(args).refused_with(message);
}

impl Out {
    /// The command failed, printed nothing on stdout, and said `message` on stderr in one
    /// line.
    fn refused_with(&self, message: &str) {
        assert_ne!(self.code, 0, "should fail: {}", self.stderr);
        assert!(self.stdout.is_empty(), "nothing on stdout when failing");
        assert!(self.stderr.contains(message), "{}", self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
    }
}

/// The claims of the JWT a successful command printed, read without a key.
fn claims_of(out: &Out) -> Value {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let claims = livekit_access_token::dangerous::decode_untrusted(out.stdout.trim())
        .unwrap()
        .into_untrusted_claims();
    serde_json::to_value(claims).unwrap()
}

/// A command line's words split at spaces, then `rest` (values with spaces, JSON).
fn words<'a>(line: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    line.split_whitespace()
        .chain(rest.iter().copied())
        .collect()
}

/// The claims `create` mints for this command line.
fn minted(line: &str, rest: &[&str]) -> Value {
    claims_of(&run(&words(line, rest)))
}

fn refused(line: &str, rest: &[&str], message: &str) {
    run(&words(line, rest)).refused_with(message);
}

fn lifetime(claims: &Value) -> u64 {
    claims["exp"].as_u64().unwrap() - claims["nbf"].as_u64().unwrap()
}

/// Errors name this tool's flags, never a library method or type.
fn names_no_library_call(out: &Out) {
    for library in ["with_", "::", ".set_", "`."] {
        assert!(!out.stderr.contains(library), "{}", out.stderr);
    }
}

#[path = "common/peer.rs"]
mod peer;
use peer::run_peer;
#[path = "common/temp_dir.rs"]
mod temp_dir;
use temp_dir::TempDir;

#[path = "cli/claims.rs"]
mod claims;
#[path = "cli/create.rs"]
mod create;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/io.rs"]
mod io;
#[path = "cli/lk_differences.rs"]
mod lk_differences;
#[path = "cli/not_echoed.rs"]
mod not_echoed;
#[path = "cli/verify.rs"]
mod verify;

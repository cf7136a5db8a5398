//! Running an official SDK's script (`tests/interop/node/`, `tests/interop/python/`) the
//! way each of them expects: the credentials in its environment, its input on stdin.
//! Standard library only: the command-line tool's test, in the root package without the
//! tests' dependencies, includes it by path as the interop tests do.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `cmd` with `key` and `secret` as `LIVEKIT_API_KEY` and `LIVEKIT_API_SECRET` and
/// `stdin` as its input: Ok(stdout) or Err((exit code, stderr)), each trimmed.
pub fn run_peer(
    mut cmd: Command,
    key: &str,
    secret: &str,
    stdin: &str,
) -> Result<String, (i32, String)> {
    let mut child = cmd
        .env("LIVEKIT_API_KEY", key)
        .env("LIVEKIT_API_SECRET", secret)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn peer");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("peer output");
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    match out.status.code() {
        Some(0) => Ok(stdout),
        code => Err((code.unwrap_or(-1), stderr)),
    }
}

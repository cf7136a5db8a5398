//! Interop with the official LiveKit server SDKs, both ways, for every case in
//! `tests/interop/cases/`:
//!
//! - this crate → official: each token minted here is accepted by the Node, Python and
//!   Rust (`livekit-api` with its `access-token` feature, which re-exports `livekit-token`)
//!   verifiers, `exp − nbf` is exactly the TTL, and what each verifier returns means what
//!   the spec asks for, read the way the LiveKit server reads it;
//! - official → this crate: each token the official SDKs mint decodes into this crate's
//!   [`Claims`] with every key accounted for, and means the same.
//!
//! "Means" is the server's reading (`server_view` in `semantics.rs`): absent `canPublish`
//! = true, absent `canPublishData` = `canPublish`, default-false flags absent = false,
//! empty strings absent, sources unordered, `roomConfig` compared as protobuf (default
//! values dropped).
//!
//! The SDKs are installed by `tests/interop/setup.sh` (run from here, idempotent and
//! offline after the first run). A failure names the case, the SDK and the field.

use std::process::{Command, Stdio};
use std::sync::OnceLock;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use livekit_access_token::*;
use serde_json::{Value, json};

const API_KEY: &str = "APIinterop";
const SECRET: &str = "interop-secret-0123456789abcdefghijklmnop";

#[path = "../common/mod.rs"]
mod common;
use common::repo_root as root;
#[path = "../common/peer.rs"]
mod peer;
use peer::run_peer;

mod both_ways;
mod case_matrix;
mod golden_tokens;
mod mint;
mod semantics;
mod webhooks;

/// Installs the SDKs once per test binary.
fn peers_installed() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let status = Command::new("bash")
            .arg(root().join("tests/interop/setup.sh"))
            .stdout(Stdio::inherit())
            .status()
            .expect("run tests/interop/setup.sh");
        assert!(
            status.success(),
            "tests/interop/setup.sh failed: see its output above"
        );
    });
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Sdk {
    Node,
    Python,
}

impl Sdk {
    fn name(self) -> &'static str {
        match self {
            Sdk::Node => "node livekit-server-sdk",
            Sdk::Python => "python livekit-api",
        }
    }

    fn command(self, script: &str) -> Command {
        match self {
            Sdk::Node => {
                let mut c = Command::new("node");
                c.arg(root().join(format!("target/interop/node/{script}.mjs")));
                c
            }
            Sdk::Python => {
                let mut c = Command::new(root().join("target/interop/venv/bin/python"));
                c.arg(root().join(format!("tests/interop/python/{script}.py")));
                c
            }
        }
    }
}

/// Runs a peer script with the interop credentials.
fn run(cmd: Command, stdin: &str) -> Result<String, (i32, String)> {
    run_peer(cmd, API_KEY, SECRET, stdin)
}

fn credentials() -> Credentials {
    Credentials::new(API_KEY, SECRET).expect("interop credentials")
}

/// One spec from `tests/interop/cases/`, named after its file.
struct Case {
    name: String,
    spec: Value,
}

/// Per peer and direction: cases passed, cases run, cases the SDK cannot express.
#[derive(Default)]
struct Tally {
    rows: Vec<(String, &'static str, usize, usize, usize)>, // (peer, direction, pass, total, unsupported)
}

impl Tally {
    fn add(&mut self, peer: &str, direction: &'static str, ok: bool, unsupported: bool) {
        let i = match self
            .rows
            .iter()
            .position(|r| r.0 == peer && r.1 == direction)
        {
            Some(i) => i,
            None => {
                self.rows.push((peer.to_owned(), direction, 0, 0, 0));
                self.rows.len() - 1
            }
        };
        let row = &mut self.rows[i];
        if unsupported {
            row.4 += 1;
        } else {
            row.3 += 1;
            row.2 += usize::from(ok);
        }
    }
}

//! The official JS client SDK (npm `livekit-client`, pinned by `node/package-lock.json`),
//! run in Node: its endpoint `TokenSource` fetches a token from the example server, reads
//! the token's `roomConfig` back as the SDK does, and the token is checked with this
//! crate's verifier. Needs Node 20 or newer and npm; `node/setup.sh` installs the client
//! into `target/token-server-node/` once (offline afterwards).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

mod common;
use common::*;

/// Installs livekit-client (pinned by `tests/node/package-lock.json`) into `target/` once.
fn js_client() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new("bash")
            .arg(here.join("tests/node/setup.sh"))
            .status()
            .expect("run tests/node/setup.sh");
        assert!(
            status.success(),
            "tests/node/setup.sh failed: see its output above"
        );
        here.join("../../target/token-server-node")
    })
}

/// livekit-client's `TokenSource.endpoint(url).fetch(options)`, in Node.
fn js_fetch(addr: &str, bearer: &str, options: Value) -> Value {
    let out = Command::new("node")
        .arg(js_client().join("endpoint.mjs"))
        .arg(format!("http://{addr}/token"))
        .arg(bearer)
        .arg(options.to_string())
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("endpoint.mjs prints one JSON line")
}

#[test]
fn the_js_client_sdks_endpoint_token_source_gets_a_token_that_verifies() {
    let server = start();
    let options = json!({
        "roomName": "consult-42", "participantName": "Dr. Ada",
        "participantIdentity": "dr-ada", "participantMetadata": "{}",
        "participantAttributes": {"lang": "en"},
        "agentName": AGENT, "agentMetadata": "{\"case\": 7}", "deployment": "production"
    });
    let fetched = js_fetch(&server.addr, BEARER, options);
    let ok = &fetched["ok"];
    assert_eq!(ok["serverUrl"], "wss://example.livekit.test", "{fetched}");
    let token = ok["participantToken"].as_str().unwrap();
    let joined = verifier().verify_room_join(token).unwrap();
    assert_eq!((joined.identity(), joined.room()), ("dr-ada", "consult-42"));
    let claims = joined.claims();
    assert_eq!(claims.name.as_deref(), Some("Dr. Ada"));
    assert_eq!(claims.attributes.as_ref().unwrap()["lang"], "en");
    // The client SDK reads the dispatch back from the token as it was asked for.
    assert_eq!(
        ok["roomConfig"],
        json!({"agents": [{"agentName": AGENT, "metadata": "{\"case\": 7}", "deployment": "production"}]})
    );

    let refused = js_fetch(&server.addr, BEARER, json!({"agentName": "admin-bot"}));
    let error = refused["error"].as_str().unwrap_or_default();
    assert!(error.contains("received 403"), "{refused}");
    let unauthorized = js_fetch(&server.addr, "", json!({}));
    assert!(
        unauthorized["error"]
            .as_str()
            .unwrap_or_default()
            .contains("received 401")
    );
}

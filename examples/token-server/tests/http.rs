//! The token endpoint (`src/main.rs`), started on a loopback port and called over real HTTP, the
//! way a LiveKit client app calls it; the returned token is checked with the verifier.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use base64::Engine;
use livekit_access_token::*;
use serde_json::{Value, json};
use sha2::Digest;

const KEY: &str = "APIserver";
const SECRET: &str = "token-server-secret-0123456789abcdef";

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_livekit-token-server"))
        .env("LIVEKIT_API_KEY", KEY)
        .env("LIVEKIT_API_SECRET", SECRET)
        .env("LIVEKIT_URL", "wss://example.livekit.test")
        .env("TOKEN_SERVER_ADDR", "127.0.0.1:0")
        .env_remove("LIVEKIT_KEYS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the token server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .expect("the server prints its address")
        .to_owned();
    Server { child, addr }
}

/// A minimal HTTP/1.1 client: status and body.
fn post(addr: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn post_json(addr: &str, body: &Value) -> (u16, Value) {
    let (status, text) = post(
        addr,
        "/token",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    );
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn verifier() -> TokenVerifier {
    TokenVerifier::new(&Credentials::new(KEY, SECRET).unwrap())
}

#[test]
fn post_token_returns_server_url_and_a_token_that_verifies() {
    let server = start();
    let (status, body) = post_json(
        &server.addr,
        &json!({"room": "consult-42", "identity": "dr-ada", "name": "Dr. Ada"}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["serverUrl"], "wss://example.livekit.test");
    let jwt = body["participantToken"].as_str().unwrap();
    let joined = verifier().verify_room_join(jwt).unwrap();
    assert_eq!((joined.identity(), joined.room()), ("dr-ada", "consult-42"));
    assert_eq!(joined.claims().name.as_deref(), Some("Dr. Ada"));
}

#[test]
fn bad_input_is_400_with_a_json_error() {
    let server = start();
    for body in [
        json!({"room": "r"}),
        json!({"identity": "u"}),
        json!({"room": "", "identity": "u"}),
        json!({"room": "r", "identity": "  "}),
        json!({"room": "r", "identity": "x".repeat(257)}),
        json!({"room": 5, "identity": "u"}),
    ] {
        let (status, reply) = post_json(&server.addr, &body);
        assert_eq!(status, 400, "{body}");
        assert!(
            reply["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}: {reply}"
        );
    }
    let (status, text) = post(
        &server.addr,
        "/token",
        &[("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(status, 400);
    assert!(serde_json::from_str::<Value>(&text).unwrap()["error"].is_string());
}

#[test]
fn webhook_route_accepts_signed_events_and_answers_401_otherwise() {
    let server = start();
    let body =
        br#"{"event":"room_finished","room":{"name":"consult-42","sid":"RM_1"},"id":"EV_9"}"#;
    let sha = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
    let creds = Credentials::new(KEY, SECRET).unwrap();
    let auth = AccessToken::with_credentials(&creds)
        .add_ttl(300)
        .add_sha256(sha.clone())
        .to_jwt()
        .unwrap();
    let (status, reply) = post(
        &server.addr,
        "/webhook",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/webhook+json"),
        ],
        body,
    );
    assert_eq!(status, 200, "{reply}");
    assert!(reply.contains("room_finished"));
    let forged_key = Credentials::new(KEY, "not-the-server-secret-0123456789abcd").unwrap();
    let forged = AccessToken::with_credentials(&forged_key)
        .add_ttl(300)
        .add_sha256(sha)
        .to_jwt()
        .unwrap();
    let (status, reply) = post(
        &server.addr,
        "/webhook",
        &[("Authorization", &forged)],
        body,
    );
    assert_eq!(status, 401, "{reply}");
    let (status, _) = post(
        &server.addr,
        "/webhook",
        &[("Authorization", &auth)],
        br#"{"event":"room_finished"}"#,
    );
    assert_eq!(status, 401, "a body that is not the signed one");
    let (status, _) = post(&server.addr, "/webhook", &[], body);
    assert_eq!(status, 401, "no Authorization header");
}

#[test]
fn the_server_never_logs_a_token() {
    let mut server = start();
    let (_, body) = post_json(&server.addr, &json!({"room": "r", "identity": "u"}));
    let jwt = body["participantToken"].as_str().unwrap().to_owned();
    let _ = server.child.kill();
    let mut logs = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(
        logs.contains("token issued"),
        "the server logs something: {logs}"
    );
    assert!(
        !logs.contains(&jwt) && !logs.contains(jwt.rsplit('.').next().unwrap()),
        "{logs}"
    );
    assert!(!logs.contains(SECRET));
}

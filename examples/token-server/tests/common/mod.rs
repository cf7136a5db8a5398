//! What the token server's tests share: starting the server on a loopback port, a minimal
//! HTTP/1.1 client, and the checks of an answer. Each test binary uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use livekit_access_token::{Credentials, RoomJoinClaims, TokenVerifier};
use serde_json::Value;

pub const KEY: &str = "APIserver";
pub const SECRET: &str = "token-server-secret-0123456789abcdef";
/// The endpoint's bearer secret, a canary for the log checks.
pub const BEARER: &str = "CANARY-bearer-0123456789abcdefghijklmnop";
pub const AGENT: &str = "support-bot";

/// The body livekit-client's `TokenSource.endpoint` posts when every option is set
/// (protobuf-es `toJsonString({useProtoFieldName: true})`: proto names, in field order,
/// agent dispatch in `room_config`); attributes as it sends them when given.
pub const JS_CLIENT_BODY: &str = r#"{"room_name":"consult-42","participant_name":"Dr. Ada","participant_identity":"dr-ada","participant_metadata":"{\"specialty\": \"cardiology\"}","participant_attributes":{"lang":"en"},"room_config":{"agents":[{"agent_name":"support-bot","metadata":"{\"case\": 7}","deployment":"production"}]}}"#;

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Stops the server and returns what it wrote on stderr.
    pub fn logs(mut self) -> String {
        let _ = self.child.kill();
        let mut logs = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            stderr.read_to_string(&mut logs).unwrap();
        }
        logs
    }
}

/// The server's command with a bearer secret, `support-bot` dispatchable (to its
/// `production` deployment too) and the `lang` attribute allowed, plus `env`; `None` as a
/// value removes the variable.
pub fn command_with(env: &[(&str, Option<&str>)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_livekit-token-server"));
    command
        .env("LIVEKIT_API_KEY", KEY)
        .env("LIVEKIT_API_SECRET", SECRET)
        .env("LIVEKIT_URL", "wss://example.livekit.test")
        .env("TOKEN_SERVER_ADDR", "127.0.0.1:0")
        .env("TOKEN_SERVER_SECRET", BEARER)
        .env("TOKEN_SERVER_AGENTS", AGENT)
        .env("TOKEN_SERVER_AGENT_DEPLOYMENTS", "production")
        .env("TOKEN_SERVER_ATTRIBUTES", "lang")
        .env_remove("TOKEN_SERVER_CORS_ORIGIN")
        .env_remove("LIVEKIT_KEYS");
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
}

/// The server of [`command_with`], started and listening.
pub fn start_with(env: &[(&str, Option<&str>)]) -> Server {
    let mut child = command_with(env)
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
        .unwrap_or_else(|| panic!("the server prints its address, not {line:?}"))
        .to_owned();
    Server { child, addr }
}

pub fn start() -> Server {
    start_with(&[])
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// A response header's value (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// A minimal HTTP/1.1 client.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    // The server may answer (413, 401) before reading all of a large body.
    let _ = stream.write_all(body);
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

pub const AUTHORIZED: (&str, &str) = (
    "Authorization",
    concat!("Bearer ", "CANARY-bearer-0123456789abcdefghijklmnop"),
);

/// `POST /token` with the bearer secret, as the client SDKs send a body.
pub fn post_token(addr: &str, body: &str) -> Reply {
    let json = ("Content-Type", "application/json");
    request(addr, "POST", "/token", &[json, AUTHORIZED], body.as_bytes())
}

pub fn verifier() -> TokenVerifier {
    TokenVerifier::new(&Credentials::new(KEY, SECRET).unwrap())
}

/// The token of a `201` answer, checked to be exactly `{server_url, participant_token}`.
pub fn token_of(reply: &Reply) -> RoomJoinClaims {
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["participant_token", "server_url"],
        "snake_case, nothing else"
    );
    assert_eq!(body["server_url"], "wss://example.livekit.test");
    verifier()
        .verify_room_join(body["participant_token"].as_str().unwrap())
        .unwrap()
}

pub fn assert_refused(reply: &Reply, status: u16, body: &str) {
    assert_eq!(reply.status, status, "{body} answered {}", reply.body);
    let error = reply.json()["error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        !error.is_empty(),
        "{body}: a JSON error, not {:?}",
        reply.body
    );
}

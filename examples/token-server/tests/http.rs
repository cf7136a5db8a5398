//! The token endpoint (`src/main.rs`), started on a loopback port and called over real HTTP
//! with the bodies LiveKit's client SDKs send; every token it answers with is checked with
//! this crate's verifier. `js_client.rs` has the JS client SDK itself call it.

use base64::Engine;
use livekit_access_token::*;
use serde_json::json;
use sha2::Digest;

mod common;
use common::*;

#[test]
fn the_js_clients_request_gets_201_and_a_token_with_everything_it_asked_for() {
    let server = start();
    let joined = token_of(&post_token(&server.addr, JS_CLIENT_BODY));
    assert_eq!((joined.identity(), joined.room()), ("dr-ada", "consult-42"));
    let claims = joined.claims();
    assert_eq!(claims.name.as_deref(), Some("Dr. Ada"));
    assert_eq!(
        claims.metadata.as_deref(),
        Some(r#"{"specialty": "cardiology"}"#)
    );
    assert_eq!(claims.attributes.as_ref().unwrap()["lang"], "en");
    let agents = claims.room_config.clone().unwrap().agents.unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0].agent_name.as_deref(), Some(AGENT));
    assert_eq!(agents[0].metadata.as_deref(), Some(r#"{"case": 7}"#));
    assert_eq!(agents[0].deployment.as_deref(), Some("production"));
    assert_eq!(claims.exp.unwrap() - claims.nbf.unwrap(), 15 * 60);
    let video = claims.video.clone().unwrap();
    assert!(video.effective_can_publish() && video.effective_can_subscribe());
    assert_eq!((video.room_admin, video.room_create), (None, None));
}

#[test]
fn a_request_without_identity_or_room_gets_generated_ones() {
    let server = start();
    let first = token_of(&post_token(&server.addr, "{}"));
    assert!(
        first.identity().starts_with("voice_assistant_user_"),
        "{}",
        first.identity()
    );
    assert!(
        first.room().starts_with("voice_assistant_room_"),
        "{}",
        first.room()
    );
    let only_agent = r#"{"room_config":{"agents":[{"agent_name":"support-bot"}]}}"#;
    let second = token_of(&post_token(&server.addr, only_agent));
    assert_ne!(first.identity(), second.identity());
    assert_ne!(first.room(), second.room());
}

#[test]
fn what_the_endpoint_does_not_allow_is_403_and_a_malformed_body_400() {
    let server = start();
    let long_identity = json!({"participant_identity": "x".repeat(257)}).to_string();
    for (body, status) in [
        (
            r#"{"room_config":{"agents":[{"agent_name":"admin-bot"}]}}"#,
            403,
        ),
        (r#"{"room_config":{"max_participants":500}}"#, 403),
        (
            r#"{"room_config":{"egress":{"room":{"room_name":"r"}}}}"#,
            403,
        ),
        (r#"{"participant_attributes":{"role":"doctor"}}"#, 403),
        (r#"{"room_name":"r","video":{"roomAdmin":true}}"#, 400),
        (r#"{"room_name":"a","roomName":"b"}"#, 400),
        (r#"{"room_name":7}"#, 400),
        ("{not json", 400),
        (long_identity.as_str(), 400),
    ] {
        assert_refused(&post_token(&server.addr, body), status, body);
    }
}

#[test]
fn an_oversized_body_is_413() {
    let server = start();
    let body = json!({"participant_metadata": "m".repeat(16 * 1024)}).to_string();
    assert_refused(&post_token(&server.addr, &body), 413, "16 KiB of metadata");
    let just_under = json!({"participant_metadata": "m".repeat(16 * 1024 - 100)}).to_string();
    token_of(&post_token(&server.addr, &just_under));
}

#[test]
fn a_missing_or_wrong_bearer_secret_is_401() {
    let server = start();
    let json = ("Content-Type", "application/json");
    for auth in [
        None,
        Some("Bearer not-the-secret"),
        Some(concat!(
            "Basic ",
            "CANARY-bearer-0123456789abcdefghijklmnop"
        )),
    ] {
        let mut headers = vec![json];
        headers.extend(auth.map(|a| ("Authorization", a)));
        let reply = request(&server.addr, "POST", "/token", &headers, b"{}");
        assert_refused(&reply, 401, &format!("{auth:?}"));
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    }
    // Before the body is read: an unauthenticated caller learns nothing about it.
    let reply = request(&server.addr, "POST", "/token", &[json], b"{not json");
    assert_eq!(reply.status, 401);
}

#[test]
fn without_a_secret_the_server_says_loudly_that_it_is_open() {
    let server = start_with(&[("TOKEN_SERVER_SECRET", None)]);
    let reply = request(&server.addr, "POST", "/token", &[], b"{}");
    token_of(&reply);
    let logs = server.logs();
    assert!(
        logs.contains("WARNING: TOKEN_SERVER_SECRET is not set"),
        "{logs}"
    );
    assert!(logs.contains("This token endpoint is OPEN"), "{logs}");
    let with = start();
    assert!(!with.logs().contains("WARNING"), "no warning with a secret");
    let weak = command_with(&[("TOKEN_SERVER_SECRET", Some("hunter2"))])
        .output()
        .unwrap();
    assert!(
        !weak.status.success(),
        "a short secret is refused, not run with"
    );
    let stderr = String::from_utf8_lossy(&weak.stderr);
    assert!(
        stderr.contains("shorter than 32") && !stderr.contains("hunter2"),
        "{stderr}"
    );
}

#[test]
fn a_server_url_no_client_connects_to_stops_the_server_at_start() {
    // Else every request would be a 500, and the mistake found by the first user.
    for url in ["my.livekit.cloud", "wss://user:pass@my.livekit.cloud", ""] {
        let mut child = command_with(&[("LIVEKIT_URL", Some(url))])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A server that starts runs until killed: give it ten seconds to exit.
        let exited = (0..200).find_map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            child.try_wait().unwrap()
        });
        if exited.is_none() {
            child.kill().unwrap();
        }
        let run = child.wait_with_output().unwrap();
        assert!(
            exited.is_some_and(|status| !status.success()),
            "{url:?} was run with"
        );
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("LIVEKIT_URL"), "{stderr}");
        assert!(
            !stderr.contains("pass@"),
            "user info is not echoed: {stderr}"
        );
    }
}

#[test]
fn cors_is_granted_to_the_configured_origin_only() {
    let origin = "https://app.example.com";
    let server = start_with(&[("TOKEN_SERVER_CORS_ORIGIN", Some(origin))]);
    let preflight = |from: &str| {
        let headers = [("Origin", from), ("Access-Control-Request-Method", "POST")];
        request(&server.addr, "OPTIONS", "/token", &headers, b"")
    };
    let allowed = preflight(origin);
    assert_eq!(allowed.status, 204);
    assert_eq!(allowed.header("access-control-allow-origin"), Some(origin));
    assert_eq!(allowed.header("access-control-allow-methods"), Some("POST"));
    let headers = allowed.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("authorization") && headers.contains("content-type"));
    assert_eq!(
        preflight("https://evil.example").header("access-control-allow-origin"),
        None
    );
    let post = |from: &str| {
        let headers = [("Origin", from), AUTHORIZED];
        request(&server.addr, "POST", "/token", &headers, b"{}")
    };
    assert_eq!(
        post(origin).header("access-control-allow-origin"),
        Some(origin)
    );
    assert_eq!(
        post("https://evil.example").header("access-control-allow-origin"),
        None
    );

    let unset = start();
    let headers = [("Origin", origin), AUTHORIZED];
    let reply = request(&unset.addr, "POST", "/token", &headers, b"{}");
    assert_eq!(
        (reply.status, reply.header("access-control-allow-origin")),
        (201, None)
    );
    let star = command_with(&[("TOKEN_SERVER_CORS_ORIGIN", Some("*"))])
        .output()
        .unwrap();
    assert!(!star.status.success());
    assert!(String::from_utf8_lossy(&star.stderr).contains("exact origin"));
}

#[test]
fn webhook_route_accepts_signed_events_and_answers_401_otherwise() {
    let server = start();
    let body =
        br#"{"event":"room_finished","room":{"name":"consult-42","sid":"RM_1"},"id":"EV_9"}"#;
    let sha = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
    let signed_by = |secret: &str| {
        let creds = Credentials::new(KEY, secret).unwrap();
        let jwt = AccessToken::with_credentials(&creds).add_ttl(300);
        jwt.add_sha256(sha.as_str()).to_jwt().unwrap()
    };
    let post = |authorization: Option<&str>, body: &[u8]| {
        let mut headers = vec![("Content-Type", "application/webhook+json")];
        headers.extend(authorization.map(|auth| ("Authorization", auth)));
        request(&server.addr, "POST", "/webhook", &headers, body)
    };
    let auth = signed_by(SECRET);
    let reply = post(Some(&auth), body);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("room_finished"));
    let forged = signed_by("not-the-server-secret-0123456789abcd");
    let reply = post(Some(&forged), body);
    assert_eq!(reply.status, 401, "{}", reply.body);
    let reply = post(Some(&auth), br#"{"event":"room_finished"}"#);
    assert_eq!(reply.status, 401, "a body that is not the signed one");
    let reply = post(None, body);
    assert_eq!(reply.status, 401, "no Authorization header");
}

#[test]
fn the_server_never_logs_a_token_or_a_secret() {
    let server = start();
    let reply = post_token(&server.addr, JS_CLIENT_BODY);
    let jwt = reply.json()["participant_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let logs = server.logs();
    assert!(
        logs.contains("token issued"),
        "the server logs something: {logs}"
    );
    assert!(logs.contains("dr-ada") && logs.contains(AGENT), "{logs}");
    assert!(
        !logs.contains(&jwt) && !logs.contains(jwt.rsplit('.').next().unwrap()),
        "{logs}"
    );
    assert!(!logs.contains(SECRET) && !logs.contains("CANARY"), "{logs}");
}

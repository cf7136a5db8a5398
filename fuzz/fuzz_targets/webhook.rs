//! Arbitrary webhook body and Authorization header; half the inputs carry a genuine token
//! for the body, so the body parser is reached. Never panics; a genuine token for a body
//! that is a JSON object with a non-empty `event` string is always accepted.
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use livekit_access_token::{AccessToken, FixedClock, WebhookError, WebhookReceiver};
use sha2::Digest;

mod common;
use common::{NOW, credentials, verifier};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let receiver = WebhookReceiver::new(verifier().clone());
    if mode % 2 == 0 {
        let sha = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(rest));
        let auth = AccessToken::with_credentials(credentials())
            .add_ttl(300)
            .add_sha256(sha)
            .to_jwt_with_clock(&FixedClock(NOW))
            .expect("mint");
        // The oracle for the body: a JSON object with a non-empty `event` string.
        let body = serde_json::from_slice::<serde_json::Value>(rest).ok();
        let name = body
            .as_ref()
            .and_then(|v| v.get("event"))
            .and_then(serde_json::Value::as_str)
            .filter(|name| !name.is_empty());
        match receiver.receive(rest, &auth) {
            Ok(event) => assert_eq!(Some(event.event.as_str()), name, "the event read"),
            Err(WebhookError::InvalidBody) => {
                assert_eq!(name, None, "a genuine event was refused as an invalid body")
            }
            Err(e) => panic!("a genuine webhook was refused: {e}"),
        }
    } else {
        let split = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let (body, auth) = rest.split_at(split);
        let _ = receiver.receive(body, &String::from_utf8_lossy(auth));
    }
});

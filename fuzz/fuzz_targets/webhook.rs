//! Arbitrary webhook body and Authorization header; half the inputs carry a genuine token
//! for the body, so the body parser is reached. Never panics; a genuine token for a body
//! that is a JSON object with a non-empty `event` string, naming no member twice in any
//! object, is always accepted, and any other body refused.
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use livekit_access_token::{AccessToken, FixedClock, WebhookError, WebhookReceiver};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use sha2::Digest;
use std::collections::HashSet;
use std::fmt;

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
        let body = serde_json::from_slice::<serde_json::Value>(rest)
            .ok()
            .filter(|_| !names_a_member_twice(rest));
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

/// Whether the JSON text names a member twice in one object, at any depth: the oracle's
/// own reading, a walk over the whole value, apart from the library's parser.
fn names_a_member_twice(json: &[u8]) -> bool {
    let mut reader = serde_json::Deserializer::from_slice(json);
    reader.deserialize_any(Twice).unwrap_or(false)
}

/// Visits a JSON value; its value is whether some object in it names a member twice.
struct Twice;

impl<'de> DeserializeSeed<'de> for Twice {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(Twice)
    }
}

impl<'de> Visitor<'de> for Twice {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<bool, A::Error> {
        let mut twice = false;
        while let Some(inner) = items.next_element_seed(Twice)? {
            twice |= inner;
        }
        Ok(twice)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<bool, A::Error> {
        let (mut seen, mut twice) = (HashSet::new(), false);
        while let Some(name) = members.next_key::<String>()? {
            twice |= !seen.insert(name);
            twice |= members.next_value_seed(Twice)?;
        }
        Ok(twice)
    }
}

//! Attacker-shaped header and payload, signed with the real secret so they get past the
//! MAC: everything after the signature check (header policy, strict JSON, time and claim
//! types) sees arbitrary input. Never panics; the JWS layer agrees with the verifier, and
//! the verifier's fast path returns exactly what the strict path alone returns.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use libfuzzer_sys::fuzz_target;
use livekit_access_token::__private;

mod common;
use common::{SECRET, verifier};

fuzz_target!(|data: &[u8]| {
    // header bytes, 0xFF, payload bytes; without a separator the header is the usual one.
    let (header, payload) = match data.iter().position(|b| *b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&br#"{"alg":"HS256","typ":"JWT"}"#[..], data),
    };
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let Ok(sig) = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
        Algorithm::HS256,
    ) else {
        return;
    };
    let token = format!("{input}.{sig}");
    let verified = verifier().verify(&token);
    assert_eq!(
        verified,
        __private::verify_strict(verifier(), &token),
        "the fast path disagrees with the strict path"
    );
    let jws = __private::verify_jws_hs256(&token, SECRET.as_bytes(), b"");
    if verified.is_ok() {
        assert!(
            jws.is_ok(),
            "the verifier accepted what the JWS layer refused"
        );
        assert_eq!(jws.ok().as_deref(), Some(payload));
    }
});

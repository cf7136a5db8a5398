//! With serde_json's `arbitrary_precision` on, serde_json hands a number that is not a
//! 64-bit integer to a visitor as a map. The verifier still reads every number as it does
//! without the feature, on both of its paths.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use livekit_access_token::{
    __private, Claims, Credentials, FixedClock, TokenVerifier, VerifyError,
};
use serde_json::Value;

const KEY: &str = "APIprecision";
const SECRET: &str = "arbitrary-precision-secret-0123456789";
const NOW: u64 = 1_700_000_000;

fn signed(payload: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{input}.{tag}")
}

/// The verdict on `payload`, the same on the fast path and the strict one.
fn verify(payload: &str) -> Result<Claims, VerifyError> {
    let creds = Credentials::new(KEY, SECRET).unwrap();
    let verifier = TokenVerifier::new(&creds).with_clock(FixedClock(NOW));
    let token = signed(payload);
    let verdict = verifier.verify(&token);
    assert_eq!(
        verdict,
        __private::verify_strict(&verifier, &token),
        "{payload}"
    );
    verdict
}

#[test]
fn this_build_has_the_feature() {
    // Without it, 1.10 reads as the f64 1.1.
    let read: Value = serde_json::from_str("1.10").unwrap();
    assert_eq!(read.to_string(), "1.10");
}

#[test]
fn fractional_dates_read_as_their_whole_seconds() {
    let payload = format!(
        r#"{{"iss":"{KEY}","sub":"u","nbf":{}.5,"iat":{}.25,"exp":{}.75}}"#,
        NOW - 10,
        NOW - 10,
        NOW + 600
    );
    let claims = verify(&payload).unwrap();
    assert_eq!(
        (claims.nbf, claims.iat, claims.exp),
        (Some(NOW - 10), Some(NOW - 10), Some(NOW + 600))
    );
    let expired = format!(r#"{{"iss":"{KEY}","exp":{}.5e0}}"#, NOW - 61);
    assert_eq!(verify(&expired), Err(VerifyError::Expired));
}

#[test]
fn unknown_claims_hold_the_numbers_serde_json_reads() {
    let payload = format!(
        r#"{{"iss":"{KEY}","sub":"u","exp":{},"extra":{{"x":1.5,"big":1e400,"neg":-0,"list":[2.5,1e-7,123456789012345678901234567890]}},"video":{{"roomJoin":true,"room":"r","future":2.50}}}}"#,
        NOW + 600
    );
    let claims = verify(&payload).unwrap();
    let read: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(claims.extra["extra"], read["extra"]);
    let video = claims.video.unwrap();
    assert_eq!(video.extra["future"], read["video"]["future"]);
    assert_eq!(video.extra["future"].to_string(), "2.50");
}

#[test]
fn room_configuration_integers_are_still_integers_only() {
    for number in ["5.0", "5e0", "-0", "50e-1"] {
        let payload = format!(
            r#"{{"iss":"{KEY}","sub":"u","exp":{},"roomConfig":{{"emptyTimeout":{number}}}}}"#,
            NOW + 600
        );
        assert_eq!(
            verify(&payload),
            Err(VerifyError::InvalidClaim("roomConfig")),
            "{number}"
        );
    }
}

/// A token can hold serde_json's private number member itself. Holding an integer's text,
/// which serde_json never hands over that way, it stays an object, as the server reads it,
/// and a date that is an object is refused. (Holding a fraction's text, it cannot be told
/// from a number, and reads as serde_json's own `Value` reads it in this build.)
#[test]
fn an_object_shaped_like_a_number_is_not_an_integer_date() {
    for text in [
        format!("{}", NOW + 600),
        "-5".to_owned(),
        u64::MAX.to_string(),
        "-0".to_owned(),
        "05".to_owned(),
    ] {
        let payload = format!(
            r#"{{"iss":"{KEY}","sub":"u","exp":{{"$serde_json::private::Number":"{text}"}}}}"#
        );
        let refused = if text == "-0" {
            // `-0` comes as a map: the number -0, an expired date.
            VerifyError::Expired
        } else {
            VerifyError::InvalidClaim("exp")
        };
        assert_eq!(verify(&payload), Err(refused), "{payload}");
    }
}

/// Only a map of serde_json's one private member can stand for a number: next to another
/// member, that member is a name the token holds, and the object stays as it was written.
#[test]
fn an_object_with_the_number_member_and_another_stays_an_object() {
    let payload = format!(
        r#"{{"iss":"{KEY}","sub":"u","exp":{},"custom":{{"$serde_json::private::Number":"0.5","x":1}}}}"#,
        NOW + 600
    );
    let claims = verify(&payload).unwrap();
    assert_eq!(
        claims.extra["custom"],
        serde_json::json!({"$serde_json::private::Number": "0.5", "x": 1})
    );
}

//! The verifier's rules of `SECURITY.md`, against hostile input: one or more tests per
//! rule, each named after its id (`m01_…`); `.ci/check-security-rules` fails when a test
//! the file names is missing. Where this crate refuses what the LiveKit server accepts
//! (the list at the top of `SECURITY.md`), the test says why.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use livekit_access_token::*;
use serde_json::{Value, json};

#[path = "../common/mod.rs"]
mod common;
use common::{API_KEY as KEY, NOW, SECRET, creds, verifier};
#[path = "../common/temp_dir.rs"]
mod temp_dir;
use temp_dir::TempDir;

mod claims;
mod encoding;
mod header;
mod keys;
mod secrets;
mod signature;
mod size;
mod times;

/// Every verification in this file goes through both of the verifier's readers: the fast
/// path (tokens of the usual shape) must return exactly what the strict path alone
/// returns, the same claims or the same error, on every hostile input here.
trait VerifyBoth {
    fn verify_both(&self, token: &str) -> Result<Claims, VerifyError>;
}

impl VerifyBoth for TokenVerifier {
    fn verify_both(&self, token: &str) -> Result<Claims, VerifyError> {
        let verified = self.verify(token);
        assert_eq!(
            verified,
            __private::verify_strict(self, token),
            "the fast path and the strict path disagree"
        );
        verified
    }
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn mac(alg: Algorithm, secret: &[u8], message: &str) -> String {
    jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(secret).unwrap(),
        alg,
    )
    .unwrap()
}

/// Signs arbitrary header and payload text, so hostile shapes get past the MAC.
fn signed_with(header: &str, payload: &str, secret: &[u8]) -> String {
    common::sign_raw(header, payload, secret)
}

fn signed(header: &str, payload: &str) -> String {
    signed_with(header, payload, SECRET.as_bytes())
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn claims(extra: Value) -> String {
    let mut base = json!({"iss": KEY, "sub": "u", "nbf": NOW, "exp": NOW + 600, "video": {"roomJoin": true, "room": "r"}});
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            if v.is_null() {
                b.remove(&k);
            } else {
                b.insert(k, v);
            }
        }
    }
    base.to_string()
}

/// A clock that cannot say what time it is (before the Unix epoch).
struct BeforeEpoch;
impl Clock for BeforeEpoch {
    fn now_unix_secs(&self) -> Option<u64> {
        None
    }
}

fn good() -> String {
    signed(HEADER, &claims(json!({})))
}

fn err(token: &str) -> VerifyError {
    match verifier().verify_both(token) {
        Err(e) => e,
        Ok(c) => panic!("accepted a hostile token: {c:?}"),
    }
}

fn malformed(token: &str) -> Option<Malformed> {
    match err(token) {
        VerifyError::Malformed(m) => Some(m),
        _ => None,
    }
}

#[test]
fn baseline_good_token_verifies() {
    let c = verifier().verify_both(&good()).unwrap();
    assert_eq!(c.identity(), Some("u"));
}

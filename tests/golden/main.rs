//! Golden payloads: the exact JSON (keys, order, types) of representative tokens minted
//! at a fixed clock, each decoded and signature-checked with jsonwebtoken's own decoder.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use livekit_access_token::*;
use serde_json::{Value, json};

#[path = "../common/mod.rs"]
mod common;

const SECRET: &str = "golden-secret-0123456789abcdef-32b";
const NOW: u64 = 1_700_000_000;

mod other_claims;
mod same_token;
mod video;

fn creds() -> Credentials {
    Credentials::new("APIgolden", SECRET).unwrap()
}

/// Checks header and signature with jsonwebtoken, then returns the raw payload text.
fn payload(jwt: &str) -> String {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // the fixed clock is in the past
    validation.set_required_spec_claims(&["exp", "iss", "nbf"]);
    validation.set_issuer(&["APIgolden"]);
    let key = DecodingKey::from_secret(SECRET.as_bytes()).unwrap();
    let data = jsonwebtoken::decode::<Value>(jwt, &key, &validation)
        .expect("jsonwebtoken accepts the token");
    assert_eq!(data.header.alg, Algorithm::HS256);
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    let parts: Vec<&str> = jwt.split('.').collect();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT"}),
        "header has exactly alg and typ"
    );
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&raw).unwrap(), data.claims);
    raw
}

fn mint<I, J, R, A, C: std::borrow::Borrow<Credentials>>(
    token: AccessToken<I, J, R, A, C>,
) -> String
where
    I: state::IdentityForJoin<J>,
    R: state::RoomForJoin<J> + state::RoomForAdmin<A>,
{
    payload(&token.to_jwt_with_clock(&FixedClock(NOW)).unwrap())
}

/// The golden tokens are built the usual way, on borrowed credentials; the test
/// `borrowed_credentials_mint_the_same_token` holds the owned way to the same bytes.
fn token() -> AccessToken<
    state::NoIdentity,
    state::NoJoin,
    state::NoRoom,
    state::NoAdmin,
    &'static Credentials,
> {
    static CREDENTIALS: std::sync::LazyLock<Credentials> = std::sync::LazyLock::new(creds);
    AccessToken::with_credentials(&CREDENTIALS)
}

//! K03: another crate installed jsonwebtoken's process-wide crypto provider before this
//! crate's first use. Minting must still work (and verify), never panic. Its own test
//! binary, because the provider can be installed once per process.

use jsonwebtoken::crypto::{CryptoProvider, rust_crypto};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use livekit_access_token::{AccessToken, VideoGrant};

#[test]
fn k03_mints_when_another_crate_installed_a_provider_first() {
    assert!(CryptoProvider::install_default(&rust_crypto::DEFAULT_PROVIDER).is_ok());
    let secret = "another-crate-was-first-0123456789ab";
    let jwt = AccessToken::with_api_key("APIk", secret)
        .unwrap()
        .add_identity("u")
        .add_grants(VideoGrant::new().room_join().room("r"))
        .to_jwt()
        .unwrap();
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&["APIk"]);
    let data = jsonwebtoken::decode::<serde_json::Value>(
        &jwt,
        &DecodingKey::from_secret(secret.as_bytes()),
        &v,
    )
    .unwrap();
    assert_eq!(data.claims["sub"], "u");
}

//! Tokens from the official SDKs' own test suites, decoded here with nothing lost.

use super::semantics::server_view;
use super::*;

#[test]
fn golden_tokens_from_the_official_test_suites_decode() {
    let fixtures: Value = serde_json::from_str(include_str!("../fixtures/golden_tokens.json"))
        .expect("fixtures/golden_tokens.json");
    for fixture in fixtures.as_array().expect("array") {
        let jwt = fixture["token"].as_str().expect("token");
        let secret = fixture["secret"].as_str().expect("secret");
        let mut v = Validation::new(Algorithm::HS256);
        v.validate_exp = false; // the protocol vector expired in 2020; time is checked by the verifier tests
        v.set_required_spec_claims(&["exp"]);
        let data = jsonwebtoken::decode::<Value>(
            jwt,
            &DecodingKey::from_secret(secret.as_bytes()).unwrap(),
            &v,
        )
        .unwrap_or_else(|e| panic!("{}: signature: {e}", fixture["source"]));
        let claims: Claims = serde_json::from_value(data.claims.clone())
            .unwrap_or_else(|e| panic!("{}: Claims: {e}", fixture["source"]));
        assert_eq!(
            claims.iss.as_deref(),
            fixture["iss"].as_str(),
            "{}",
            fixture["source"]
        );
        assert_eq!(
            claims.identity(),
            fixture["identity"].as_str(),
            "{}",
            fixture["source"]
        );
        assert_eq!(claims.exp, fixture["exp"].as_u64());
        // Nothing lost: re-serialising gives the same server reading, unknown keys kept.
        let back = serde_json::to_value(&claims).expect("serialise");
        assert_eq!(
            server_view(&back),
            server_view(&data.claims),
            "{}",
            fixture["source"]
        );
        for key in fixture["extra_keys"].as_array().expect("extra_keys") {
            let key = key.as_str().expect("key");
            assert!(
                claims.extra.contains_key(key),
                "{}: unknown key {key} kept",
                fixture["source"]
            );
        }
    }
}

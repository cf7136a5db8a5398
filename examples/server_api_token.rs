//! A token for calling LiveKit's server APIs (create / list / record rooms, manage
//! ingress and SIP). It joins no room, so it needs no identity, and it is short-lived.
//!
//! Run: `cargo run --example server_api_token` (signed with the dev server's keys)

use std::time::Duration;

use livekit_access_token::{AccessToken, Credentials, SipGrant, TokenVerifier, VideoGrant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The dev server's keys (`livekit-server --dev`). In production, `Credentials::from_env()?`
    // (or `from_key_file`), which refuses a secret this short.
    let credentials = Credentials::new_allowing_insecure_short_secret("devkey", "secret")?;

    let jwt = AccessToken::with_credentials(&credentials)
        .add_ttl(Duration::from_secs(10 * 60))
        .add_grants(
            VideoGrant::new()
                .room_create(true)
                .room_list(true)
                .room_record(true)
                .ingress_admin(true),
        )
        .add_sip_grants(SipGrant::new().admin(true))
        .to_jwt()?;

    let claims = TokenVerifier::new(&credentials).verify(&jwt)?;
    assert!(claims.sub.is_none(), "a server token has no identity");
    println!("Authorization: Bearer {jwt}");
    eprintln!("{}", serde_json::to_string_pretty(&claims)?);
    Ok(())
}

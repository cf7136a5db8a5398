//! A token for calling LiveKit's server APIs (create / list / record rooms, manage
//! ingress and SIP). It joins no room, so it needs no identity, and it is short-lived.
//!
//! Run: `cargo run --example server_api_token` (dev-server keys unless `LIVEKIT_API_KEY`,
//! `LIVEKIT_API_SECRET` or `LIVEKIT_KEYS` is set)

use std::process::ExitCode;
use std::time::Duration;

use livekit_access_token::{AccessToken, Credentials, SipGrant, TokenVerifier, VideoGrant};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let configured = ["LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_KEYS"]
        .iter()
        .any(|var| std::env::var_os(var).is_some());
    let credentials = if configured {
        // A weak, missing or malformed secret is an error, never a reason to fall back.
        Credentials::from_env()?
    } else {
        eprintln!("LIVEKIT_API_KEY is not set: using the dev server's insecure devkey/secret");
        Credentials::new_allowing_insecure_short_secret("devkey", "secret")?
    };

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

// Allowed: enum values that arrive as strings are parsed, with a typed error.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kind: ParticipantKind = "agent".parse()?;
    let source: TrackSource = "screen_share".parse()?;
    let _jwt = AccessToken::with_credentials(&creds())
        .add_kind(kind)
        .add_grants(VideoGrant::new().can_publish_sources([source]))
        .to_jwt()?;
    Ok(())
}

// Allowed: track sources and kind details from a list the caller keeps (`&allowed`,
// `allowed.iter()`), as well as by value.
use livekit_access_token::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
    let allowed = vec![TrackSource::Camera, TrackSource::Microphone];
    let details = [KindDetail::CloudAgent];
    let mint = |grant: VideoGrant<_, _, _>| {
        AccessToken::with_credentials(&creds)
            .add_identity("u")
            .add_kind(&ParticipantKind::Agent)
            .add_kind_details(details.iter())
            .add_grants(grant.room_join().room("r"))
            .to_jwt_with_clock(&FixedClock(1_700_000_000))
    };
    let by_value = mint(VideoGrant::new().can_publish_sources(allowed.clone()))?;
    assert_eq!(mint(VideoGrant::new().can_publish_sources(&allowed))?, by_value);
    assert_eq!(mint(VideoGrant::new().can_publish_sources(allowed.iter()))?, by_value);
    Ok(())
}

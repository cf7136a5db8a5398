//! The conveniences around the runtime path. Unknown enumerated strings are refused on
//! the runtime path.

use livekit_access_token::*;

mod common;
use common::{NOW, creds, verifier};

#[test]
fn an_unknown_track_source_is_refused_on_the_runtime_path_with_the_known_ones() {
    let mut video = VideoClaims::new();
    video.can_publish_sources = Some(vec!["camera".into(), "camra".into()]);
    let err = RuntimeCheckedToken::new(&creds())
        .add_grants(video.clone())
        .to_jwt_checked()
        .unwrap_err();
    assert_eq!(err.field(), Field::Video);
    let message = err.to_string();
    assert!(
        message.contains(r#""camra" is not a track source: use one of camera, microphone, screen_share, screen_share_audio"#),
        "{message}"
    );
    // Case does not matter to the server, which upper-cases them; the list is written as given.
    video.can_publish_sources = Some(vec!["CAMERA".into(), "screen_share".into()]);
    let jwt = RuntimeCheckedToken::new(&creds())
        .add_grants(video)
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let sources = verifier()
        .verify(&jwt)
        .unwrap()
        .video
        .unwrap()
        .can_publish_sources;
    assert_eq!(sources, Some(vec!["CAMERA".into(), "screen_share".into()]));
}

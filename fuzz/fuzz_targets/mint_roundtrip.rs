//! Arbitrary grants (a `video` object read from the input as JSON, and an identity):
//! whatever mints must verify, and come back exactly as it went in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_access_token::{FixedClock, RuntimeCheckedToken, TrackSource, VideoClaims};

mod common;
use common::{NOW, credentials, verifier};

fuzz_target!(|data: &[u8]| {
    let (identity, video) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b"fuzz-user"[..], data),
    };
    let Ok(video) = serde_json::from_slice::<VideoClaims>(video) else {
        return;
    };
    let identity = String::from_utf8_lossy(identity).into_owned();
    // Members this crate does not know are minted as given when allowed: fuzz that path.
    let minted = RuntimeCheckedToken::new(credentials())
        .allow_unknown_members()
        .set_identity(identity.clone())
        .add_grants(video.clone())
        .to_jwt_checked_with_clock(&FixedClock(NOW));
    let Ok(jwt) = minted else {
        return;
    };
    let claims = verifier().verify(&jwt).expect("a minted token verifies");
    assert_eq!(claims.sub.as_deref(), Some(identity.as_str()));
    let back = claims.video.unwrap_or_default();
    // The runtime path writes what the server reads: an empty room or destination room is
    // none, and a track source is spelt as the server matches it.
    let mut expected = video;
    expected.room = expected.room.filter(|room| !room.is_empty());
    expected.destination_room = expected.destination_room.filter(|room| !room.is_empty());
    for source in expected.can_publish_sources.iter_mut().flatten() {
        let known: TrackSource = source.parse().expect("minted, so a known source");
        *source = known.as_str().to_owned();
    }
    // Default-false flags set to false are not written; everything else round-trips.
    let written = serde_json::to_value(&expected).expect("serialise");
    assert_eq!(serde_json::to_value(&back).expect("serialise"), written);
});

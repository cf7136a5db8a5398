//! Arbitrary grants (a `video` object read from the input as JSON, and an identity):
//! whatever mints must verify, and come back exactly as it went in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_access_token::{FixedClock, RuntimeCheckedToken, VideoClaims};

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
    let minted = RuntimeCheckedToken::new(credentials())
        .set_identity(identity.clone())
        .add_grants(video.clone())
        .to_jwt_checked_with_clock(&FixedClock(NOW));
    let Ok(jwt) = minted else {
        return;
    };
    let claims = verifier().verify(&jwt).expect("a minted token verifies");
    assert_eq!(claims.sub.as_deref(), Some(identity.as_str()));
    let back = claims.video.unwrap_or_default();
    // Default-false flags set to false are not written; everything else round-trips.
    let written = serde_json::to_value(&video).expect("serialise");
    assert_eq!(serde_json::to_value(&back).expect("serialise"), written);
});

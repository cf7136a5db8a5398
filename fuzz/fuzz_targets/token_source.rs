//! Arbitrary token-endpoint request bodies, under a closed policy and an open one. Never
//! panics; whatever a policy lets through mints a token that verifies and carries what the
//! request asked for; the closed policy lets nothing a client chose through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_access_token::{FixedClock, TokenSourcePolicy, TokenSourceRequest};

mod common;
use common::{NOW, credentials, verifier};
// The tests' open policy, so the fuzzer holds the same policy the tests do.
#[path = "../../tests/common/open_policy.rs"]
mod open_policy;
use open_policy::open_policy;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = TokenSourceRequest::from_json(data) else {
        return;
    };
    let open = open_policy();
    let closed = TokenSourcePolicy::new();
    for (policy, is_open) in [(&open, true), (&closed, false)] {
        let Ok(permitted) = policy.check(request.clone()) else {
            continue;
        };
        if !is_open {
            // Only generated names, nothing the client asked for.
            assert!(request.participant_name.is_none() || permitted.name().is_none());
            assert!(
                permitted.room_config().is_none(),
                "the closed policy let a room config through"
            );
        }
        let (identity, room) = (permitted.identity().to_owned(), permitted.room().to_owned());
        let Ok(jwt) = permitted
            .into_token(credentials())
            .to_jwt_checked_with_clock(&FixedClock(NOW))
        else {
            // Values over the server's limits are refused when minted, never panicked on.
            continue;
        };
        let claims = verifier().verify(&jwt).expect("a minted token verifies");
        assert_eq!(claims.sub.as_deref(), Some(identity.as_str()));
        let video = claims.video.expect("a join token has a video grant");
        assert_eq!(video.room.as_deref(), Some(room.as_str()));
        assert_eq!(video.room_join, Some(true));
        assert_eq!(video.room_admin, None, "a client never gets room admin");
    }
});

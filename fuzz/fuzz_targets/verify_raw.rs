//! Arbitrary text as a token: the verifier and the untrusted decoder refuse it or accept
//! it, and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_access_token::dangerous;

mod common;
use common::verifier;

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = std::str::from_utf8(data) {
        let verified = verifier().verify(token);
        let untrusted = dangerous::decode_untrusted(token);
        // Whatever verifies must also decode structurally, to the same claims.
        if let Ok(claims) = verified {
            let untrusted = untrusted.expect("what verifies also decodes");
            assert_eq!(untrusted.untrusted_claims(), &claims);
        }
    }
});

//! Arbitrary text as a token: the verifier and the untrusted decoder refuse it or accept
//! it, and never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use livekit_access_token::{Credentials, FixedClock, TokenVerifier, dangerous};

fn verifier() -> &'static TokenVerifier {
    static V: OnceLock<TokenVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let creds = Credentials::new("APIfuzz", "fuzz-secret-0123456789abcdef0123456")
            .expect("fixed credentials");
        TokenVerifier::new(&creds).with_clock(FixedClock(1_700_000_000))
    })
}

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

//! What the targets share: the one key and secret every fuzzed token is signed with, so a
//! target that signs and a target that verifies can never drift apart.
// Each target is its own binary and uses only part of this module.
#![allow(dead_code)]

use std::sync::OnceLock;

use livekit_access_token::{Credentials, FixedClock, TokenVerifier};

/// The API key (`iss`) of every fuzzed token.
pub const API_KEY: &str = "APIfuzz";

/// The secret every fuzzed token is signed with (32 bytes or more, so no opt-in needed).
pub const SECRET: &str = "fuzz-secret-0123456789abcdef0123456";

/// The time every target mints and verifies at.
pub const NOW: u64 = 1_700_000_000;

/// The credentials built from [`API_KEY`] and [`SECRET`], once per process.
pub fn credentials() -> &'static Credentials {
    static C: OnceLock<Credentials> = OnceLock::new();
    C.get_or_init(|| Credentials::new(API_KEY, SECRET).expect("fixed credentials"))
}

/// A verifier for [`credentials`] at [`NOW`], once per process.
pub fn verifier() -> &'static TokenVerifier {
    static V: OnceLock<TokenVerifier> = OnceLock::new();
    V.get_or_init(|| TokenVerifier::new(credentials()).with_clock(FixedClock(NOW)))
}

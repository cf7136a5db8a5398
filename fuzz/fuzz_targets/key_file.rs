//! Arbitrary key-list text (the server's `key: secret` file and `LIVEKIT_KEYS`): parsed or
//! refused, never a panic, and a list that parses to nothing holds only blanks and comments.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_access_token::{Credentials, KeyRing};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(ring) = KeyRing::from_keys_str(text) {
        // Past the byte order mark that YAML, and so the parser, drops.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        assert!(
            !ring.is_empty()
                || body
                    .lines()
                    .all(|l| l.trim().is_empty() || l.trim().starts_with('#'))
        );
    }
    let _ = KeyRing::from_keys_str_allowing_insecure_short_secrets(text);
    if let Ok(creds) = Credentials::from_keys_str(text, "APIfuzz") {
        assert_eq!(creds.api_key(), "APIfuzz");
    }
});

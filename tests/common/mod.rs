//! What the integration tests share: one set of credentials and a clock, a verifier on
//! them, a raw HS256 signer (jsonwebtoken, the reference) for hand-made tokens, and the
//! repository's root. Each test binary uses part of it.
#![allow(dead_code)]

use std::path::Path;

use livekit_access_token::{Credentials, FixedClock, TokenVerifier};

/// The API key of the shared credentials.
pub const API_KEY: &str = "APItest";

/// The shared secret, a canary: tests that look for leaks search for "CANARY".
pub const SECRET: &str = "CANARY-test-secret-0123456789abcdef";

/// The top-level grants besides `video`, by JSON key: what a full token carries, what the
/// interop comparison reads as protobuf messages, what the fast-path property draws.
pub const OTHER_GRANTS: [&str; 6] = [
    "sip",
    "agent",
    "agentEndpoint",
    "agentThread",
    "inference",
    "observability",
];

/// The instant every test mints and verifies at, unless it says otherwise.
pub const NOW: u64 = 1_700_000_000;

/// Credentials from [`API_KEY`] and [`SECRET`].
pub fn creds() -> Credentials {
    Credentials::new(API_KEY, SECRET).expect("the shared test credentials are valid")
}

/// A verifier for [`creds`] at [`NOW`].
pub fn verifier() -> TokenVerifier {
    TokenVerifier::new(&creds()).with_clock(FixedClock(NOW))
}

/// `header.payload.signature` for any header and payload text, HS256-signed with `secret`
/// by the reference implementation: tokens no minter would write, past the MAC check. The
/// reference refuses an empty secret (since jsonwebtoken 12), which an attacker may still
/// sign with: that one is signed with `hmac` directly.
pub fn sign_raw(header: &str, payload: &str, secret: &[u8]) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = match jsonwebtoken::EncodingKey::from_secret(secret) {
        Ok(key) => {
            jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
                .expect("HS256 signs any input")
        }
        Err(refused) => {
            use hmac::{KeyInit, Mac};
            assert!(secret.is_empty(), "the reference refused a key: {refused}");
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret)
                .expect("HMAC takes keys of any length");
            mac.update(input.as_bytes());
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        }
    };
    format!("{input}.{signature}")
}

/// The repository's root directory (this package lives in `tests/`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
}

/// The library's source files under `src/` (not the command-line tool's, `src/bin/`), as
/// (path inside `src/`, code without the unit tests, which come last in a file).
pub fn library_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, src: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    walk(&path, src, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a source file");
                let code = text.split("#[cfg(test)]\n").next().unwrap_or_default();
                let inside = path.strip_prefix(src).expect("under src");
                out.push((inside.display().to_string(), code.to_owned()));
            }
        }
    }
    let src = repo_root().join("src");
    let mut out = Vec::new();
    walk(&src, &src, &mut out);
    out
}

/// The largest count below `over` that `fits` accepts, where `fits(0)` holds and `fits`
/// holds for every count up to the answer and none past it: how a test finds a limit's
/// exact boundary.
pub fn largest_fitting(over: usize, fits: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, over);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        *(if fits(mid) { &mut low } else { &mut high }) = mid;
    }
    low
}

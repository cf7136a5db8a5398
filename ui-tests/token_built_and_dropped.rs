// Prevented: building a token and forgetting to mint it.
// AccessToken is #[must_use]; with unused_must_use denied this is an error.
// rustc's help below (`let _ = ...`) only silences it, and mints nothing: call `.to_jwt()`.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

#[deny(unused_must_use)]
fn main() {
    AccessToken::with_credentials(&creds()).add_identity("forgotten");
}
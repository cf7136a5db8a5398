// Prevented: setting the identity a second time.
// A token carries at most one identity; a silent overwrite would hide a bug.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds())
        .add_identity("alice")
        .add_identity("bob");
}
// Prevented: minting the same token builder twice.
// to_jwt() consumes the token, so every JWT comes from one deliberate build.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let creds = creds();
    let token = AccessToken::with_credentials(&creds).add_identity("user123");
    let _first = token.to_jwt();
    let _second = token.to_jwt();
}
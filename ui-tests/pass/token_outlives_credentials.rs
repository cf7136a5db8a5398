// Allowed: a token kept past the credentials it was built from, when it owns a handle on them
// (`with_owned_credentials`).
use livekit_access_token::*;

fn main() {
    let token = {
        let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
        AccessToken::with_owned_credentials(creds.clone())
    };
    let _jwt = token.add_identity("alice").to_jwt();
}

// Prevented: a token kept past the credentials it borrows (`with_credentials(&creds)`); the message is rustc's.
// Instead: `AccessToken::with_owned_credentials(creds.clone())` gives the token a handle of its own.
use livekit_access_token::*;

fn main() {
    let token = {
        let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
        AccessToken::with_credentials(&creds)
    };
    let _jwt = token.add_identity("alice").to_jwt();
}

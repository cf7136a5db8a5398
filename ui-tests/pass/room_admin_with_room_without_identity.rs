// Allowed: room admin of a named room; a server-side admin token needs no identity.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_admin().room("my-room"))
        .to_jwt();
}

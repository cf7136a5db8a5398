// Allowed: the grant first, the identity last.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room("my-room").room_join())
        .add_name("John Doe")
        .add_identity("user123")
        .to_jwt();
}

// Allowed: identity, then a grant that joins and names the room.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_identity("user123")
        .add_grants(VideoGrant::new().room_join().room("my-room"))
        .to_jwt();
}

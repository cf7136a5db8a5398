// Allowed: join in one grant, the room name in another; the token merges them.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_join())
        .add_identity("user123")
        .add_grants(VideoGrant::new().room("my-room").can_subscribe(true))
        .to_jwt();
}

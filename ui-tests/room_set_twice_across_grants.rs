// Prevented: two grants that each name a room, merged into one token.
// Merging would silently keep only one of the rooms.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds())
        .add_identity("user123")
        .add_grants(VideoGrant::new().room_join().room("a"))
        .add_grants(VideoGrant::new().can_publish(true).room("b"));
}
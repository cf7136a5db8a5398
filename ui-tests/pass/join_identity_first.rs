// Allowed: identity, then a grant that joins and names the room.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_identity("user123")
        .add_name("John Doe")
        .add_ttl(3600)
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("my-room")
                .can_publish(true),
        )
        .to_jwt();
}

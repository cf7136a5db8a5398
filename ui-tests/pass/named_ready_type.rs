// Allowed: naming the ready-to-mint type in a function signature.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}


fn join_token(creds: &Credentials, who: &str, room: &str) -> RoomJoinToken {
    AccessToken::with_credentials(creds)
        .add_identity(who)
        .add_grants(VideoGrant::new().room_join().room(room))
}

fn main() {
    let _jwt = join_token(&creds(), "user123", "my-room").add_ttl(60).to_jwt();
}

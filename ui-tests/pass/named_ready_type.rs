// Allowed: naming the ready-to-mint type in a function signature, for a token that owns
// its credentials and for one that borrows them.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn join_token(creds: &Credentials, who: &str, room: &str) -> RoomJoinToken {
    AccessToken::with_owned_credentials(creds.clone())
        .add_identity(who)
        .add_grants(VideoGrant::new().room_join().room(room))
}

fn borrowed_join_token<'a>(
    creds: &'a Credentials,
    who: &str,
    room: &str,
) -> RoomJoinToken<state::NoAdmin, &'a Credentials> {
    AccessToken::with_credentials(creds)
        .add_identity(who)
        .add_grants(VideoGrant::new().room_join().room(room))
}

fn main() {
    let creds = creds();
    let _jwt = join_token(&creds, "user123", "my-room")
        .add_ttl(60)
        .to_jwt();
    let _jwt = borrowed_join_token(&creds, "user123", "my-room")
        .add_ttl(60)
        .to_jwt();
}

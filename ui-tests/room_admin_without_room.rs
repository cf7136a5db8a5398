// Prevented: a room-admin grant that names no room.
// The server honours roomAdmin only for the room named in the token.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_admin())
        .to_jwt();
}
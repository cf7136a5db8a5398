// Prevented: room admin with a destination room but no room name.
// destinationRoom needs roomAdmin, and roomAdmin needs the room it administers.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_admin().destination_room("b"))
        .to_jwt();
}
// Prevented: `.room_join(false)`, written as livekit-api's `room_join: false`, meaning a
// token that joins no room. The method takes no flag; a token that joins no room leaves
// the call out. rustc's help ("remove the extra argument") would make it join, and then
// ask for an identity and a room: the notes say to leave the call out instead.
use livekit_access_token::*;

fn main() {
    let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
    let _jwt = AccessToken::with_credentials(&creds)
        .add_grants(VideoGrant::new().room_join(false).room_create(true))
        .to_jwt();
}

// Allowed: identities and room names as literals, checked at compile time, in a crate
// that forbids dead code (the macros allow no lint).
#![forbid(dead_code)]
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_identity(identity!("front-desk"))
        .add_grants(VideoGrant::new().room_join().room(room!("lobby")))
        .to_jwt();
}

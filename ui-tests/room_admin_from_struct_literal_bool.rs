// Prevented: switching room admin on with a bool in a struct literal.
// Room admin is a type state; only `.room_admin()` sets it.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}


fn main() {
    let _grant = VideoGrant { room_admin: true, ..VideoGrant::new() };
}
// Prevented: switching room admin on with a bool in a struct literal.
// Room admin is a type state; only `.room_admin()` sets it.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant { room_admin: true, ..VideoGrant::new() };
}
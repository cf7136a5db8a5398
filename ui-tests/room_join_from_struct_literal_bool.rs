// Prevented: switching room join on with a runtime bool in a struct literal.
// Room join is a type state; only `.room_join()` sets it.
use livekit_access_token::*;

fn main() {
    let wants_join = std::env::args().count() > 1;
    let _grant = VideoGrant { room_join: wants_join, ..VideoGrant::new() };
}
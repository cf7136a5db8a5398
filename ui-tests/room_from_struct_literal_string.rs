// Prevented: naming the room with a string in a struct literal.
// The room name is a type state; only `.room(..)` sets it.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant { room: "my-room", ..VideoGrant::new() };
}
// Prevented: naming the room twice on one grant.
// A grant names at most one room.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant::new().room_join().room("a").room("b");
}
// Prevented: a second destination room on the same grant.
// The later call would silently replace the first, forwarding participants to the wrong room.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant::new()
        .room_admin()
        .room("a")
        .destination_room("b")
        .destination_room("c");
}

// Prevented: a destination room on a grant that is not room admin.
// Forwarding a participant needs room admin of the named room.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant::new().room("a").destination_room("b");
}
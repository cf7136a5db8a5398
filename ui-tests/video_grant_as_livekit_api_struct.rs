// Prevented: a video grant written as the official `livekit-api` crate's `VideoGrants`
// literal, with `bool` and `String` fields, permissions and `..Default::default()`.
// Room join, room and admin are type states: `VideoGrant::new().room_join().room("my-room")`.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant {
        room_join: true,
        room: "my-room".to_string(),
        can_publish: true,
        ..Default::default()
    };
}

// Prevented: passing a room name that may be missing (`Option<String>`) to `.room(..)`.
// A room-join grant needs its room; handle `None` first, or use `RuntimeCheckedToken`.
use livekit_access_token::*;

fn main() {
    let room: Option<String> = std::env::var("ROOM").ok();
    let _grant = VideoGrant::new().room_join().room(room);
}

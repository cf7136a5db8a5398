// Prevented: passing a runtime flag to `.room_admin()`, as another crate's `room_admin(bool)`.
// The method takes no argument; to decide at run time use RuntimeCheckedToken.
// Do not follow rustc's help below ("remove the extra argument"): the grant would then
// administer the room whatever the flag says.
use livekit_access_token::*;

fn main() {
    let is_admin = std::env::args().count() > 1;
    let _grant = VideoGrant::new().room("my-room").room_admin(is_admin);
}

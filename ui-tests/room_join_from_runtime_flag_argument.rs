// Prevented: passing a runtime flag to `.room_join()`.
// The method takes no argument; to decide at run time use RuntimeCheckedToken.
use livekit_access_token::*;

fn main() {
    let wants_join = std::env::args().count() > 1;
    let _grant = VideoGrant::new().room_join(wants_join);
}
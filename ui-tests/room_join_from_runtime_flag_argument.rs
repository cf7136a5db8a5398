// Prevented: passing a runtime flag to `.room_join()`.
// The method takes no argument; to decide at run time use RuntimeCheckedToken.
// Do not follow rustc's help below ("remove the extra argument"): the grant would then join
// whatever the flag says.
use livekit_access_token::*;

fn main() {
    let wants_join = std::env::args().count() > 1;
    let _grant = VideoGrant::new().room_join(wants_join);
}
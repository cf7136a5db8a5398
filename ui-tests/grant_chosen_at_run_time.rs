// Prevented: a typed grant whose room admin depends on a runtime flag. Its states are fixed at compile time.
// Instead: decide at run time with `VideoClaims` and `RuntimeCheckedToken` (see pass/runtime_decisions.rs).
use livekit_access_token::*;

fn main() {
    let admin = std::env::args().count() > 1;
    let grant = VideoGrant::new().room("my-room");
    let _grant = if admin { grant.room_admin() } else { grant };
}

// Prevented: a downstream crate adding a type-state rule, here "no identity is fine for my join state".
// The rules are sealed; an outside impl could let `.to_jwt()` compile for a token LiveKit rejects.
// Reading the error: the `state::sealed::...` trait it names is private on purpose, so no code
// outside the crate can meet it; the states listed under each error are the only ones the rule
// is for. Use those states (through `AccessToken` and `VideoGrant`), not types of your own.
use livekit_access_token::state::*;

struct MyJoin;
struct MyIdentity;

impl IdentityForJoin<MyJoin> for NoIdentity {}
impl IdentityForJoin<Joins> for MyIdentity {}
impl RoomForJoin<MyJoin> for NoRoom {}
impl RoomForAdmin<MyJoin> for NoRoom {}
impl Union<MyJoin> for NoJoin {
    type Output = Joins;
}
impl RoomUnion<MyJoin> for HasRoom {
    type Output = HasRoom;
}
impl AdminUnion<MyJoin> for Admin {
    type Output = Admin;
}

fn main() {}

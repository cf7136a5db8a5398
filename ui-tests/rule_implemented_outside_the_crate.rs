// Prevented: a downstream crate adding a type-state rule, here "no identity is fine for my join state".
// The rules are sealed; an outside impl could let `.to_jwt()` compile for a token LiveKit rejects.
// Each rule below is refused, even between one of the crate's states and a type of yours
// (`Union<MyJoin> for NoJoin`); the list under each error names the only states it is for.
use livekit_access_token::state::*;

struct MyJoin;

impl IdentityForJoin<MyJoin> for NoIdentity {}
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

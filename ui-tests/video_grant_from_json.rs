// Prevented: reading a typed `VideoGrant` from JSON. Its room join, room and admin are type states, so it has no Deserialize.
// Instead: read a `VideoClaims` and mint it with `RuntimeCheckedToken`, which checks the same rules when it mints.
// serde's notes below (derive `Deserialize`, look for a `serde` feature) do not apply: there is none, on purpose.
use livekit_access_token::*;

fn main() {
    let _grant: VideoGrant = serde_json::from_str(r#"{"roomJoin": true, "room": "my-room"}"#).unwrap();
}

// Prevented: passing a runtime value to `identity!`, which checks string literals at compile time.
// A value known only at run time goes to `.add_identity(value)` directly, and `to_jwt()` checks it.
use livekit_access_token::*;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let _who = identity!(name);
}

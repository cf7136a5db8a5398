// Prevented: an empty identity written as a literal.
// `identity!` checks literals at compile time, so this never reaches `to_jwt()`.
use livekit_access_token::*;

fn main() {
    let _who = identity!("");
}

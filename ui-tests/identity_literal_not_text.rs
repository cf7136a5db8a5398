// Prevented: a literal that is not text given to `identity!` (or `room!`).
// An identity is text: `identity!("42")`.
use livekit_access_token::*;

fn main() {
    let _who = identity!(42);
}

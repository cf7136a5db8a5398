// Prevented: printing the API secret.
// ApiSecret has no Display; its Debug is redacted.
use livekit_access_token::*;

fn main() {
    let secret = ApiSecret::from("0123456789abcdef0123456789abcdef");
    println!("{}", secret);
}
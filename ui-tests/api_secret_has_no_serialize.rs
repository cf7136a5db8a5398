// Prevented: serializing the API secret into JSON, logs or a token.
// ApiSecret has no Serialize.
use livekit_access_token::*;

fn main() {
    let secret = ApiSecret::from("0123456789abcdef0123456789abcdef");
    let _json = serde_json::to_string(&secret);
}
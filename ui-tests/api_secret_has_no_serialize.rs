// Prevented: serializing the API secret into JSON, logs or a token.
// ApiSecret has no Serialize. Instead: write nothing secret; give the API key alone where one is needed.
// serde's notes below (derive `Serialize`, look for a `serde` feature) do not apply: there is none, on purpose.
use livekit_access_token::*;

fn main() {
    let secret = ApiSecret::from("0123456789abcdef0123456789abcdef");
    let _json = serde_json::to_string(&secret);
}
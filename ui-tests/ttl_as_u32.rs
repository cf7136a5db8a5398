// Prevented: a TTL held as a `u32`. A TTL is whole seconds as a `u64`, or a `Duration`.
// Widen it with `u64::from(ttl)`.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let ttl: u32 = 600;
    let _token = AccessToken::with_credentials(&creds()).add_ttl(ttl);
}

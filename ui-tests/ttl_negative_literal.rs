// Prevented: a negative TTL. A TTL is whole seconds as a `u64`, or a `Duration`; the message is rustc's.
// Instead: a positive number of seconds; a signed runtime value goes through `u64::try_from(..)` first.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds()).add_ttl(-60);
}

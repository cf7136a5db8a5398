// Prevented: passing an identity that may be missing (`Option<String>`) to `.add_identity(..)`.
// A room-join token needs an identity; handle `None` first, or use `RuntimeCheckedToken`.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let who: Option<String> = std::env::var("PARTICIPANT").ok();
    let _token = AccessToken::with_credentials(&creds()).add_identity(who);
}

// Prevented: a participant kind written as a string, where a typo would pass.
// add_kind takes a ParticipantKind.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds()).add_kind("agnet");
}
// Prevented: a room-join token with no participant identity.
// LiveKit rejects it at join time; here it does not compile.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_join().room("my-room"))
        .to_jwt();
}
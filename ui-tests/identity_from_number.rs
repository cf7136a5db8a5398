// Prevented: a numeric user id passed as the identity. An identity is text: pass
// `user_id.to_string()`.
use livekit_access_token::*;

fn main() {
    let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
    let user_id: u64 = 42;
    let _jwt = AccessToken::with_credentials(&creds)
        .add_identity(user_id)
        .add_grants(VideoGrant::new().room_join().room("my-room"))
        .to_jwt();
}

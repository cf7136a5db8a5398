// Allowed: room join decided at run time goes through RuntimeCheckedToken.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let mut video = VideoClaims::new();
    video.room_join = Some(std::env::args().count() > 0);
    video.room = Some("my-room".to_owned());
    let _jwt = RuntimeCheckedToken::new(&creds())
        .set_identity("user123")
        .add_grants(video)
        .to_jwt_checked();
}

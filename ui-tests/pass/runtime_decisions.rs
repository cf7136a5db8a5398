// Allowed: what is known only at run time (a grant, an identity that may be missing, a TTL read as
// a `u32`, a grant read from JSON) goes through `RuntimeCheckedToken`, or is settled before the typed path.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let admin = std::env::args().count() > 1;
    let who: Option<String> = std::env::var("PARTICIPANT").ok();
    let ttl: u32 = 600;

    // Room admin decided at run time: `VideoClaims` holds its flags as runtime values, and
    // the token's type does not change, so the identity can be set only when present.
    let mut video = VideoClaims::new();
    video.room = Some("my-room".to_owned());
    video.room_admin = Some(admin);
    let mut token = RuntimeCheckedToken::new(&creds())
        .add_grants(video)
        .set_ttl(u64::from(ttl));
    if let Some(who) = &who {
        token = token.set_identity(who);
    }
    let _jwt = token.to_jwt_checked();

    // A grant read from JSON is a `VideoClaims`; the rules are checked when it is minted.
    let video: VideoClaims =
        serde_json::from_str(r#"{"roomJoin": true, "room": "my-room"}"#).unwrap();
    let _jwt = RuntimeCheckedToken::new(&creds())
        .set_identity("user123")
        .add_grants(video)
        .to_jwt_checked();

    // The typed path, once the runtime values are settled: `None` handled, the TTL widened.
    let Some(who) = who else { return };
    let _jwt = AccessToken::with_credentials(&creds())
        .add_identity(who)
        .add_ttl(u64::from(ttl))
        .add_grants(VideoGrant::new().room_join().room("my-room"))
        .to_jwt();
}

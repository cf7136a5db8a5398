// Allowed: forwarding needs room admin of a named room, in any order.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(
            VideoGrant::new()
                .room_admin()
                .destination_room("target")
                .room("source"),
        )
        .to_jwt();
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(
            VideoGrant::new()
                .room("source")
                .room_admin()
                .destination_room("target"),
        )
        .to_jwt();
    // Across grants, once: room admin again after the destination room keeps it set.
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_admin().room("source"))
        .add_grants(
            VideoGrant::new()
                .room_admin()
                .destination_room("target")
                .room_admin(),
        )
        .add_grants(VideoGrant::new().room_admin())
        .to_jwt();
}

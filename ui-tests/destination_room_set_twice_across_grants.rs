// Prevented: two grants that each name a destination room, merged into one token.
// Merging would silently keep only the later one.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds())
        .add_grants(
            VideoGrant::new()
                .room_admin()
                .room("a")
                .destination_room("b"),
        )
        .add_grants(VideoGrant::new().room_admin().destination_room("c"));
}

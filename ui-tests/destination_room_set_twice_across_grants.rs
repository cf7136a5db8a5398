// Prevented: two grants that each name a destination room, merged into one token.
// Merging would silently keep only the later one.
use livekit_access_token::*;

fn main() {
    let _token = AccessToken::with_api_key("APIexample", "0123456789abcdef0123456789abcdef")
        .unwrap()
        .add_grants(
            VideoGrant::new()
                .room_admin()
                .room("a")
                .destination_room("b"),
        )
        .add_grants(VideoGrant::new().room_admin().destination_room("c"));
}

// Prevented: track sources written as strings, where a typo would pass.
// canPublishSources takes TrackSource values.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant::new().can_publish_sources(["camera", "micrphone"]);
}
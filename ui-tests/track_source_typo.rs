// Prevented: a misspelt track source.
// TrackSource is an enum, so the typo is a compile error.
use livekit_access_token::*;

fn main() {
    let _grant = VideoGrant::new().can_publish_sources([TrackSource::Camra]);
}
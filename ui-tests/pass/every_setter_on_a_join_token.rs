// Allowed: the participant and video setters, in an order that mixes them with the state changes.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_metadata("{\"plan\":\"pro\"}")
        .add_grants(VideoGrant::new().room_join())
        .add_attributes([("role", "doctor")])
        .add_kind(ParticipantKind::Agent)
        .add_kind_details([KindDetail::CloudAgent])
        .add_identity("agent-1")
        .add_room_config(RoomConfiguration::builder().max_participants(2u32).build())
        .add_room_preset("preset")
        .add_sha256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        .add_grants(
            VideoGrant::new()
                .room("consult-42")
                .can_publish_sources([TrackSource::Camera, TrackSource::Microphone])
                .can_update_own_metadata(true)
                .hidden(false),
        )
        .add_ttl(600)
        .add_name("Agent")
        .to_jwt();
}

//! Every top-level claim this crate can put in a token, each with some of its members,
//! printed as the payload the LiveKit server reads: a map of the API. Each grant's and the
//! room configuration's full list of members is on its type's page.
//!
//! Run: `cargo run --example every_grant`

use std::collections::BTreeMap;

use livekit_access_token::{
    AccessToken, AgentEndpointGrant, AgentGrant, AgentThreadGrant, Credentials, InferenceGrant,
    JobRestartPolicy, KindDetail, ObservabilityGrant, ParticipantKind, RoomAgentDispatch,
    RoomConfiguration, SipGrant, TokenVerifier, TrackSource, VideoGrant,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::new_allowing_insecure_short_secret("devkey", "secret")?;

    let room_config = RoomConfiguration::builder()
        .name("consult-42")
        .empty_timeout(300u32)
        .departure_timeout(20u32)
        .max_participants(3u32)
        .metadata(r#"{"clinic":"north"}"#)
        .min_playout_delay(0u32)
        .max_playout_delay(500u32)
        .sync_streams(true)
        .tags(BTreeMap::from([("tier".to_owned(), "gold".to_owned())]))
        .agents(vec![
            RoomAgentDispatch::builder()
                .agent_name("scribe")
                .metadata(r#"{"lang":"en"}"#)
                .restart_policy(JobRestartPolicy::OnFailure)
                .attributes(BTreeMap::from([("role".to_owned(), "scribe".to_owned())]))
                .build(),
        ])
        .build();

    let jwt = AccessToken::with_credentials(&credentials)
        .add_identity("dr-ada")
        .add_name("Dr. Ada")
        .add_ttl(1800)
        .add_metadata(r#"{"specialty":"cardiology"}"#)
        .add_attributes([("role", "doctor")])
        .add_kind(ParticipantKind::Standard)
        .add_kind_details([KindDetail::Forwarded])
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("consult-42")
                .room_admin()
                .destination_room("consult-43")
                .can_publish(true)
                .can_subscribe(true)
                .can_publish_data(true)
                .can_publish_sources([
                    TrackSource::Camera,
                    TrackSource::Microphone,
                    TrackSource::ScreenShare,
                ])
                .can_update_own_metadata(true)
                .can_subscribe_metrics(true)
                .can_manage_agent_session(true)
                .room_create(true)
                .room_list(true)
                .room_record(true)
                .ingress_admin(true)
                .hidden(false)
                .recorder(false)
                .agent(false),
        )
        .add_sip_grants(SipGrant::new().admin(true).call(true))
        .add_agent_grants(AgentGrant::new().admin(true).dispatch_admin(true))
        .add_agent_endpoint_grants(AgentEndpointGrant::new().call(true).agent_name("scribe"))
        .add_agent_thread_grants(AgentThreadGrant::new().scope("room").list(true).read(true))
        .add_inference_grants(InferenceGrant::new().perform(true))
        .add_observability_grants(ObservabilityGrant::new().write(true))
        .add_room_config(room_config)
        .add_room_preset("telehealth")
        .add_sha256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        .to_jwt()?;

    let claims = TokenVerifier::new(&credentials).verify(&jwt)?;
    println!("{}", serde_json::to_string_pretty(&claims)?);
    Ok(())
}

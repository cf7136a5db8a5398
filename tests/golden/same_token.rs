//! The same token by every route (runtime-checked builder, borrowed or owned credentials),
//! and no key the wire format does not name.

use std::collections::HashSet;

use super::*;

#[test]
fn golden_14_runtime_checked_path_mints_the_identical_token() {
    let typed = token()
        .add_identity("u")
        .add_name("n")
        .add_grants(VideoGrant::new().room_join().room("r").can_publish(true))
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let video: VideoClaims =
        serde_json::from_value(json!({"roomJoin": true, "room": "r", "canPublish": true})).unwrap();
    let runtime = RuntimeCheckedToken::new(&creds())
        .set_identity("u")
        .set_name("n")
        .add_grants(video)
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    assert_eq!(typed, runtime);
}

#[test]
fn every_minted_key_is_one_the_wire_format_names() {
    // Mint a token with everything set and check no key outside the wire format appears.
    let jwt = token()
        .add_identity("u")
        .add_name("n")
        .add_metadata("m")
        .add_attributes([("a", "b")])
        .add_kind(ParticipantKind::Sip)
        .add_kind_details([KindDetail::Forwarded])
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .room_admin()
                .destination_room("d")
                .room_create(true)
                .room_list(true)
                .room_record(true)
                .can_publish(true)
                .can_subscribe(true)
                .can_publish_data(true)
                .can_publish_sources([TrackSource::Camera])
                .can_update_own_metadata(true)
                .ingress_admin(true)
                .hidden(true)
                .recorder(true)
                .agent(true)
                .can_subscribe_metrics(true)
                .can_manage_agent_session(true),
        )
        .add_sip_grants(SipGrant::new().admin(true).call(true))
        .add_agent_grants(AgentGrant::new().admin(true))
        .add_agent_endpoint_grants(AgentEndpointGrant::new().call(true))
        .add_agent_thread_grants(AgentThreadGrant::new().all(true))
        .add_inference_grants(InferenceGrant::new().perform(true))
        .add_observability_grants(ObservabilityGrant::new().write(true))
        .add_room_config(RoomConfiguration::builder().name("r").build())
        .add_room_preset("p")
        .add_sha256("h")
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let claims: Value = serde_json::from_str(&payload(&jwt)).unwrap();
    let top = keys(&claims);
    let expected: HashSet<&str> = [
        "iss",
        "sub",
        "nbf",
        "iat",
        "exp",
        "name",
        "metadata",
        "attributes",
        "kind",
        "kindDetails",
        "video",
        "roomPreset",
        "roomConfig",
        "sha256",
    ]
    .into_iter()
    .chain(common::OTHER_GRANTS)
    .collect();
    assert_eq!(top, expected);
    let video = keys(&claims["video"]);
    let expected_video: HashSet<&str> = [
        "roomCreate",
        "roomList",
        "roomRecord",
        "roomAdmin",
        "roomJoin",
        "room",
        "canPublish",
        "canSubscribe",
        "canPublishData",
        "canPublishSources",
        "canUpdateOwnMetadata",
        "ingressAdmin",
        "hidden",
        "recorder",
        "agent",
        "canSubscribeMetrics",
        "canManageAgentSession",
        "destinationRoom",
    ]
    .into_iter()
    .collect();
    assert_eq!(video, expected_video);
    // And the crate's own Claims reads back exactly what was written.
    let decoded: Claims = serde_json::from_value(claims.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), claims);
    assert!(decoded.extra.is_empty());
}

/// The keys of a JSON object.
fn keys(object: &Value) -> HashSet<&str> {
    object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

/// A token that borrows its credentials mints byte for byte what one that holds them
/// mints, for the usual token and for one with every kind of claim.
#[test]
fn borrowed_credentials_mint_the_same_token() {
    let credentials = creds();
    let clock = FixedClock(NOW);
    let join = || {
        VideoGrant::new()
            .room_join()
            .room("my-room")
            .can_publish(true)
    };
    let owned = AccessToken::with_owned_credentials(credentials.clone())
        .add_identity("user-123")
        .add_name("John Doe")
        .add_grants(join())
        .to_jwt_with_clock(&clock)
        .unwrap();
    let borrowed = AccessToken::with_credentials(&credentials)
        .add_identity("user-123")
        .add_name("John Doe")
        .add_grants(join())
        .to_jwt_with_clock(&clock)
        .unwrap();
    assert_eq!(borrowed, owned);

    let full = |sip: SipGrant| {
        (
            AccessToken::with_owned_credentials(credentials.clone())
                .add_identity("agent-7")
                .add_metadata("{\"a\":1}")
                .add_attributes([("k", "v")])
                .add_kind(ParticipantKind::Agent)
                .add_sip_grants(sip.clone())
                .add_grants(join().room_admin())
                .to_jwt_with_clock(&clock)
                .unwrap(),
            AccessToken::with_credentials(&credentials)
                .add_identity("agent-7")
                .add_metadata("{\"a\":1}")
                .add_attributes([("k", "v")])
                .add_kind(ParticipantKind::Agent)
                .add_sip_grants(sip)
                .add_grants(join().room_admin())
                .to_jwt_with_clock(&clock)
                .unwrap(),
        )
    };
    let (owned, borrowed) = full(SipGrant::new().admin(true));
    assert_eq!(borrowed, owned);
    assert!(payload(&borrowed).contains("\"sip\":{\"admin\":true}"));
}

//! Golden payloads of the other grants and claims: SIP, agent, inference and
//! observability grants, metadata, attributes, kind, room config, preset and sha256.

use super::*;

#[test]
fn golden_08_sip_grant_writes_only_what_is_set() {
    let got = mint(
        token()
            .add_sip_grants(SipGrant::new().call(true))
            .add_sip_grants(SipGrant::new().admin(true)),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700003600,"sip":{"admin":true,"call":true}}"#
    );
}

#[test]
fn golden_09_agent_grants() {
    let got = mint(
        token()
            .add_agent_grants(
                AgentGrant::new()
                    .admin(true)
                    .simulation_admin(true)
                    .database_admin(true)
                    .dispatch_admin(true),
            )
            .add_agent_endpoint_grants(
                AgentEndpointGrant::new()
                    .call(true)
                    .agent_name("bot")
                    .deployment("prod"),
            )
            .add_agent_thread_grants(
                AgentThreadGrant::new()
                    .scope("project")
                    .thread_ids(["t1", "t2"])
                    .list(true)
                    .read(true),
            ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700003600,"agent":{"admin":true,"simulationAdmin":true,"databaseAdmin":true,"dispatchAdmin":true},"agentEndpoint":{"call":true,"agentName":"bot","deployment":"prod"},"agentThread":{"scope":"project","threadIds":["t1","t2"],"list":true,"read":true}}"#
    );
}

#[test]
fn golden_10_inference_and_observability() {
    let got = mint(
        token()
            .add_inference_grants(InferenceGrant::new().perform(true))
            .add_observability_grants(ObservabilityGrant::new().write(true)),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700003600,"inference":{"perform":true},"observability":{"write":true}}"#
    );
}

#[test]
fn golden_11_metadata_attributes_kind_and_details() {
    let got = mint(
        token()
            .add_identity("agent-7")
            .add_metadata("{\"lang\":\"日本語\"}")
            .add_attributes([("role", "doctor"), ("emoji", "🩺")])
            .add_attributes([("role", "nurse")])
            .add_kind(ParticipantKind::Agent)
            .add_kind_details([
                KindDetail::CloudAgent,
                KindDetail::CloudAgent,
                KindDetail::Simulation,
            ]),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"agent-7","nbf":1700000000,"iat":1700000000,"exp":1700003600,"metadata":"{\"lang\":\"日本語\"}","attributes":{"emoji":"🩺","role":"nurse"},"kind":"agent","kindDetails":["cloud_agent","simulation"]}"#
    );
}

#[test]
fn golden_12_room_config_preset_and_sha256() {
    let config = RoomConfiguration::builder()
        .name("r")
        .empty_timeout(30u32)
        .max_participants(2u32)
        .agents(vec![
            RoomAgentDispatch::builder()
                .agent_name("triage")
                .metadata("{}")
                .restart_policy(JobRestartPolicy::Never)
                .build(),
        ])
        .build();
    let got = mint(
        token()
            .add_identity("u")
            .add_grants(VideoGrant::new().room_join().room("r"))
            .add_room_config(config)
            .add_room_preset("clinic")
            .add_sha256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r"},"roomPreset":"clinic","roomConfig":{"name":"r","emptyTimeout":30,"maxParticipants":2,"agents":[{"agentName":"triage","metadata":"{}","restartPolicy":"JRP_NEVER"}]},"sha256":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}"#
    );
}

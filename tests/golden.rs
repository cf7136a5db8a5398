//! Golden payloads: the exact JSON (keys, order, types) of representative tokens minted
//! at a fixed clock, each decoded and signature-checked with jsonwebtoken's own decoder.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use livekit_access_token::*;
use serde_json::{Value, json};

const SECRET: &str = "golden-secret-0123456789abcdef-32b";
const NOW: u64 = 1_700_000_000;

fn creds() -> Credentials {
    Credentials::new("APIgolden", SECRET).unwrap()
}

/// Checks header and signature with jsonwebtoken, then returns the raw payload text.
fn payload(jwt: &str) -> String {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // the fixed clock is in the past
    validation.set_required_spec_claims(&["exp", "iss", "nbf"]);
    validation.set_issuer(&["APIgolden"]);
    let key = DecodingKey::from_secret(SECRET.as_bytes());
    let data = jsonwebtoken::decode::<Value>(jwt, &key, &validation)
        .expect("jsonwebtoken accepts the token");
    assert_eq!(data.header.alg, Algorithm::HS256);
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    let parts: Vec<&str> = jwt.split('.').collect();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT"}),
        "header has exactly alg and typ"
    );
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&raw).unwrap(), data.claims);
    raw
}

fn mint<I, J, R, A, C: std::borrow::Borrow<Credentials>>(
    token: AccessToken<I, J, R, A, C>,
) -> String
where
    I: state::IdentityForJoin<J>,
    R: state::RoomForJoin<J> + state::RoomForAdmin<A>,
{
    payload(&token.to_jwt_with_clock(&FixedClock(NOW)).unwrap())
}

/// The golden tokens are built the usual way, on borrowed credentials; the test
/// `borrowed_credentials_mint_the_same_token` holds the owned way to the same bytes.
fn token() -> AccessToken<
    state::NoIdentity,
    state::NoJoin,
    state::NoRoom,
    state::NoAdmin,
    &'static Credentials,
> {
    static CREDENTIALS: std::sync::LazyLock<Credentials> = std::sync::LazyLock::new(creds);
    AccessToken::with_credentials(&CREDENTIALS)
}

#[test]
fn golden_01_seed_example_room_join() {
    let got = mint(
        token()
            .add_identity("user123")
            .add_name("John Doe")
            .add_ttl(3600)
            .add_grants(
                VideoGrant::new()
                    .room_join()
                    .room("my-room")
                    .can_publish(true),
            ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"user123","nbf":1700000000,"iat":1700000000,"exp":1700003600,"name":"John Doe","video":{"roomJoin":true,"room":"my-room","canPublish":true}}"#
    );
}

#[test]
fn golden_02_default_ttl_is_one_hour_and_unset_flags_are_not_written() {
    let got = mint(
        token()
            .add_identity("u")
            .add_grants(VideoGrant::new().room_join().room("r")),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r"}}"#
    );
}

#[test]
fn golden_03_server_api_token_has_no_sub() {
    let got = mint(
        token()
            .add_ttl(std::time::Duration::from_secs(600))
            .add_grants(
                VideoGrant::new()
                    .room_create(true)
                    .room_list(true)
                    .room_record(true)
                    .ingress_admin(true),
            ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700000600,"video":{"roomCreate":true,"roomList":true,"roomRecord":true,"ingressAdmin":true}}"#
    );
}

#[test]
fn golden_04_room_admin_with_destination_room() {
    let got = mint(
        token().add_grants(
            VideoGrant::new()
                .room_admin()
                .room("src")
                .destination_room("dst"),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomAdmin":true,"room":"src","destinationRoom":"dst"}}"#
    );
}

#[test]
fn golden_05_tri_state_false_is_written_and_default_false_flags_are_not() {
    let got = mint(
        token().add_identity("viewer").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(false)
                .can_subscribe(false)
                .can_publish_data(false)
                .can_update_own_metadata(false)
                .can_subscribe_metrics(false)
                .can_manage_agent_session(false)
                .hidden(false)
                .room_create(false),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"viewer","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"canSubscribe":false,"canPublishData":false,"canUpdateOwnMetadata":false,"canSubscribeMetrics":false,"canManageAgentSession":false}}"#
    );
}

#[test]
fn golden_06_publish_sources_are_lower_case_names() {
    let got = mint(
        token().add_identity("u").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(true)
                .can_publish_sources(TrackSource::ALL.iter().copied()),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":true,"canPublishSources":["camera","microphone","screen_share","screen_share_audio"]}}"#
    );
}

#[test]
fn golden_07_hidden_recorder_and_agent_flags() {
    let got = mint(
        token().add_identity("rec").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(false)
                .hidden(true)
                .recorder(true)
                .agent(true),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"rec","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"hidden":true,"recorder":true,"agent":true}}"#
    );
}

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

#[test]
fn golden_13_second_grant_merges_later_flags_win() {
    let got = mint(
        token()
            .add_identity("u")
            .add_grants(
                VideoGrant::new()
                    .room_join()
                    .can_publish(true)
                    .can_subscribe(true),
            )
            .add_grants(VideoGrant::new().room("r").can_publish(false)),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"canSubscribe":true}}"#
    );
}

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
    let top: HashSet<&str> = claims
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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
        "sip",
        "agent",
        "agentEndpoint",
        "agentThread",
        "inference",
        "observability",
        "roomPreset",
        "roomConfig",
        "sha256",
    ]
    .into_iter()
    .collect();
    assert_eq!(top, expected);
    let video: HashSet<&str> = claims["video"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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

//! Requests the endpoint answers: what the token carries, from the JS, Android and Swift
//! clients' requests, an empty one, the most open policy, the policy's own grant and TTL,
//! `respond` (its server URL: `server_url.rs`).

use super::*;
use std::collections::BTreeMap;

/// The body livekit-client 2.x's `TokenSource.endpoint` posts for every option set
/// (`src/room/token-source/TokenSource.test.ts`, "happy path with all options"): proto
/// names, protobuf-es' `toJsonString({useProtoFieldName: true})`, the empty attributes
/// map left out.
const JS_CLIENT_ALL_OPTIONS: &str = r#"{"room_name":"room name","participant_name":"participant name","participant_identity":"participant identity","participant_metadata":"{\"example\": \"metadata here\"}","room_config":{"agents":[{"agent_name":"agent name","metadata":"{\"example\": \"agent metadata here\"}"}]}}"#;

#[test]
fn the_js_clients_full_request_becomes_a_token_with_everything_it_asked_for() {
    let policy = TokenSourcePolicy::new()
        .identity(FieldRule::Required)
        .name(FieldRule::Optional)
        .room(FieldRule::Required)
        .allow_metadata()
        .allow_agents(["agent name"])
        .allow_agent_metadata();
    let claims = mint(&policy, JS_CLIENT_ALL_OPTIONS).unwrap();
    assert_eq!(claims.sub.as_deref(), Some("participant identity"));
    assert_eq!(claims.name.as_deref(), Some("participant name"));
    assert_eq!(
        claims.metadata.as_deref(),
        Some(r#"{"example": "metadata here"}"#)
    );
    let video = claims.video.clone().unwrap();
    assert_eq!(
        (video.room.as_deref(), video.room_join),
        (Some("room name"), Some(true))
    );
    let dispatch = &agents(&claims)[0];
    assert_eq!(dispatch.agent_name.as_deref(), Some("agent name"));
    assert_eq!(
        dispatch.metadata.as_deref(),
        Some(r#"{"example": "agent metadata here"}"#)
    );
    assert_eq!(claims.exp, Some(NOW + 15 * 60), "15 minutes by default");
}

/// The body the Android SDK's endpoint token source posts with every option set: kotlinx
/// JSON with snake_case names and no nulls, a room_config always (empty when no agent is
/// asked for), and the agent's deployment in the dispatch.
const ANDROID_ALL_OPTIONS: &str = r#"{"room_name":"r","participant_name":"Ada","participant_identity":"ada","participant_metadata":"m","participant_attributes":{"lang":"en"},"room_config":{"agents":[{"agent_name":"support-bot","metadata":"am","deployment":"staging"}]}}"#;

/// A dispatch with the protocol's `RoomAgentDispatch.attributes`, which no client SDK's
/// token source sends today and a client of one's own may.
const DISPATCH_WITH_ATTRIBUTES: &str =
    r#"{"room_config":{"agents":[{"agent_name":"support-bot","attributes":{"voice":"calm"}}]}}"#;

#[test]
fn the_android_and_swift_clients_requests_are_read_as_they_mean_them() {
    // Which keys a policy lets through is `refusals.rs`'s; here, that nothing is lost.
    let claims = mint(&open_policy(), ANDROID_ALL_OPTIONS).unwrap();
    assert_eq!(
        (claims.sub.as_deref(), claims.name.as_deref()),
        (Some("ada"), Some("Ada"))
    );
    assert_eq!(
        claims.attributes,
        Some(BTreeMap::from([("lang".into(), "en".into())]))
    );
    let dispatch = &agents(&claims)[0];
    assert_eq!(
        (
            dispatch.agent_name.as_deref(),
            dispatch.deployment.as_deref()
        ),
        (Some("support-bot"), Some("staging"))
    );
    let claims = mint(&open_policy(), DISPATCH_WITH_ATTRIBUTES).unwrap();
    assert_eq!(
        agents(&claims)[0].attributes,
        Some(BTreeMap::from([("voice".into(), "calm".into())]))
    );
    // Both SDKs send an empty room_config when no agent is asked for: it asks for nothing,
    // even from the closed policy, and the token carries no roomConfig.
    let closed = TokenSourcePolicy::new();
    for body in [r#"{"room_config":{}}"#, r#"{"room_config":{"agents":[]}}"#] {
        assert_eq!(mint(&closed, body).unwrap().room_config, None, "{body}");
    }
}

#[test]
fn an_empty_request_gets_a_generated_identity_and_room_and_the_default_grant() {
    let policy = TokenSourcePolicy::new();
    let claims = mint(&policy, "{}").unwrap();
    let identity = claims.sub.clone().unwrap();
    let video = claims.video.clone().unwrap();
    let room = video.room.clone().unwrap();
    for (name, prefix) in [
        (&identity, "voice_assistant_user_"),
        (&room, "voice_assistant_room_"),
    ] {
        let suffix = name
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(
            suffix.len() == 16 && suffix.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}"
        );
    }
    let mut expected = VideoClaims::new();
    (expected.room_join, expected.room) = (Some(true), Some(room.clone()));
    (expected.can_publish, expected.can_subscribe) = (Some(true), Some(true));
    expected.can_publish_data = Some(true);
    assert_eq!(video, expected);
    let again = mint(&policy, "{}").unwrap();
    assert_ne!(again.sub, Some(identity));
    assert_ne!(again.video.unwrap().room, Some(room));
    let prefixed = policy.generated_name_prefixes("guest-", "call-");
    let claims = mint(&prefixed, r#"{"participant_attributes":{}}"#).unwrap();
    assert!(claims.sub.unwrap().starts_with("guest-"));
    assert!(claims.video.unwrap().room.unwrap().starts_with("call-"));
}

#[test]
fn the_room_name_and_egress_are_not_room_settings() {
    // room_config.name repeating the room asks for nothing more than room_name does.
    let room = TokenSourcePolicy::new().room(FieldRule::Optional);
    let body = json!({"room_name": "r", "room_config": {"name": "r"}});
    let config = mint(&room, &body.to_string()).unwrap().room_config;
    assert_eq!(config.and_then(|c| c.name).as_deref(), Some("r"));
    // Egress has an opening of its own; the room's settings need theirs.
    let egress = TokenSourcePolicy::new().allow_room_egress();
    let body = json!({"room_config": {"egress": {"room": {"roomName": "r"}}}});
    assert!(
        mint(&egress, &body.to_string())
            .unwrap()
            .room_config
            .is_some()
    );
    let body =
        json!({"room_config": {"egress": {"room": {"roomName": "r"}}, "max_participants": 2}});
    assert_eq!(mint(&egress, &body.to_string()).unwrap_err().status(), 403);
}

#[test]
fn a_member_at_its_proto3_default_asks_for_nothing_and_is_not_minted() {
    // Each member of room_config and of a dispatch, under either name: its proto3 default,
    // which the server reads as unset, and a value that is set. A closed policy lets the
    // default through and mints nothing for it; the most open one mints the set value as
    // the JSON name.
    let room_members = [
        ("name", json!(""), json!("r"), "name"),
        ("empty_timeout", json!(0), json!(30), "emptyTimeout"),
        ("departureTimeout", json!(0), json!(20), "departureTimeout"),
        ("max_participants", json!(0), json!(2), "maxParticipants"),
        ("metadata", json!(""), json!("m"), "metadata"),
        ("min_playout_delay", json!(0), json!(100), "minPlayoutDelay"),
        ("maxPlayoutDelay", json!(0), json!(400), "maxPlayoutDelay"),
        ("sync_streams", json!(false), json!(true), "syncStreams"),
        ("tags", json!({}), json!({"ward": "7"}), "tags"),
        ("agents", json!([]), json!([{"agentName": "a"}]), "agents"),
        // protojson reads null as unset, for a member this crate does not know too.
        ("futureMember", json!(null), json!(null), ""),
    ];
    let closed_room = TokenSourcePolicy::new().room(FieldRule::Optional);
    for (member, default, set, json_name) in room_members {
        let body = json!({"room_name": "r", "room_config": {member: default}});
        let claims = mint(&closed_room, &body.to_string());
        let config = claims.unwrap_or_else(|e| panic!("{body}: {e}")).room_config;
        assert_eq!(config, None, "{body}");
        if set.is_null() {
            continue;
        }
        let body = json!({"room_name": "r", "room_config": {member: set}});
        let config = mint(&open_policy(), &body.to_string()).unwrap().room_config;
        let written = serde_json::to_value(config).unwrap();
        assert_eq!(written, json!({json_name: set}), "{body}");
    }
    let dispatch_members = [
        ("metadata", json!(""), json!("m"), "metadata"),
        ("deployment", json!(""), json!("prod"), "deployment"),
        ("attributes", json!({}), json!({"k": "v"}), "attributes"),
        ("restart_policy", json!("JRP_ON_FAILURE"), json!(null), ""),
        ("restartPolicy", json!(0), json!(null), ""),
        ("restartPolicy", json!(null), json!(null), ""),
        ("futureMember", json!(null), json!(null), ""),
    ];
    let agent_only = TokenSourcePolicy::new().allow_agents(["a"]);
    for (member, default, set, json_name) in dispatch_members {
        let body = json!({"room_config": {"agents": [{"agent_name": "a", member: default}]}});
        let claims = mint(&agent_only, &body.to_string()).unwrap();
        assert_eq!(agents(&claims), [RoomAgentDispatch::from("a")], "{body}");
        if set.is_null() {
            continue;
        }
        let body = json!({"room_config": {"agents": [{"agent_name": "a", member: set}]}});
        let minted = agents(&mint(&open_policy(), &body.to_string()).unwrap());
        let written = serde_json::to_value(&minted).unwrap();
        assert_eq!(
            written,
            json!([{"agentName": "a", json_name: set}]),
            "{body}"
        );
    }
    // An agent with no name is the agent named "", which a list of names does not hold.
    let body = json!({"room_config": {"agents": [{"agent_name": ""}]}});
    assert!(matches!(
        refused(&agent_only, &body),
        TokenSourceError::AgentNotAllowed { .. }
    ));
    // A message keeps its presence in proto3: an empty egress is still egress.
    let body = json!({"room_config": {"egress": {}}});
    assert_eq!(refused(&closed_room, &body).status(), 403);
    // The request's own `optional` fields, which a client may send as "": read as absent
    // by choice, so the closed policy lets them through, the most open one mints no name
    // or metadata, and both generate the identity.
    let empty = json!({"room_name": "", "participant_identity": "", "participant_name": "", "participant_metadata": ""});
    for policy in [TokenSourcePolicy::new(), open_policy()] {
        let claims = mint(&policy, &empty.to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            claims.sub.as_deref().is_some_and(|sub| !sub.is_empty()),
            "a generated identity: {:?}",
            claims.sub
        );
        assert_eq!((claims.name, claims.metadata), (None, None));
    }
}

#[test]
fn the_most_open_policy_passes_room_settings_and_egress_through() {
    let body = json!({
        "room_name": "r",
        "room_config": {
            "name": "r", "max_participants": 2, "empty_timeout": 30,
            "egress": {"room": {"roomName": "r"}},
            "agents": [{"agent_name": "a"}, {"agentName": "b", "metadata": "m"}]
        }
    });
    let claims = mint(&open_policy(), &body.to_string()).unwrap();
    let config = serde_json::to_value(claims.room_config.unwrap()).unwrap();
    assert_eq!(
        config,
        json!({"name": "r", "emptyTimeout": 30, "maxParticipants": 2,
               "egress": {"room": {"roomName": "r"}},
               "agents": [{"agentName": "a"}, {"agentName": "b", "metadata": "m"}]})
    );
}

#[test]
fn the_grant_and_ttl_are_the_policys_and_the_server_may_add_to_the_token() {
    let mut grant = VideoClaims::new();
    (grant.can_publish, grant.can_subscribe) = (Some(false), Some(true));
    grant.room = Some("not-this-one".into());
    let policy = TokenSourcePolicy::new()
        .room(FieldRule::Required)
        .grant(grant)
        .ttl(std::time::Duration::from_secs(120));
    let permitted = policy
        .check(TokenSourceRequest::from_json(br#"{"room_name":"r"}"#).unwrap())
        .unwrap();
    assert_eq!(permitted.room(), "r");
    let jwt = permitted
        .into_token(&creds())
        .set_identity("from-my-session")
        .add_attributes([("verified", "true")])
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let joined = verifier().verify_room_join(&jwt).unwrap();
    assert_eq!((joined.identity(), joined.room()), ("from-my-session", "r"));
    let claims = joined.claims();
    let video = claims.video.clone().unwrap();
    assert_eq!(
        (video.can_publish, video.can_subscribe),
        (Some(false), Some(true))
    );
    assert_eq!(claims.exp, Some(NOW + 120));
    assert_eq!(claims.attributes.as_ref().unwrap()["verified"], "true");
}

#[test]
fn respond_answers_with_the_server_url_and_a_token_that_verifies() {
    let policy = TokenSourcePolicy::new().room(FieldRule::Optional);
    let request = TokenSourceRequest::from_json(br#"{"room_name":"r"}"#).unwrap();
    let response = policy
        .respond(&creds(), request, "wss://example.livekit.test")
        .unwrap();
    assert_eq!(response.server_url(), "wss://example.livekit.test");
    let body: Value = serde_json::from_str(&response.to_json()).unwrap();
    assert_eq!(body["participant_token"], response.participant_token());
    let verified = TokenVerifier::new(&creds())
        .verify_room_join(response.participant_token())
        .unwrap();
    assert_eq!(verified.room(), "r");
    assert!(!format!("{response:?}").contains(response.participant_token()));
}

#[test]
fn a_permitted_request_shows_what_its_token_will_carry() {
    // What a server logs or checks before minting: the same values the token carries.
    let body = json!({
        "participant_identity": "dr-ada", "participant_name": "Ada", "room_name": "r",
        "room_config": {"agents": [{"agent_name": "a"}]}
    });
    let request = TokenSourceRequest::from_json(body.to_string().as_bytes()).unwrap();
    let permitted = open_policy().check(request).unwrap();
    assert_eq!(
        (permitted.identity(), permitted.name(), permitted.room()),
        ("dr-ada", Some("Ada"), "r")
    );
    let config = permitted.room_config().cloned();
    assert_eq!(
        config.clone().and_then(|c| c.agents),
        Some(vec![RoomAgentDispatch::from("a")])
    );
    let jwt = permitted
        .into_token(&creds())
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let claims = verifier().verify(&jwt).unwrap();
    assert_eq!(claims.sub.as_deref(), Some("dr-ada"));
    assert_eq!(claims.name.as_deref(), Some("Ada"));
    assert_eq!(claims.room_config, config);
    // Nothing asked for: generated names, no display name, no room configuration.
    let permitted = open_policy().check(TokenSourceRequest::new()).unwrap();
    assert!(permitted.identity().starts_with("voice_assistant_user_"));
    assert_eq!((permitted.name(), permitted.room_config()), (None, None));
}

//! The standard token endpoint's types and policy: the bodies client SDKs send, what each
//! policy lets through, and that no request gets a token beyond its policy.

use std::collections::BTreeMap;

use livekit_access_token::*;
use serde_json::{Value, json};

mod common;
use common::{NOW, creds, verifier};

/// The body livekit-client 2.x's `TokenSource.endpoint` posts for every option set
/// (`src/room/token-source/TokenSource.test.ts`, "happy path with all options"): proto
/// names, protobuf-es' `toJsonString({useProtoFieldName: true})`, the empty attributes
/// map left out.
const JS_CLIENT_ALL_OPTIONS: &str = r#"{"room_name":"room name","participant_name":"participant name","participant_identity":"participant identity","participant_metadata":"{\"example\": \"metadata here\"}","room_config":{"agents":[{"agent_name":"agent name","metadata":"{\"example\": \"agent metadata here\"}"}]}}"#;

/// A policy that lets clients set every field the request has.
fn open_policy() -> TokenSourcePolicy {
    TokenSourcePolicy::new()
        .identity(FieldRule::Optional)
        .name(FieldRule::Optional)
        .room(FieldRule::Optional)
        .allow_metadata()
        .allow_any_attributes()
        .allow_any_agent()
        .max_agents(4)
        .allow_room_settings()
        .allow_room_egress()
}

/// The request read from `body`, held to `policy`, minted at `NOW` and verified.
fn mint(policy: &TokenSourcePolicy, body: &str) -> Result<Claims, TokenSourceError> {
    let request = TokenSourceRequest::from_json(body.as_bytes())?;
    let jwt = policy
        .check(request)?
        .into_token(&creds())
        .to_jwt_checked_with_clock(&FixedClock(NOW))?;
    Ok(verifier().verify(&jwt).unwrap())
}

fn refused(policy: &TokenSourcePolicy, body: &Value) -> TokenSourceError {
    match mint(policy, &body.to_string()) {
        Ok(claims) => panic!("{body} was minted: {claims:?}"),
        Err(e) => e,
    }
}

fn agents(claims: &Claims) -> Vec<RoomAgentDispatch> {
    claims
        .room_config
        .clone()
        .and_then(|c| c.agents)
        .unwrap_or_default()
}

#[test]
fn the_js_clients_full_request_becomes_a_token_with_everything_it_asked_for() {
    let policy = TokenSourcePolicy::new()
        .identity(FieldRule::Required)
        .name(FieldRule::Optional)
        .room(FieldRule::Required)
        .allow_metadata()
        .allow_agents(["agent name"]);
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
fn each_field_the_closed_policy_does_not_open_is_refused_with_403_naming_it() {
    let closed = TokenSourcePolicy::new();
    for (body, field) in [
        (json!({"room_name": "r"}), "room_name"),
        (
            json!({"participantIdentity": "dr-ada"}),
            "participant_identity",
        ),
        (json!({"participant_name": "Ada"}), "participant_name"),
        (json!({"participant_metadata": "m"}), "participant_metadata"),
        (
            json!({"participant_attributes": {"lang": "en"}}),
            "participant_attributes",
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "bot"}]}}),
            "room_config.agents",
        ),
        (
            json!({"room_config": {"max_participants": 100}}),
            "room_config.max_participants",
        ),
        (
            json!({"room_config": {"emptyTimeout": 9}}),
            "room_config.empty_timeout",
        ),
        (
            json!({"room_config": {"egress": {"room": {}}}}),
            "room_config.egress",
        ),
    ] {
        let err = refused(&closed, &body);
        assert_eq!(err.status(), 403, "{body}: {err}");
        assert_eq!(
            err.to_string(),
            format!("this endpoint does not let clients set {field}: leave it out of the request")
        );
    }
    // Empty strings, an empty map and an empty room_config ask for nothing.
    let nothing = json!({"room_name": "", "participant_attributes": {}, "room_config": {}});
    assert!(mint(&closed, &nothing.to_string()).is_ok());
}

#[test]
fn a_required_field_that_is_absent_or_empty_is_400() {
    let policy = TokenSourcePolicy::new()
        .room(FieldRule::Required)
        .identity(FieldRule::Required);
    for body in [
        json!({"participant_identity": "u"}),
        json!({"room_name": "", "participant_identity": "u"}),
    ] {
        let err = refused(&policy, &body);
        assert!(
            matches!(
                err,
                TokenSourceError::Missing {
                    field: RequestField::RoomName
                }
            ),
            "{err}"
        );
        assert_eq!(err.status(), 400);
        assert!(
            err.to_string().contains("send a non-empty room_name"),
            "{err}"
        );
    }
    assert!(mint(&policy, r#"{"room_name":"r","participant_identity":"u"}"#).is_ok());
}

#[test]
fn attributes_and_agents_are_limited_to_the_names_the_policy_lists() {
    let policy = TokenSourcePolicy::new()
        .allow_attributes(["lang"])
        .allow_agents(["support-bot"]);
    let claims = mint(&policy, r#"{"participant_attributes":{"lang":"en"}}"#).unwrap();
    assert_eq!(
        claims.attributes,
        Some(BTreeMap::from([("lang".into(), "en".into())]))
    );
    let err = refused(
        &policy,
        &json!({"participant_attributes": {"lang": "en", "role": "doctor"}}),
    );
    assert!(
        matches!(&err, TokenSourceError::AttributeNotAllowed { key } if key == "role"),
        "{err}"
    );
    assert_eq!(err.status(), 403);

    for name in ["billing-bot", ""] {
        let body = json!({"room_config": {"agents": [{"agent_name": name}]}});
        let err = refused(&policy, &body);
        assert!(
            matches!(&err, TokenSourceError::AgentNotAllowed { agent_name } if agent_name == name),
            "{err}"
        );
    }
    let two = json!({"room_config": {"agents": [{"agent_name": "support-bot"}, {"agent_name": "support-bot"}]}});
    let err = refused(&policy, &two);
    assert!(
        matches!(err, TokenSourceError::TooManyAgents { count: 2, max: 1 }),
        "{err}"
    );
    let with_deployment =
        r#"{"room_config":{"agents":[{"agent_name":"support-bot","deployment":"prod"}]}}"#;
    assert_eq!(
        agents(&mint(&policy, with_deployment).unwrap())[0]
            .deployment
            .as_deref(),
        Some("prod")
    );
}

#[test]
fn nothing_in_a_request_escalates_past_the_most_open_policy() {
    let open = open_policy();
    // Grants, kind and dates have no field in a token request: the body is not one.
    for body in [
        json!({"room_name": "r", "video": {"roomAdmin": true}}),
        json!({"room_name": "r", "roomAdmin": true}),
        json!({"canPublish": true}),
        json!({"kind": "agent"}),
        json!({"ttl": 999999}),
        json!({"sip": {"admin": true}}),
        json!({"Room_Name": "r"}),
        json!({"room_name": "a", "roomName": "b"}),
    ] {
        let err = refused(&open, &body);
        assert!(
            matches!(err, TokenSourceError::Malformed { .. }),
            "{body}: {err}"
        );
        assert_eq!(err.status(), 400, "{body}");
    }
    // Inside room_config: members this crate does not know, the members of a dispatch
    // client SDKs never send, and credentials, whatever the policy allows.
    for (body, status) in [
        (json!({"room_config": {"futureAdminFlag": true}}), 403),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "restart_policy": "JRP_NEVER"}]}}),
            403,
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "attributes": {"role": "admin"}}]}}),
            403,
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "grants": {}}]}}),
            403,
        ),
        (
            json!({"room_config": {"egress": {"room": {"file_outputs": [{"s3": {"access_key": "AK", "secret": "S"}}]}}}}),
            403,
        ),
        (
            json!({"room_config": {"egress": {"tracks": {"azure": {"account_key": "k"}}}}}),
            403,
        ),
        (
            json!({"room_config": {"name": "another-room"}, "room_name": "r"}),
            400,
        ),
    ] {
        let err = refused(&open, &body);
        assert_eq!(err.status(), status, "{body}: {err}");
    }
    let err = refused(
        &open,
        &json!({"room_config": {"egress": {"room": {"s3": {"secret": "S"}}}}}),
    );
    assert!(
        matches!(&err, TokenSourceError::SensitiveCredentials { path } if path.ends_with(".secret")),
        "{err}"
    );
    assert!(
        !err.to_string().contains("\"S\""),
        "the secret is not echoed: {err}"
    );
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
fn values_over_the_servers_limits_are_400_from_the_minter() {
    let open = open_policy();
    for body in [
        json!({"participant_identity": "x".repeat(257)}),
        json!({"room_name": "r".repeat(257)}),
        json!({"participant_name": "n".repeat(257)}),
        json!({"participant_metadata": "m".repeat(512 * 1024 + 1)}),
        json!({"participant_attributes": {"k": "v".repeat(64 * 1024)}}),
    ] {
        let err = refused(&open, &body);
        assert!(
            matches!(err, TokenSourceError::Token(TokenError::TooLong { .. })),
            "{err}"
        );
        assert_eq!(err.status(), 400);
        assert!(err.to_string().contains("over the server's limit"), "{err}");
    }
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

/// A small deterministic generator, so the sweep below is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self) -> bool {
        self.below(2) == 0
    }
}

/// A request body assembled from the fields' names (either spelling), names no request
/// has, and room-config members allowed or not.
fn any_body(rng: &mut Lcg) -> Value {
    let top = [
        "room_name",
        "roomName",
        "participant_identity",
        "participantIdentity",
        "participant_name",
        "participant_metadata",
        "participant_attributes",
        "room_config",
        "roomConfig",
        "video",
        "kind",
        "roomAdmin",
    ];
    let config_members = [
        "agents",
        "max_participants",
        "maxParticipants",
        "egress",
        "name",
        "tags",
        "secretKnob",
    ];
    let dispatch_members = [
        "agent_name",
        "agentName",
        "metadata",
        "deployment",
        "restart_policy",
        "attributes",
    ];
    let names = ["support-bot", "admin-bot", "", "r", "lang", "role"];
    let mut body = serde_json::Map::new();
    for _ in 0..rng.below(5) {
        let key = rng.pick(&top);
        let value = match key {
            "participant_attributes" => json!({ rng.pick(&names): "v" }),
            "room_config" | "roomConfig" => {
                let mut config = serde_json::Map::new();
                for _ in 0..rng.below(3) {
                    let member = rng.pick(&config_members);
                    let value = match member {
                        "agents" => {
                            let mut dispatch = serde_json::Map::new();
                            for _ in 0..rng.below(3) {
                                let m = rng.pick(&dispatch_members);
                                let v = match m {
                                    "restart_policy" => json!("JRP_NEVER"),
                                    "attributes" => json!({"k": "v"}),
                                    _ => json!(rng.pick(&names)),
                                };
                                dispatch.insert(m.into(), v);
                            }
                            json!([dispatch])
                        }
                        "egress" if rng.chance() => json!({"room": {"s3": {"secret": "S"}}}),
                        "egress" => json!({"room": {"roomName": "r"}}),
                        "tags" => json!({"t": "1"}),
                        "name" => json!(rng.pick(&names)),
                        "secretKnob" => json!(true),
                        _ => json!(rng.below(10)),
                    };
                    config.insert(member.into(), value);
                }
                Value::Object(config)
            }
            "video" => json!({"roomAdmin": true}),
            "roomAdmin" => json!(true),
            _ => json!(rng.pick(&names)),
        };
        body.insert(key.into(), value);
    }
    Value::Object(body)
}

/// What a policy drawn by [`any_policy`] opened beyond naming `lang` and `support-bot`.
#[derive(Default)]
struct Opened {
    any_attribute: bool,
    any_agent: bool,
    room_settings: bool,
    room_egress: bool,
}

fn any_policy(rng: &mut Lcg) -> (TokenSourcePolicy, Opened) {
    let mut opened = Opened::default();
    let rules = [
        FieldRule::Forbidden,
        FieldRule::Optional,
        FieldRule::Required,
    ];
    let mut policy = TokenSourcePolicy::new()
        .identity(rules[rng.below(3)])
        .name(rules[rng.below(3)])
        .room(rules[rng.below(3)]);
    if rng.chance() {
        policy = policy.allow_metadata();
    }
    policy = match rng.below(3) {
        0 => policy,
        1 => policy.allow_attributes(["lang"]),
        _ => {
            opened.any_attribute = true;
            policy.allow_any_attributes()
        }
    };
    policy = match rng.below(3) {
        0 => policy,
        1 => policy.allow_agents(["support-bot"]),
        _ => {
            opened.any_agent = true;
            policy.allow_any_agent()
        }
    };
    if rng.chance() {
        opened.room_settings = true;
        policy = policy.allow_room_settings();
    }
    if rng.chance() {
        opened.room_egress = true;
        policy = policy.allow_room_egress();
    }
    (policy, opened)
}

/// Whatever the request, a token the policy lets through carries the policy's grant for
/// one room, no claim the request has no field for, only allowed attributes and agents,
/// room settings and egress only where allowed, and never credentials.
#[test]
fn no_request_gets_a_token_beyond_its_policy() {
    let mut rng = Lcg(17);
    let (mut minted, mut refused) = (0, 0);
    for _ in 0..20_000 {
        let (policy, opened) = any_policy(&mut rng);
        let body = any_body(&mut rng);
        let Ok(claims) = mint(&policy, &body.to_string()) else {
            refused += 1;
            continue;
        };
        minted += 1;
        let video = claims.video.clone().unwrap();
        let mut expected = VideoClaims::new();
        (expected.can_publish, expected.can_subscribe) = (Some(true), Some(true));
        (expected.can_publish_data, expected.room_join) = (Some(true), Some(true));
        expected.room = video.room.clone();
        assert_eq!(video, expected, "{body}");
        assert!(
            claims.kind.is_none() && claims.kind_details.is_none(),
            "{body}"
        );
        assert!(claims.sip.is_none() && claims.agent.is_none() && claims.extra.is_empty());
        for key in claims.attributes.iter().flat_map(|a| a.keys()) {
            assert!(key == "lang" || opened.any_attribute, "{body}");
        }
        for dispatch in agents(&claims) {
            assert!(dispatch.restart_policy.is_none() && dispatch.attributes.is_none());
            let name = dispatch.agent_name.unwrap_or_default();
            assert!(name == "support-bot" || opened.any_agent, "{body}");
        }
        if let Some(config) = &claims.room_config {
            assert!(config.extra.is_empty(), "{body}");
            assert_eq!(config.sensitive_credentials_path(), None, "{body}");
            assert!(config.egress.is_none() || opened.room_egress, "{body}");
            let settings = config.max_participants.is_some() || config.tags.is_some();
            assert!(!settings || opened.room_settings, "{body}");
        }
    }
    assert!(
        minted > 2_000 && refused > 2_000,
        "both sides exercised: {minted} minted, {refused} refused"
    );
}

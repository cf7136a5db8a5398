//! The conveniences around the runtime path: the agent-dispatch shortcut on both builders
//! (in `agent_dispatch`), `RuntimeCheckedToken::from_claims`, unknown enumerated strings
//! refused on the runtime path, and the `agentEndpoint` / `agentThread` readers held to the
//! official crate's.

use std::collections::BTreeMap;

use livekit_access_token::*;
use serde_json::json;

#[path = "../common/mod.rs"]
mod common;
use common::{API_KEY, NOW, SECRET, creds, sign_raw, verifier};

mod agent_dispatch;

/// The claims of `jwt`, verified at `at`.
fn verified_at(jwt: &str, at: u64) -> Claims {
    TokenVerifier::new(&creds())
        .with_clock(FixedClock(at))
        .verify(jwt)
        .unwrap()
}

/// A token carrying every claim this crate mints.
fn everything() -> String {
    let config = RoomConfiguration::builder()
        .max_participants(3u32)
        .agents(vec![
            RoomAgentDispatch::builder().agent_name("scribe").build(),
        ])
        .build();
    let video = VideoGrant::new()
        .room_admin()
        .destination_room("ward-7")
        .can_publish_sources([TrackSource::Camera]);
    AccessToken::with_owned_credentials(creds())
        .add_grants(video.room_join().room("ward-6"))
        .add_kind(ParticipantKind::Agent)
        .add_kind_details([KindDetail::CloudAgent])
        .add_identity("nurse-bot")
        .add_attributes([("shift", "night")])
        .add_ttl(600)
        .add_metadata(r#"{"ward":6}"#)
        .add_name("Nurse Bot")
        .add_sip_grants(SipGrant::new().call(true))
        .add_agent_grants(AgentGrant::new().dispatch_admin(true))
        .add_agent_endpoint_grants(AgentEndpointGrant::new().call(true).agent_name("scribe"))
        .add_agent_thread_grants(AgentThreadGrant::new().scope("room").read(true))
        .add_inference_grants(InferenceGrant::new().perform(true))
        .add_observability_grants(ObservabilityGrant::new().write(true))
        .add_room_config(config)
        .add_room_preset("telehealth")
        .add_sha256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap()
}

#[test]
fn from_claims_mints_the_same_claims_with_new_dates_and_the_same_lifetime() {
    let old = verifier().verify(&everything()).unwrap();
    let later = NOW + 500;
    let jwt = RuntimeCheckedToken::from_claims(&creds(), old.clone())
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(later))
        .unwrap();
    let new = verified_at(&jwt, later);
    assert_eq!(
        (new.nbf, new.iat, new.exp),
        (Some(later), Some(later), Some(later + 600))
    );
    let mut expected = old;
    (expected.nbf, expected.iat, expected.exp) = (new.nbf, new.iat, new.exp);
    assert_eq!(new, expected, "every other claim is kept as it was");
}

#[test]
fn from_claims_takes_the_identity_the_server_reads_and_a_ttl_set_after_it() {
    let claims: Claims = serde_json::from_value(json!({
        "iss": "APIold", "jti": "from-jti", "nbf": 1, "exp": 2,
        "video": {"roomJoin": true, "room": "r"}
    }))
    .unwrap();
    let jwt = RuntimeCheckedToken::from_claims(&creds(), claims)
        .unwrap()
        .set_ttl(60)
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let new = verifier().verify(&jwt).unwrap();
    assert_eq!(
        new.sub.as_deref(),
        Some("from-jti"),
        "sub is empty, so jti is the identity"
    );
    assert_eq!((new.jti, new.iss.as_deref()), (None, Some(common::API_KEY)));
    assert_eq!(new.exp, Some(NOW + 60));
}

#[test]
fn from_claims_gives_a_token_without_dates_the_default_hour_and_checks_like_any_runtime_token() {
    let claims: Claims = serde_json::from_value(json!({"video": {"roomCreate": true}})).unwrap();
    let jwt = RuntimeCheckedToken::from_claims(&creds(), claims)
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    assert_eq!(verifier().verify(&jwt).unwrap().exp, Some(NOW + 3600));

    let no_identity: Claims =
        serde_json::from_value(json!({"video": {"roomJoin": true, "room": "r"}})).unwrap();
    let refused = RuntimeCheckedToken::from_claims(&creds(), no_identity)
        .unwrap()
        .to_jwt_checked();
    assert!(matches!(refused, Err(TokenError::RoomJoinWithoutIdentity)));
}

/// The claims of a token another minter wrote, as this crate's verifier returns them.
fn verified_payload(payload: serde_json::Value) -> Claims {
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let jwt = sign_raw(header, &payload.to_string(), SECRET.as_bytes());
    verifier().verify(&jwt).unwrap()
}

#[test]
fn from_claims_mints_again_what_go_and_the_old_rust_sdk_write() {
    // Go (and lk) write the identity twice, as `sub` and `identity`; the server reads `sub`.
    let go = json!({
        "iss": API_KEY, "sub": "dr-ada", "identity": "dr-ada", "nbf": NOW, "exp": NOW + 600,
        "video": {"roomJoin": true, "room": "consult-42"}
    });
    let jwt = RuntimeCheckedToken::from_claims(&creds(), verified_payload(go.clone()))
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let joined = verifier().verify_room_join(&jwt).unwrap();
    assert_eq!((joined.identity(), joined.room()), ("dr-ada", "consult-42"));
    assert!(
        joined.claims().extra.is_empty(),
        "Go's `identity` is not written again"
    );
    // One that names someone else is not silently dropped.
    let mut other = go;
    other["identity"] = json!("mallory");
    let err = RuntimeCheckedToken::from_claims(&creds(), verified_payload(other)).unwrap_err();
    assert!(
        matches!(&err, TokenError::UnknownClaim { name } if name == "identity"),
        "{err}"
    );

    // The official Rust SDK before `livekit-token` writes every member, the rooms and the
    // source list empty when unset.
    let old_rust = json!({
        "iss": API_KEY, "sub": "", "name": "", "nbf": NOW, "exp": NOW + 600,
        "video": {"roomCreate": false, "roomList": true, "roomRecord": false,
                  "roomAdmin": false, "roomJoin": false, "room": "", "destinationRoom": "",
                  "canPublish": true, "canSubscribe": true, "canPublishData": true,
                  "canPublishSources": [], "canUpdateOwnMetadata": false,
                  "ingressAdmin": false, "hidden": false, "recorder": false},
        "sha256": "", "metadata": ""
    });
    // Its empty list of sources reads as every source: refused, as on every path (SECURITY.md
    // N04), until the caller clears it and so says that every source is meant.
    let mut claims = verified_payload(old_rust);
    let refused = RuntimeCheckedToken::from_claims(&creds(), claims.clone())
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW));
    assert!(
        matches!(
            refused,
            Err(TokenError::EmptyLimit {
                field: Field::Video
            })
        ),
        "{refused:?}"
    );
    if let Some(video) = claims.video.as_mut() {
        video.can_publish_sources = None;
    }
    let jwt = RuntimeCheckedToken::from_claims(&creds(), claims)
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let video = verifier().verify(&jwt).unwrap().video.unwrap();
    assert_eq!((video.room, video.destination_room), (None, None));
    assert_eq!(video.can_publish_sources, None);
    assert_eq!(video.room_list, Some(true));
}

#[test]
fn from_claims_refuses_what_it_would_drop_or_misread() {
    let mut with_aud: Claims = serde_json::from_value(json!({"sub": "u"})).unwrap();
    with_aud.extra.insert("aud".into(), json!("my-app"));
    let err = RuntimeCheckedToken::from_claims(&creds(), with_aud.clone()).unwrap_err();
    assert!(
        matches!(&err, TokenError::UnknownClaim { name } if name == "aud"),
        "{err}"
    );
    assert!(
        err.to_string().contains("remove it from `claims.extra`"),
        "{err}"
    );
    with_aud.extra.clear();
    assert!(RuntimeCheckedToken::from_claims(&creds(), with_aud).is_ok());

    let bad_kind: Claims = serde_json::from_value(json!({"sub": "u", "kind": "agnet"})).unwrap();
    let err = RuntimeCheckedToken::from_claims(&creds(), bad_kind).unwrap_err();
    assert_eq!(err.field(), Field::Kind);
    let message = err.to_string();
    assert!(
        message.contains(r#""agnet" is not a participant kind"#),
        "{message}"
    );
    assert!(
        message.contains("standard, ingress, egress, sip, agent"),
        "{message}"
    );

    let bad_detail: Claims =
        serde_json::from_value(json!({"sub": "u", "kindDetails": ["cloud_agent", "clod"]}))
            .unwrap();
    let err = RuntimeCheckedToken::from_claims(&creds(), bad_detail).unwrap_err();
    assert_eq!(err.field(), Field::KindDetails);
    assert!(err.to_string().contains("cloud_agent, forwarded"), "{err}");

    // `"CAMERA"` allows no camera (the server matches the lower-case name exactly); a
    // refresh that wrote `"camera"` would allow more than the token it replaces.
    let video = json!({"roomJoin": true, "room": "r", "canPublishSources": ["CAMERA"]});
    let shouting = json!({"iss": API_KEY, "sub": "u", "exp": NOW + 600, "video": video});
    let shouting = verified_payload(shouting);
    let err = RuntimeCheckedToken::from_claims(&creds(), shouting).unwrap_err();
    assert_eq!(err.field(), Field::Video);
    assert!(
        err.to_string()
            .contains(r#""CAMERA" is not a track source"#),
        "{err}"
    );

    let empty_kind: Claims = serde_json::from_value(json!({"sub": "u", "kind": ""})).unwrap();
    let jwt = RuntimeCheckedToken::from_claims(&creds(), empty_kind)
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    assert_eq!(
        verifier().verify(&jwt).unwrap().kind,
        None,
        "empty is absent"
    );
}

#[test]
fn an_unknown_track_source_is_refused_on_the_runtime_path_with_the_known_ones() {
    let mut video = VideoClaims::new();
    video.can_publish_sources = Some(vec!["camera".into(), "camra".into()]);
    let err = RuntimeCheckedToken::new(&creds())
        .add_grants(video.clone())
        .to_jwt_checked()
        .unwrap_err();
    assert_eq!(err.field(), Field::Video);
    let message = err.to_string();
    assert!(
        message.contains(r#""camra" is not a track source: use one of camera, microphone, screen_share, screen_share_audio, unknown"#),
        "{message}"
    );
    // Said once: the detail is in the message, not also a `source()` that printing the
    // chain (anyhow, eyre) would show again.
    assert!(std::error::Error::source(&err).is_none());
    // The server matches a published track's source to the lower-case name exactly, so
    // another case is written in the spelling it matches.
    video.can_publish_sources = Some(vec!["CAMERA".into(), "screen_share".into()]);
    let jwt = RuntimeCheckedToken::new(&creds())
        .add_grants(video)
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let sources = verifier()
        .verify(&jwt)
        .unwrap()
        .video
        .unwrap()
        .can_publish_sources;
    assert_eq!(sources, Some(vec!["camera".into(), "screen_share".into()]));
}

/// Every value of a flag the readers look at: absent, false, true.
const FLAGS: [Option<bool>; 3] = [None, Some(false), Some(true)];

/// The official crate's grant read from the JSON ours writes.
fn as_official<T: serde::de::DeserializeOwned>(grant: &impl serde::Serialize) -> T {
    serde_json::from_value(serde_json::to_value(grant).unwrap()).unwrap()
}

#[test]
fn the_agent_endpoint_reader_agrees_with_the_official_crate() {
    use livekit_api::access_token::AgentEndpointGrants;
    let limits = [None, Some(""), Some("bot")];
    let mut checked = 0;
    for call in FLAGS {
        for agent_name in limits {
            for deployment in limits {
                let mut grant = AgentEndpointGrant::new();
                grant.call = call;
                grant.agent_name = agent_name.map(str::to_owned);
                grant.deployment = deployment.map(str::to_owned);
                let official: AgentEndpointGrants = as_official(&grant);
                for (agent, dep) in [("bot", "bot"), ("bot", "other"), ("other", "bot"), ("", "")] {
                    assert_eq!(
                        grant.effective_can_call(agent, dep),
                        official.allows(agent, dep),
                        "{grant:?} {agent:?} {dep:?}"
                    );
                    checked += usize::from(grant.effective_can_call(agent, dep));
                }
            }
        }
    }
    assert!(checked > 0, "some grants allow a call");
}

#[test]
fn the_agent_thread_readers_agree_with_the_official_crate() {
    use livekit_api::access_token::AgentThreadGrants;
    let scopes = [None, Some(""), Some("support")];
    let thread_lists: [Option<Vec<String>>; 3] =
        [None, Some(vec![]), Some(vec!["t1".into(), String::new()])];
    let mut allowed = BTreeMap::<&str, usize>::new();
    for bits in 0..3usize.pow(6) {
        let flag = |i: u32| FLAGS[bits / 3usize.pow(i) % 3];
        for scope in scopes {
            for ids in &thread_lists {
                let mut grant = AgentThreadGrant::new();
                (grant.all, grant.list, grant.create) = (flag(0), flag(1), flag(2));
                (grant.write, grant.read, grant.delete) = (flag(3), flag(4), flag(5));
                grant.scope = scope.map(str::to_owned);
                grant.thread_ids = ids.clone();
                let official: AgentThreadGrants = as_official(&grant);
                let mut agree = |what, ours: bool, theirs: bool| {
                    assert_eq!(ours, theirs, "{what} {grant:?}");
                    *allowed.entry(what).or_default() += usize::from(ours);
                };
                agree(
                    "update",
                    grant.effective_can_update(),
                    official.can_update(),
                );
                for s in ["support", "other", ""] {
                    agree(
                        "create",
                        grant.effective_can_create(s),
                        official.can_create(s),
                    );
                    agree("list", grant.effective_can_list(s), official.can_list(s));
                }
                for t in ["t1", "t2", ""] {
                    agree("read", grant.effective_can_read(t), official.can_read(t));
                    agree("write", grant.effective_can_write(t), official.can_write(t));
                    agree(
                        "delete",
                        grant.effective_can_delete(t),
                        official.can_delete(t),
                    );
                }
            }
        }
    }
    assert_eq!(allowed.len(), 6);
    assert!(
        allowed.values().all(|n| *n > 0),
        "each reader said yes somewhere: {allowed:?}"
    );
}

//! What the types cannot see: every value error names its field, the runtime-checked path
//! refuses exactly what the typed path refuses to compile, and nothing leaks a secret.

use livekit_access_token::*;

const CANARY: &str = "CANARY-mint-checks-secret-0123456789abcdef";

#[path = "../common/mod.rs"]
mod common;
use common::{API_KEY, creds};

mod room_config;
mod smuggled;

fn join(identity: &str, room: &str) -> RoomJoinToken {
    AccessToken::with_owned_credentials(creds())
        .add_identity(identity)
        .add_grants(VideoGrant::new().room_join().room(room))
}

fn field_of(result: Result<String, TokenError>) -> Field {
    result.err().map(|e| e.field()).expect("minting must fail")
}

#[test]
fn empty_identity_and_room_are_refused_naming_the_field() {
    assert_eq!(field_of(join("", "r").to_jwt()), Field::Identity);
    assert_eq!(field_of(join("u", "").to_jwt()), Field::Room);
    let err = join("", "r")
        .to_jwt()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(err, "the identity is empty: pass a non-empty identity");
    // White space is not empty: the server accepts such an identity and room, and so does
    // this crate (SECURITY.md N01).
    assert!(join(" ", "\t").to_jwt().is_ok());
}

#[test]
fn server_limits_are_enforced_at_the_byte_level() {
    let at = "é".repeat(limits::MAX_IDENTITY_BYTES / 2); // 256 bytes exactly
    assert!(join(&at, "r").to_jwt().is_ok());
    // The room and the name have the same limit, at the same byte.
    assert!(join("u", &at).add_name(at.clone()).to_jwt().is_ok());
    let over = format!("{at}x");
    assert!(matches!(
        join(&over, "r").to_jwt(),
        Err(TokenError::TooLong {
            field: Field::Identity,
            len: 257,
            max: 256
        })
    ));
    assert_eq!(field_of(join("u", &over).to_jwt()), Field::Room);
    assert_eq!(
        field_of(join("u", "r").add_name(over.clone()).to_jwt()),
        Field::Name
    );
    // The server's defaults, written out: the cases below take them from `limits`.
    assert_eq!(
        (limits::MAX_METADATA_BYTES, limits::MAX_ATTRIBUTES_BYTES),
        (512 * 1024, 64 * 1024)
    );
    let big = "m".repeat(limits::MAX_METADATA_BYTES);
    assert!(join("u", "r").add_metadata(big.clone()).to_jwt().is_ok());
    assert_eq!(
        field_of(join("u", "r").add_metadata(big + "m").to_jwt()),
        Field::Metadata
    );
    let value = "v".repeat(limits::MAX_ATTRIBUTES_BYTES - 1);
    assert!(
        join("u", "r")
            .add_attributes([("k", value.clone())])
            .to_jwt()
            .is_ok()
    );
    assert_eq!(
        field_of(
            join("u", "r")
                .add_attributes([("k", value), ("x", String::new())])
                .to_jwt()
        ),
        Field::Attributes
    );
    let dest = AccessToken::with_credentials(&creds())
        .add_grants(
            VideoGrant::new()
                .room_admin()
                .room("r")
                .destination_room(""),
        )
        .to_jwt();
    assert_eq!(field_of(dest), Field::DestinationRoom);
}

#[test]
fn t10_ttl_zero_overflow_and_duration_max_are_errors_not_panics() {
    assert!(matches!(
        join("u", "r").add_ttl(0).to_jwt(),
        Err(TokenError::ZeroTtl)
    ));
    assert!(matches!(
        join("u", "r").add_ttl(u64::MAX).to_jwt(),
        Err(TokenError::TtlOverflow)
    ));
    assert!(matches!(
        join("u", "r").add_ttl(std::time::Duration::MAX).to_jwt(),
        Err(TokenError::TtlOverflow)
    ));
    // exp must stay a safe JavaScript integer: Number.MAX_SAFE_INTEGER, written out so
    // that the test does not take the limit from the code it checks.
    let now = 1_000;
    let max_safe_integer: u64 = 9_007_199_254_740_991;
    assert_eq!(limits::MAX_EXP, max_safe_integer);
    let max = max_safe_integer - now;
    assert!(
        join("u", "r")
            .add_ttl(max)
            .to_jwt_with_clock(&FixedClock(now))
            .is_ok()
    );
    assert!(matches!(
        join("u", "r")
            .add_ttl(max + 1)
            .to_jwt_with_clock(&FixedClock(now)),
        Err(TokenError::TtlOverflow)
    ));
    assert!(matches!(
        join("u", "r")
            .add_ttl(std::time::Duration::from_millis(999))
            .to_jwt(),
        Err(TokenError::ZeroTtl)
    ));
}

struct BrokenClock;
impl Clock for BrokenClock {
    fn now_unix_secs(&self) -> Option<u64> {
        None
    }
}

#[test]
fn t09_clock_before_epoch_is_an_error() {
    assert!(matches!(
        join("u", "r").to_jwt_with_clock(&BrokenClock),
        Err(TokenError::ClockBeforeEpoch)
    ));
}

fn video(json: serde_json::Value) -> VideoClaims {
    serde_json::from_value(json).unwrap()
}

/// Minting failed with `EmptyLimit` for `field`, its message saying `says`.
fn refused_as_empty_limit(result: Result<String, TokenError>, field: Field, says: &str) {
    let err = result.expect_err("an empty limit must be refused");
    assert!(matches!(err, TokenError::EmptyLimit { .. }), "{err:?}");
    assert_eq!(err.field(), field);
    assert!(err.to_string().contains(says), "{err}");
}

#[test]
fn n04_an_empty_limit_allows_everything_so_every_path_refuses_it() {
    let no_sources: [TrackSource; 0] = [];
    let typed = AccessToken::with_owned_credentials(creds())
        .add_identity("u")
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish_sources(no_sources),
        );
    refused_as_empty_limit(
        typed.to_jwt(),
        Field::Video,
        "LiveKit reads as every source",
    );

    let join_with = |sources: serde_json::Value| {
        video(serde_json::json!({"roomJoin": true, "room": "r", "canPublishSources": sources}))
    };
    let runtime = |grants: &[VideoClaims]| {
        let mut token = RuntimeCheckedToken::new(&creds()).set_identity("u");
        for grant in grants {
            token = token.add_grants(grant.clone());
        }
        token.to_jwt_checked()
    };
    refused_as_empty_limit(
        runtime(&[join_with(serde_json::json!([]))]),
        Field::Video,
        "every source",
    );
    assert!(runtime(&[join_with(serde_json::json!(["camera"]))]).is_ok());
    // A later grant's list replaces the empty one, as merging does.
    let later = video(serde_json::json!({"canPublishSources": ["microphone"]}));
    assert!(runtime(&[join_with(serde_json::json!([])), later]).is_ok());

    // An agent endpoint grant's empty agent name or deployment reads as every one too.
    for grant in [
        AgentEndpointGrant::new().call(true).agent_name(""),
        AgentEndpointGrant::new().call(true).deployment(""),
    ] {
        let token = AccessToken::with_owned_credentials(creds()).add_agent_endpoint_grants(grant);
        refused_as_empty_limit(
            token.to_jwt(),
            Field::AgentEndpoint,
            "every agent or deployment",
        );
    }
    let named = AgentEndpointGrant::new()
        .call(true)
        .agent_name("bot")
        .deployment("prod");
    assert!(
        AccessToken::with_owned_credentials(creds())
            .add_agent_endpoint_grants(named)
            .to_jwt()
            .is_ok()
    );

    // The token endpoint's grant is the server's own: its empty list is a 500.
    let policy = TokenSourcePolicy::new().grant(video(
        serde_json::json!({"canPublish": true, "canPublishSources": []}),
    ));
    let request = TokenSourceRequest::from_json(b"{}").unwrap();
    let err = policy
        .respond(&creds(), request, "wss://example.livekit.test")
        .unwrap_err();
    assert_eq!(err.status(), 500, "{err}");
    assert!(
        matches!(
            err,
            TokenSourceError::Setup(TokenError::EmptyLimit {
                field: Field::Video
            })
        ),
        "{err:?}"
    );
}

#[test]
fn c05_runtime_checked_path_refuses_the_room_rules_the_types_enforce() {
    use serde_json::json;
    let rt = || RuntimeCheckedToken::new(&creds());
    let cases: Vec<(RuntimeCheckedToken, Option<&str>)> = vec![
        (
            rt().add_grants(video(json!({"roomJoin": true, "room": "r"}))),
            Some("RoomJoinWithoutIdentity"),
        ),
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true}))),
            Some("RoomJoinWithoutRoom"),
        ),
        (
            rt().add_grants(video(json!({"roomJoin": true}))),
            Some("RoomJoinWithoutIdentity"),
        ),
        (
            rt().add_grants(video(json!({"roomAdmin": true}))),
            Some("RoomAdminWithoutRoom"),
        ),
        (
            rt().add_grants(video(json!({"room": "r", "destinationRoom": "d"}))),
            Some("DestinationRoomWithoutAdmin"),
        ),
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true, "room": "r"}))),
            None,
        ),
        (
            rt().add_grants(video(json!({"roomJoin": false, "roomCreate": true}))),
            None,
        ),
        (
            rt().add_grants(video(
                json!({"roomAdmin": true, "room": "r", "destinationRoom": "d"}),
            )),
            None,
        ),
        (rt().add_sip_grants(SipGrant::new().call(true)), None),
        // Join split over two grants, as the typed path allows.
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true})))
                .add_grants(video(json!({"room": "r"}))),
            None,
        ),
        // Two grants naming different rooms: the typed path cannot say it, and a merge
        // would keep only one. The same room twice loses nothing.
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true, "room": "a"})))
                .add_grants(video(json!({"room": "b"}))),
            Some("ConflictingRooms { field: Room }"),
        ),
        (
            rt().add_grants(video(
                json!({"roomAdmin": true, "room": "r", "destinationRoom": "a"}),
            ))
            .add_grants(video(json!({"destinationRoom": "b"}))),
            Some("ConflictingRooms { field: DestinationRoom }"),
        ),
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true, "room": "a"})))
                .add_grants(video(json!({"room": "a", "canPublish": false}))),
            None,
        ),
        // An empty room is none, as the server reads it: a join still needs a room, and
        // the empty rooms the official Rust SDK 0.6 writes in every token are no rooms.
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true, "room": ""}))),
            Some("RoomJoinWithoutRoom"),
        ),
        (
            rt().add_grants(video(
                json!({"roomList": true, "room": "", "destinationRoom": ""}),
            )),
            None,
        ),
        (
            rt().set_identity("u")
                .add_grants(video(json!({"roomJoin": true, "room": "a"})))
                .add_grants(video(json!({"room": ""}))),
            None,
        ),
    ];
    for (i, (token, expected)) in cases.into_iter().enumerate() {
        let got = token.to_jwt_checked();
        let got_name = got.as_ref().err().map(|e| format!("{e:?}"));
        match expected {
            None => assert!(got.is_ok(), "case {i}: {got_name:?}"),
            Some(name) => assert_eq!(got_name.as_deref(), Some(name), "case {i}"),
        }
    }
}

#[test]
fn g01_debug_and_errors_never_show_the_secret() {
    let creds = creds();
    let token = join("u", "r");
    let runtime = RuntimeCheckedToken::new(&creds).set_identity("u");
    let secret = ApiSecret::from(CANARY);
    let outputs = [
        format!("{creds:?}"),
        format!("{creds:#?}"),
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{runtime:?}"),
        format!("{secret:?}"),
        format!("{:?}", Credentials::new("k", CANARY.get(..10).unwrap())),
        format!(
            "{}",
            Credentials::new("k", CANARY.get(..10).unwrap())
                .err()
                .unwrap()
        ),
        format!("{:?}", join("", "r").to_jwt()),
        format!("{:?}", join("u", "r").add_ttl(0).to_jwt()),
    ];
    for out in outputs {
        assert!(!out.contains("CANARY"), "secret leaked: {out}");
    }
    let shown = format!("{token:?}");
    assert!(
        shown.contains("room_join: Some(true)") && shown.contains(r#"room: Some("r")"#),
        "what is shown instead is the grant, as its claims: {shown}"
    );
    let shown = format!("{runtime:?}");
    assert!(
        shown.starts_with("RuntimeCheckedToken")
            && shown.contains(API_KEY)
            && shown.contains(r#"identity: Some("u")"#),
        "a runtime-checked token shows its key and identity: {shown}"
    );
}

#[test]
fn k03_first_use_from_many_threads_at_once_does_not_panic() {
    let creds = creds();
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let creds = creds.clone();
            std::thread::spawn(move || {
                AccessToken::with_credentials(&creds)
                    .add_identity(format!("user-{i}"))
                    .add_grants(VideoGrant::new().room_join().room("r"))
                    .to_jwt()
            })
        })
        .collect();
    for h in handles {
        let jwt = h.join().expect("no thread panicked").expect("minted");
        assert_eq!(jwt.split('.').count(), 3);
    }
}

//! What the types cannot see: every value error names its field, the runtime-checked path
//! refuses exactly what the typed path refuses to compile, and nothing leaks a secret.

use livekit_access_token::*;

const CANARY: &str = "CANARY-mint-checks-secret-0123456789abcdef";

#[path = "../common/mod.rs"]
mod common;
use common::{API_KEY, creds};

mod room_config;
mod scopes;
mod server_limits;
mod smuggled;
mod unknown_members;

fn join(identity: &str, room: &str) -> RoomJoinToken {
    AccessToken::with_owned_credentials(creds())
        .add_identity(identity)
        .add_grants(VideoGrant::new().room_join().room(room))
}

fn field_of(result: Result<String, TokenError>) -> Field {
    result.err().map(|e| e.field()).expect("minting must fail")
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

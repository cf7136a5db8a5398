//! Webhooks as the LiveKit server sends them: the body's exact bytes, and a raw JWT
//! (no `Bearer`) valid for 5 minutes whose `sha256` is the base64 SHA-256 of the body.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use livekit_access_token::*;
use sha2::{Digest, Sha256};

mod common;
use common::{NOW, creds};

const BODY: &str = r#"{"event":"track_published","room":{"sid":"RM_abc","name":"consult-42","emptyTimeout":300},"participant":{"sid":"PA_def","identity":"dr-ada","metadata":"{}"},"track":{"sid":"TR_ghi","type":"VIDEO"},"id":"EV_123","createdAt":"1700000000"}"#;

/// What the server does: hash the body, sign a 5-minute token with the webhook key.
fn server_header(body: &[u8], creds: &Credentials, at: u64) -> String {
    let sha = STANDARD.encode(Sha256::digest(body));
    AccessToken::with_credentials(creds)
        .add_ttl(300)
        .add_sha256(sha)
        .to_jwt_with_clock(&FixedClock(at))
        .unwrap()
}

fn receiver_at(at: u64) -> WebhookReceiver {
    WebhookReceiver::new(TokenVerifier::new(&creds()).with_clock(FixedClock(at)))
}

#[test]
fn accepts_the_servers_webhook_and_reads_the_event() {
    let auth = server_header(BODY.as_bytes(), &creds(), NOW);
    let event = receiver_at(NOW + 5)
        .receive(BODY.as_bytes(), &auth)
        .unwrap();
    assert_eq!(event.event, "track_published");
    assert_eq!(event.id.as_deref(), Some("EV_123"));
    assert_eq!(event.created_at, Some(1_700_000_000));
    assert_eq!(event.room_name.as_deref(), Some("consult-42"));
    assert_eq!(event.room_sid.as_deref(), Some("RM_abc"));
    assert_eq!(event.participant_identity.as_deref(), Some("dr-ada"));
    assert_eq!(event.participant_sid.as_deref(), Some("PA_def"));
    assert_eq!(event.track_sid.as_deref(), Some("TR_ghi"));
    assert_eq!(
        event.raw["track"]["type"], "VIDEO",
        "the rest of the JSON is kept"
    );
    // With a `Bearer ` prefix too (proxies and other SDKs add one).
    assert!(
        receiver_at(NOW + 5)
            .receive(BODY.as_bytes(), &format!("Bearer {auth}"))
            .is_ok()
    );
}

#[test]
fn created_at_is_read_as_protojson_writes_it_or_as_a_number() {
    for (created_at, read) in [
        (r#""1700000000""#, Some(1_700_000_000)),
        ("1700000000", Some(1_700_000_000)),
        (r#""soon""#, None),
        ("1.5", None),
    ] {
        let body = BODY.replace(r#""1700000000""#, created_at);
        let auth = server_header(body.as_bytes(), &creds(), NOW);
        let event = receiver_at(NOW).receive(body.as_bytes(), &auth).unwrap();
        assert_eq!(event.created_at, read, "createdAt {created_at}");
    }
}

#[test]
fn an_events_debug_shows_where_it_goes_not_what_it_carries() {
    let body = BODY.replace(
        r#""metadata":"{}""#,
        r#""metadata":"{\"diagnosis\":\"private\"}""#,
    );
    let auth = server_header(body.as_bytes(), &creds(), NOW);
    let event = receiver_at(NOW).receive(body.as_bytes(), &auth).unwrap();
    let debug = format!("{event:?}");
    for shown in [
        "WebhookEvent",
        "track_published",
        "EV_123",
        "consult-42",
        "dr-ada",
        "TR_ghi",
    ] {
        assert!(debug.contains(shown), "{shown} missing from {debug}");
    }
    assert!(!debug.contains("private"), "{debug}");
    // A key as long as a secret (key and secret swapped) is not shown, as in errors.
    let swapped =
        Credentials::new_allowing_insecure_short_secret(common::SECRET, common::API_KEY).unwrap();
    let auth = server_header(body.as_bytes(), &swapped, NOW);
    let verifier = TokenVerifier::new(&swapped).with_clock(FixedClock(NOW));
    let event = WebhookReceiver::new(verifier)
        .receive(body.as_bytes(), &auth)
        .unwrap();
    let debug = format!("{event:?}");
    assert!(
        !debug.contains(common::SECRET) && debug.contains("<not shown: as long as a secret>"),
        "{debug}"
    );
}

#[test]
fn a_tampered_body_is_refused() {
    let auth = server_header(BODY.as_bytes(), &creds(), NOW);
    let tampered = BODY.replace("dr-ada", "mallory");
    assert_eq!(
        receiver_at(NOW)
            .receive(tampered.as_bytes(), &auth)
            .unwrap_err(),
        WebhookError::BodyHashMismatch
    );
    // Re-encoding the same JSON changes the bytes, so it must be refused too.
    let reencoded =
        serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(BODY).unwrap()).unwrap();
    assert_ne!(reencoded, BODY.as_bytes());
    assert_eq!(
        receiver_at(NOW).receive(&reencoded, &auth).unwrap_err(),
        WebhookError::BodyHashMismatch
    );
}

#[test]
fn a_replayed_old_webhook_is_refused_once_its_token_expired() {
    let auth = server_header(BODY.as_bytes(), &creds(), NOW);
    // The receiver keeps no state (SECURITY.md, W02): until then, a replay is accepted.
    let receiver = receiver_at(NOW);
    for _ in 0..2 {
        assert!(receiver.receive(BODY.as_bytes(), &auth).is_ok());
    }
    assert!(
        receiver_at(NOW + 300 + 59)
            .receive(BODY.as_bytes(), &auth)
            .is_ok(),
        "inside the 60 s leeway"
    );
    assert_eq!(
        receiver_at(NOW + 300 + 60)
            .receive(BODY.as_bytes(), &auth)
            .unwrap_err(),
        WebhookError::Token(VerifyError::Expired)
    );
}

#[test]
fn a_webhook_signed_with_another_key_is_refused() {
    let other_secret =
        Credentials::new(common::API_KEY, "another-secret-0123456789abcdef0123").unwrap();
    let auth = server_header(BODY.as_bytes(), &other_secret, NOW);
    assert_eq!(
        receiver_at(NOW)
            .receive(BODY.as_bytes(), &auth)
            .unwrap_err(),
        WebhookError::Token(VerifyError::InvalidSignature)
    );
    let other_key = Credentials::new("APIother", "webhook-secret-0123456789abcdef0123").unwrap();
    let auth = server_header(BODY.as_bytes(), &other_key, NOW);
    assert_eq!(
        receiver_at(NOW)
            .receive(BODY.as_bytes(), &auth)
            .unwrap_err(),
        WebhookError::Token(VerifyError::UnknownApiKey)
    );
    // The verifier's reason is in the message once, not again as `source()`.
    let err = receiver_at(NOW)
        .receive(BODY.as_bytes(), &auth)
        .unwrap_err();
    assert!(std::error::Error::source(&err).is_none());
    let reason = VerifyError::UnknownApiKey.to_string();
    assert_eq!(
        err.to_string(),
        format!("the webhook's token does not verify: {reason}")
    );
}

#[test]
fn missing_header_missing_hash_and_non_event_bodies_are_refused() {
    assert_eq!(
        receiver_at(NOW).receive(BODY.as_bytes(), "").unwrap_err(),
        WebhookError::MissingAuthorization
    );
    for empty in ["Bearer ", "bearer", " Bearer \t"] {
        assert_eq!(
            receiver_at(NOW)
                .receive(BODY.as_bytes(), empty)
                .unwrap_err(),
            WebhookError::MissingAuthorization
        );
    }
    // Not a JWT: the advice is about the header, where `Bearer ` is taken, not the
    // verifier's (pass the token without it).
    for not_a_jwt in ["Basic abc", "Bearer a.b", "Bearer a b.c.d"] {
        let err = receiver_at(NOW)
            .receive(BODY.as_bytes(), not_a_jwt)
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::Token(VerifyError::Malformed(_))),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("the Authorization header holds no JWT")
                && !message.contains("no `Bearer ` prefix"),
            "{message}"
        );
    }
    let no_hash = AccessToken::with_credentials(&creds())
        .add_ttl(300)
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    assert_eq!(
        receiver_at(NOW)
            .receive(BODY.as_bytes(), &no_hash)
            .unwrap_err(),
        WebhookError::MissingBodyHash
    );
    for body in [
        &b"not json"[..],
        b"[]",
        br#"{"id":"EV_1"}"#,
        br#"{"event":""}"#,
    ] {
        let auth = server_header(body, &creds(), NOW);
        assert_eq!(
            receiver_at(NOW).receive(body, &auth).unwrap_err(),
            WebhookError::InvalidBody
        );
    }
}

#[test]
fn the_go_notifiers_token_is_accepted_byte_for_byte() {
    // What the server's notifier sends: golang-jwt's header, and the registered claims in
    // its struct's order, then the body's hash; no identity, no grant.
    let sha = STANDARD.encode(Sha256::digest(BODY.as_bytes()));
    let exp = NOW + 300;
    let payload = format!(
        r#"{{"iss":"{}","exp":{exp},"nbf":{NOW},"iat":{NOW},"sha256":"{sha}"}}"#,
        common::API_KEY
    );
    let auth = common::sign_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &payload,
        common::SECRET.as_bytes(),
    );
    let event = receiver_at(NOW + 1)
        .receive(BODY.as_bytes(), &auth)
        .unwrap();
    assert_eq!(event.id.as_deref(), Some("EV_123"));
    assert_eq!(event.api_key, common::API_KEY);
}

#[test]
fn the_event_names_the_key_that_signed_it() {
    // One receiver for two apps: either app's key verifies, so the handler must be able
    // to tell which app an event is from.
    let keys = "APIclinicA: clinic-a-secret-0123456789abcdef0123\n\
                APIclinicB: clinic-b-secret-0123456789abcdef0123";
    let ring = KeyRing::from_keys_str(keys).unwrap();
    let verifier = TokenVerifier::from_key_ring(ring).unwrap();
    let receiver = WebhookReceiver::new(verifier.with_clock(FixedClock(NOW)));
    for key in ["APIclinicA", "APIclinicB"] {
        let creds = Credentials::from_keys_str(keys, key).unwrap();
        let auth = server_header(BODY.as_bytes(), &creds, NOW);
        let event = receiver.receive(BODY.as_bytes(), &auth).unwrap();
        assert_eq!(event.api_key, key);
        assert!(format!("{event:?}").contains(key));
    }
}

#[test]
fn a_body_naming_a_member_twice_is_refused() {
    // Readers disagree on which one counts (serde keeps the last, Python and protojson
    // refuse the body), so no reading is taken.
    for body in [
        r#"{"event":"room_started","event":"room_finished"}"#,
        r#"{"event":"room_finished","room":{"name":"a","name":"b"}}"#,
    ] {
        let auth = server_header(body.as_bytes(), &creds(), NOW);
        assert_eq!(
            receiver_at(NOW)
                .receive(body.as_bytes(), &auth)
                .unwrap_err(),
            WebhookError::InvalidBody,
            "{body}"
        );
    }
}

#[test]
fn an_empty_body_hash_vouches_for_no_body() {
    let auth = AccessToken::with_credentials(&creds())
        .add_ttl(300)
        .add_sha256("")
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    assert_eq!(
        receiver_at(NOW).receive(b"", &auth).unwrap_err(),
        WebhookError::MissingBodyHash
    );
}

#[test]
fn token_problems_are_told_as_a_receiver_can_act_on_them() {
    let auth = server_header(BODY.as_bytes(), &creds(), NOW);
    let late = receiver_at(NOW + 400)
        .receive(BODY.as_bytes(), &auth)
        .unwrap_err()
        .to_string();
    assert!(
        late.contains("refuse the request") && !late.contains("mint"),
        "{late}"
    );
    // A verifier that allows less than the 5 minutes LiveKit signs for refuses every
    // webhook: the message says what the receiver's verifier needs.
    let strict = |max: u64| {
        let verifier = TokenVerifier::new(&creds())
            .with_clock(FixedClock(NOW))
            .with_max_lifetime(std::time::Duration::from_secs(max));
        WebhookReceiver::new(verifier).receive(BODY.as_bytes(), &auth)
    };
    let refused = strict(299).unwrap_err();
    assert_eq!(refused, WebhookError::Token(VerifyError::LifetimeTooLong));
    assert!(refused.to_string().contains("at least 300 s"), "{refused}");
    assert!(strict(300).is_ok());
    // Tokens the server never sends: without `exp`, or naming an audience. The advice is a
    // receiver's (refuse), not a minter's or a verifier's (mint anew, name the audience).
    let cases = [
        (
            format!(r#"{{"iss":"{}","sha256":"x"}}"#, common::API_KEY),
            VerifyError::MissingClaim("exp"),
            "mint",
        ),
        (
            format!(
                r#"{{"iss":"{}","exp":{},"aud":"x","sha256":"x"}}"#,
                common::API_KEY,
                NOW + 300
            ),
            VerifyError::UnexpectedAudience,
            "with_audience",
        ),
    ];
    for (payload, error, not_advised) in cases {
        let token = common::sign_raw(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &payload,
            common::SECRET.as_bytes(),
        );
        let refused = receiver_at(NOW)
            .receive(BODY.as_bytes(), &token)
            .unwrap_err();
        assert_eq!(refused, WebhookError::Token(error));
        let message = refused.to_string();
        assert!(
            message.contains("refuse the request") && !message.contains(not_advised),
            "{message}"
        );
    }
}

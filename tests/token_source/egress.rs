//! What a client may put in `room_config.egress`, whatever the policy: no credentials, no
//! address egress would send a token or events to, and only the shape the server reads.

use super::*;

#[test]
fn a_proxy_password_is_a_credential_whatever_the_policy() {
    let body = json!({"room_config": {"egress": {"room": {"segmentOutputs": [
        {"s3": {"bucket": "b", "proxy": {"url": "http://p", "username": "u", "password": "hunter2"}}}
    ]}}}});
    let err = refused(&open_policy(), &body);
    assert!(
        matches!(&err, TokenSourceError::SensitiveCredentials { path } if path.ends_with("proxy.password")),
        "{err}"
    );
    assert_eq!(err.status(), 403);
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

/// Egress opens a custom page with a token for the room, hidden from its participants, and
/// sends its events to its webhooks: where, only the server chooses.
#[test]
fn no_policy_lets_a_client_choose_where_egress_sends_a_token_or_events() {
    for (egress, path) in [
        (
            json!({"room": {"custom_base_url": "https://attacker.example/page", "fileOutputs": [{"filepath": "x.mp4"}]}}),
            "room_config.egress.room.custom_base_url",
        ),
        (
            json!({"room": {"customBaseUrl": "https://attacker.example/page"}}),
            "room_config.egress.room.customBaseUrl",
        ),
        (
            json!({"participant": {"webhooks": [{"url": "https://attacker.example/hook"}]}}),
            "room_config.egress.participant.webhooks",
        ),
    ] {
        let err = refused(&open_policy(), &json!({"room_config": {"egress": egress}}));
        assert!(
            matches!(&err, TokenSourceError::Forbidden { field } if field == path),
            "{err:?}"
        );
        assert_eq!(err.status(), 403, "{err}");
    }
    // Empty, as a client writing its defaults sends them, they ask for nothing; neither
    // does an empty list of stream outputs, which holds no stream key.
    let defaults = json!({"room_config": {"egress": {"room": {"custom_base_url": "", "webhooks": [],
        "fileOutputs": [{"filepath": "x.mp4"}], "streamOutputs": [], "segmentOutputs": []}}}});
    let claims = mint(&open_policy(), &defaults.to_string()).unwrap();
    let egress = claims.room_config.and_then(|c| c.egress);
    assert_eq!(
        egress
            .as_ref()
            .map(|e| e["room"]["fileOutputs"][0]["filepath"].clone()),
        Some(json!("x.mp4")),
        "{egress:?}"
    );
}

/// The server refuses a token whose egress it cannot read: the client's mistake, 400,
/// named as the client sent it.
#[test]
fn an_egress_that_is_not_an_object_is_400() {
    for (egress, at) in [
        (json!(5), "room_config.egress"),
        (json!("s3://b"), "room_config.egress"),
        (json!([]), "room_config.egress"),
        (json!(true), "room_config.egress"),
        (json!({"room": "r"}), "room_config.egress.room"),
        (
            json!({"participant": true}),
            "room_config.egress.participant",
        ),
        (json!({"tracks": 5}), "room_config.egress.tracks"),
    ] {
        let err = refused(&open_policy(), &json!({"room_config": {"egress": egress}}));
        assert!(
            matches!(
                &err,
                TokenSourceError::Token(TokenError::EgressNotAnObject { path, .. }) if path == at
            ),
            "{err:?}"
        );
        assert_eq!(err.status(), 400, "{err}");
    }
}

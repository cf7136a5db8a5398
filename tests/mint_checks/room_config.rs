//! A room configuration's egress: a shape the server reads, credentials only with the loud
//! opt-in, nesting the reader can follow.

use super::*;

/// The server reads the egress as the `RoomEgress` message and refuses a token whose egress
/// it cannot read, so one that is not an object, or holds a request that is not one, is
/// refused on both paths.
#[test]
fn n05_an_egress_that_is_not_an_object_is_refused() {
    use serde_json::json;
    for (egress, path, found) in [
        (json!(5), "roomConfig.egress", "a number"),
        (json!("s3://bucket"), "roomConfig.egress", "a string"),
        (json!([{"room": {}}]), "roomConfig.egress", "a list"),
        (json!(true), "roomConfig.egress", "true or false"),
        (
            json!({"room": "my-room"}),
            "roomConfig.egress.room",
            "a string",
        ),
        (
            json!({"tracks": {}, "participant": [1]}),
            "roomConfig.egress.participant",
            "a list",
        ),
        (json!({"tracks": 5}), "roomConfig.egress.tracks", "a number"),
    ] {
        let config = RoomConfiguration::builder().egress(egress).build();
        let typed = join("u", "r").add_room_config(config.clone()).to_jwt();
        let runtime = RuntimeCheckedToken::new(&creds())
            .set_room_config(config)
            .to_jwt_checked();
        for refused in [typed, runtime] {
            let err = refused.unwrap_err();
            assert!(
                matches!(&err, TokenError::EgressNotAnObject { path: p, found: f } if p == path && *f == found),
                "{err:?}"
            );
            assert_eq!(err.field(), Field::RoomConfig);
            assert!(err.to_string().contains("not an object"), "{err}");
        }
    }
    for egress in [
        json!(null),
        json!({}),
        json!({"room": {"roomName": "r"}, "tracks": null, "future": 5}),
    ] {
        let config = RoomConfiguration::builder().egress(egress).build();
        assert!(join("u", "r").add_room_config(config).to_jwt().is_ok());
    }
}

#[test]
fn c05_room_config_credentials_need_the_loud_opt_in() {
    let config = RoomConfiguration::builder()
        .egress(serde_json::json!({"room": {"segmentOutputs": [{"gcp": {"credentials": "{...}", "bucket": "b"}}]}}))
        .build();
    let refused = join("u", "r").add_room_config(config.clone()).to_jwt();
    match refused {
        Err(TokenError::SensitiveCredentials { path }) => {
            assert_eq!(
                path,
                "roomConfig.egress.room.segmentOutputs[0].gcp.credentials"
            )
        }
        other => panic!("expected SensitiveCredentials, got {other:?}"),
    }
    let allowed = join("u", "r")
        .add_room_config(config)
        .allow_sensitive_credentials_in_room_config()
        .to_jwt();
    assert!(allowed.is_ok());
    let refused_runtime = RuntimeCheckedToken::new(&creds())
        .set_room_config(
            RoomConfiguration::builder()
                .egress(serde_json::json!({"tracks": {"s3": {"secret": "x"}}}))
                .build(),
        )
        .to_jwt_checked();
    assert_eq!(field_of(refused_runtime), Field::RoomConfig);
    // Stream URLs carry stream keys: the outputs list and the older single output.
    for (egress, path) in [
        (
            serde_json::json!({"room": {"streamOutputs": [{"urls": ["rtmp://x/live/key"]}]}}),
            "roomConfig.egress.room.streamOutputs",
        ),
        (
            serde_json::json!({"room": {"stream": {"urls": ["rtmp://x/live/key"]}}}),
            "roomConfig.egress.room.stream",
        ),
    ] {
        let config = RoomConfiguration::builder().egress(egress).build();
        match join("u", "r").add_room_config(config).to_jwt() {
            Err(TokenError::SensitiveCredentials { path: p }) => assert_eq!(p, path),
            other => panic!("expected SensitiveCredentials, got {other:?}"),
        }
    }
    // The same egress put in `extra` under its wire name is written the same way: it is
    // refused, opt-in or not (a field is set through its field), and the configuration
    // still reports its credentials.
    let mut smuggled = RoomConfiguration::builder().build();
    smuggled.extra.insert(
        "egress".into(),
        serde_json::json!({"tracks": {"s3": {"secret": "x"}}}),
    );
    assert_eq!(
        smuggled.sensitive_credentials_path().as_deref(),
        Some("roomConfig.egress.tracks.s3.secret")
    );
    for opted_in in [false, true] {
        let mut token = join("u", "r").add_room_config(smuggled.clone());
        if opted_in {
            token = token.allow_sensitive_credentials_in_room_config();
        }
        assert_eq!(field_of(token.to_jwt()), Field::RoomConfig);
    }
}

#[test]
fn a_grant_nested_past_the_readers_depth_says_so() {
    let mut deep = serde_json::json!("leaf");
    for _ in 0..130 {
        deep = serde_json::json!({ "x": deep });
    }
    let config = RoomConfiguration::builder().egress(deep).build();
    let err = join("u", "r").add_room_config(config).to_jwt().unwrap_err();
    assert!(
        matches!(
            err,
            TokenError::NestedTooDeeply {
                field: Field::RoomConfig
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("flatten it"), "{err}");
}

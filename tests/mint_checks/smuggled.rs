//! Known members smuggled through `extra`, where the typed rules never see them: refused
//! in grants and in a room configuration, under any name the server reads.

use serde_json::json;

use super::*;

#[test]
fn grants_from_json_with_repeated_or_case_twin_keys_are_refused_so_every_minted_token_verifies() {
    let twin = |j: serde_json::Value| -> VideoClaims { serde_json::from_value(j).unwrap() };
    let verifier = TokenVerifier::new(&creds());
    for (video, ok) in [
        (
            json!({"room": "r", "newFlag": true, "NEWFLAG": false}),
            false,
        ),
        (json!({"room": "r", "Room": "other"}), false),
        // Read by the server as roomJoin: it would slip past the runtime rules.
        (json!({"room": "r", "roomjoin": true}), false),
        (json!({"room": "r", "RoomAdmin": true}), false),
        (json!({"room": "r", "newFlag": true}), true),
    ] {
        // Members this crate does not know are let through, to test what they may not be.
        let result = RuntimeCheckedToken::new(&creds())
            .add_grants(twin(video.clone()))
            .allow_unknown_members()
            .to_jwt_checked();
        match (result, ok) {
            (Ok(jwt), true) => assert!(verifier.verify(&jwt).is_ok(), "{video}"),
            (
                Err(TokenError::AmbiguousKeys {
                    field: Field::Video,
                }),
                false,
            ) => {}
            (other, _) => panic!("{video}: {other:?}"),
        }
    }
    let config: RoomConfiguration =
        serde_json::from_value(json!({"name": "r", "futureField": 1})).unwrap();
    assert!(
        RuntimeCheckedToken::new(&creds())
            .set_room_config(config)
            .allow_unknown_members()
            .to_jwt_checked()
            .is_ok()
    );
}

#[test]
fn a_known_field_smuggled_through_extra_cannot_bypass_the_runtime_rules() {
    // A room-join flag placed in `extra` would be written as `"roomJoin": true`, which the
    // server (and a plain reader) takes as room join, with no identity and no room.
    let mut video = VideoClaims::new();
    video.extra.insert("roomJoin".into(), true.into());
    // A case twin of a SIP grant member, which the server folds onto it.
    let mut sip = SipGrant::new();
    sip.extra.insert("Admin".into(), true.into());
    for (grant, token) in [
        (
            Field::Video,
            RuntimeCheckedToken::new(&creds()).add_grants(video),
        ),
        (
            Field::Sip,
            RuntimeCheckedToken::new(&creds()).add_sip_grants(sip),
        ),
    ] {
        let minted = token.to_jwt_checked();
        assert!(
            matches!(&minted, Err(TokenError::AmbiguousKeys { field }) if *field == grant),
            "{minted:?}"
        );
    }
}

#[test]
fn a_known_member_in_a_room_configurations_extra_is_refused_under_either_name() {
    let refused = |config: RoomConfiguration| {
        let minted = join("u", "r")
            .add_room_config(config)
            .allow_sensitive_credentials_in_room_config()
            .to_jwt();
        assert!(
            matches!(
                minted,
                Err(TokenError::AmbiguousKeys {
                    field: Field::RoomConfig
                })
            ),
            "{minted:?}"
        );
    };
    let with_extra = |config: RoomConfiguration, key: &str, value: serde_json::Value| {
        let mut config = config;
        config.extra.insert(key.into(), value);
        config
    };
    let empty = RoomConfiguration::default;
    // A dispatch in `extra` would skip the restart-policy and attribute-size checks.
    refused(with_extra(
        empty(),
        "agents",
        json!([{"agentName": "bot", "restartPolicy": "JRP_NEVR"}]),
    ));
    refused(with_extra(
        empty(),
        "agents",
        json!([{"agentName": "bot", "attributes": {"a": "x".repeat(70_000)}}]),
    ));
    // So would a dispatch's own member in its `extra`, under either name.
    for key in ["restart_policy", "restartPolicy"] {
        let mut dispatch = RoomAgentDispatch::from("bot");
        dispatch.extra.insert(key.into(), json!("JRP_NEVR"));
        refused(RoomConfiguration::builder().agents(vec![dispatch]).build());
    }
    // A field's other protojson name next to it, or its own name: protojson refuses both.
    let two = RoomConfiguration::builder().max_participants(2u32).build();
    refused(with_extra(two.clone(), "max_participants", json!(3)));
    refused(with_extra(two, "maxParticipants", json!(3)));
    let named = RoomConfiguration::builder().name("r").build();
    refused(with_extra(named, "name", json!("x")));
    // Egress through `extra` skips nothing the field gets, but it is a field all the same.
    refused(with_extra(
        empty(),
        "egress",
        json!({"tracks": {"filepath": "x"}}),
    ));

    // Members this crate does not know are kept (C01), in the room and in a dispatch, when
    // the token allows them (N07).
    let mut dispatch = RoomAgentDispatch::from("bot");
    dispatch
        .extra
        .insert("futureDispatchField".into(), json!(1));
    let future = with_extra(
        RoomConfiguration::builder().agents(vec![dispatch]).build(),
        "futureRoomField",
        json!({"x": 1}),
    );
    let token = join("u", "r").add_room_config(future);
    let jwt = token.allow_unknown_members().to_jwt().unwrap();
    let claims = TokenVerifier::new(&creds()).verify(&jwt).unwrap();
    let config = claims.room_config.unwrap();
    assert_eq!(config.extra.get("futureRoomField"), Some(&json!({"x": 1})));
    let agents = config.agents.unwrap();
    assert_eq!(agents[0].extra.get("futureDispatchField"), Some(&json!(1)));
}

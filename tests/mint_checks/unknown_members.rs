//! A grant member this crate does not know is refused unless allowed: the server ignores
//! it, so a misspelt permission would be minted and never apply.

use serde_json::json;

use super::*;

fn video(members: serde_json::Value) -> VideoClaims {
    serde_json::from_value(members).unwrap()
}

#[test]
fn n07_a_misspelt_grant_member_is_refused_naming_the_member_it_was_meant_as() {
    let base = json!({"roomJoin": true, "room": "consult-1", "canSubscribe": true});
    for (name, suggestion) in [
        ("can_publish", Some("canPublish")),
        ("CAN-PUBLISH", Some("canPublish")),
        ("canPublsh", Some("canPublish")),
        ("canPublishh", Some("canPublish")),
        ("canPubIish", Some("canPublish")),
        ("room_admin", Some("roomAdmin")),
        ("canPublis", Some("canPublish")),
        // Two slips (letters swapped) are too far to guess.
        ("canPublsih", None),
        ("canPublishAll", None),
        ("futureFlag", None),
    ] {
        let mut members = base.clone();
        members[name] = json!(false);
        let err = RuntimeCheckedToken::new(&creds())
            .set_identity("patient-7")
            .add_grants(video(members))
            .to_jwt_checked()
            .unwrap_err();
        let TokenError::UnknownMember {
            field: Field::Video,
            name: refused,
            suggestion: suggested,
        } = &err
        else {
            panic!("{name}: {err:?}");
        };
        assert_eq!((refused.as_str(), *suggested), (name, suggestion));
        let message = err.to_string();
        assert!(message.contains(&format!("{name:?}")), "{message}");
        assert!(message.contains(".allow_unknown_members()"), "{message}");
        match suggestion {
            Some(known) => assert!(
                message.contains(&format!("did you mean {known:?}?")),
                "{message}"
            ),
            None => assert!(!message.contains("did you mean"), "{message}"),
        }
    }
}

/// The token with each service grant in turn, its `extra` holding `calll`.
macro_rules! each_service_grant {
    ($token:expr) => {
        each_service_grant!($token,
            add_sip_grants(SipGrant::new()) => Sip,
            add_agent_grants(AgentGrant::new()) => Agent,
            add_agent_endpoint_grants(AgentEndpointGrant::new()) => AgentEndpoint,
            add_agent_thread_grants(AgentThreadGrant::new()) => AgentThread,
            add_inference_grants(InferenceGrant::new()) => Inference,
            add_observability_grants(ObservabilityGrant::new()) => Observability,
        )
    };
    ($token:expr, $($add:ident($grant:expr) => $field:ident),+ $(,)?) => {
        [$({
            let mut grant = $grant;
            grant.extra.insert("calll".into(), json!(true));
            (Field::$field, $token.$add(grant))
        }),+]
    };
}

#[test]
fn n07_every_grant_on_both_paths_refuses_an_unknown_member() {
    let refused = |field: Field, minted: Result<String, TokenError>| {
        let Err(TokenError::UnknownMember { field: f, name, .. }) = &minted else {
            panic!("{field:?}: {minted:?}");
        };
        assert_eq!((*f, name.as_str()), (field, "calll"));
    };
    for (field, token) in each_service_grant!(AccessToken::with_owned_credentials(creds())) {
        refused(field, token.to_jwt());
    }
    let runtime = || RuntimeCheckedToken::new(&creds());
    for (field, token) in each_service_grant!(runtime()) {
        refused(field, token.to_jwt_checked());
    }
    let mut video = VideoClaims::new();
    video.extra.insert("calll".into(), json!(true));
    refused(Field::Video, runtime().add_grants(video).to_jwt_checked());
    // A short name is no slip of another: `call` is one letter from `all`, which grants
    // every thread, so none is suggested.
    let mut thread = AgentThreadGrant::new().read(true);
    thread.extra.insert("call".into(), json!(true));
    let minted = runtime().add_agent_thread_grants(thread).to_jwt_checked();
    assert!(
        matches!(
            &minted,
            Err(TokenError::UnknownMember {
                suggestion: None,
                ..
            })
        ),
        "{minted:?}"
    );
}

#[test]
fn n07_an_allowed_unknown_member_is_minted_as_given() {
    let mut sip = SipGrant::new().call(true);
    sip.extra.insert("futureSipFlag".into(), json!(true));
    let jwt = AccessToken::with_owned_credentials(creds())
        .add_sip_grants(sip)
        .allow_unknown_members()
        .to_jwt()
        .unwrap();
    let claims = TokenVerifier::new(&creds()).verify(&jwt).unwrap();
    let sip = claims.sip.unwrap();
    assert_eq!(sip.extra.get("futureSipFlag"), Some(&json!(true)));

    // A refreshed token carries its grants' members over, and asks the same.
    let mut members = json!({"roomJoin": true, "room": "r", "futureFlag": 1});
    let jwt = RuntimeCheckedToken::new(&creds())
        .set_identity("u")
        .add_grants(video(members.take()))
        .allow_unknown_members()
        .to_jwt_checked()
        .unwrap();
    let claims = TokenVerifier::new(&creds()).verify(&jwt).unwrap();
    let refresh = || RuntimeCheckedToken::from_claims(&creds(), claims.clone()).unwrap();
    assert!(matches!(
        refresh().to_jwt_checked(),
        Err(TokenError::UnknownMember {
            field: Field::Video,
            ..
        })
    ));
    let again = refresh().allow_unknown_members().to_jwt_checked().unwrap();
    let video = TokenVerifier::new(&creds())
        .verify(&again)
        .unwrap()
        .video
        .unwrap();
    assert_eq!(video.extra.get("futureFlag"), Some(&json!(1)));
}

#[test]
fn n07_the_refused_name_is_capped_and_shown_escaped() {
    let name = format!("x\u{1b}[2J\n{}", "y".repeat(100));
    let mut members = json!({"room": "r"});
    members[name.as_str()] = json!(true);
    let err = RuntimeCheckedToken::new(&creds())
        .add_grants(video(members))
        .to_jwt_checked()
        .unwrap_err();
    let TokenError::UnknownMember { name: shown, .. } = &err else {
        panic!("{err:?}");
    };
    // Its first 64 characters, then `…`, so that nobody takes the cut name for the whole.
    assert_eq!(shown.chars().count(), 65);
    assert!(
        shown.starts_with("x\u{1b}[2J\n") && shown.ends_with("y…"),
        "{shown:?}"
    );
    let message = err.to_string();
    assert!(
        !message.contains('\n') && !message.contains('\u{1b}'),
        "{message}"
    );
}

#[test]
fn n07_an_unknown_member_of_the_room_configuration_or_a_dispatch_is_refused_too() {
    // The server reads the configuration with protojson, which drops what it does not know:
    // a misspelt limit would not apply.
    let config =
        |room: serde_json::Value| -> RoomConfiguration { serde_json::from_value(room).unwrap() };
    for room in [
        json!({"name": "consult-1", "max_participant": 2}),
        json!({"agents": [{"agentName": "scribe", "restart_polcy": "JRP_NEVER"}]}),
    ] {
        let minted = join("u", "r")
            .add_room_config(config(room.clone()))
            .to_jwt();
        assert!(
            matches!(
                &minted,
                Err(TokenError::UnknownMember {
                    field: Field::RoomConfig,
                    suggestion: None,
                    ..
                })
            ),
            "{room}: {minted:?}"
        );
        let minted = RuntimeCheckedToken::new(&creds())
            .set_room_config(config(room.clone()))
            .to_jwt_checked();
        assert!(
            matches!(&minted, Err(TokenError::UnknownMember { .. })),
            "{room}: {minted:?}"
        );
        let allowed = join("u", "r")
            .add_room_config(config(room.clone()))
            .allow_unknown_members()
            .to_jwt();
        assert!(allowed.is_ok(), "{room}: {allowed:?}");
    }
}

//! Requests the endpoint refuses, and the status and message each gets: fields the policy
//! does not open, required fields left out, escalation, limits (names a policy does not
//! list are `listed_names.rs`).

use super::*;

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
    // A value of the wrong type deep in an object: the advice is about types, as the
    // body is an object already.
    let err = refused(
        &open,
        &json!({"room_config": {"agents": {"agent_name": "a"}}}),
    );
    let message = err.to_string();
    assert!(
        message.contains("expected a sequence") && message.contains("each of the type"),
        "{message}"
    );
    // Inside room_config: members this crate does not know, the members of a dispatch
    // client SDKs never send, and credentials, whatever the policy allows.
    for (body, status) in [
        (json!({"room_config": {"futureAdminFlag": true}}), 403),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "restart_policy": "JRP_NEVER"}]}}),
            403,
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "grants": {}}]}}),
            403,
        ),
        // Agent attributes under another spelling are an unknown member, not attributes.
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "agentAttributes": {"k": "v"}}]}}),
            403,
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "a", "agent_attributes": {"k": "v"}}]}}),
            403,
        ),
        (json!({"agent_attributes": {"k": "v"}}), 400),
        (
            json!({"room_config": {"egress": {"room": {"file_outputs": [{"s3": {"access_key": "AK", "secret": "S"}}]}}}}),
            403,
        ),
        (
            json!({"room_config": {"egress": {"tracks": {"azure": {"account_key": "k"}}}}}),
            403,
        ),
        // Stream URLs carry stream keys, in the outputs list or the older single output.
        (
            json!({"room_config": {"egress": {"room": {"stream_outputs": [{"urls": ["rtmp://x/live/key"]}]}}}}),
            403,
        ),
        (
            json!({"room_config": {"egress": {"room": {"stream": {"urls": ["rtmp://x/live/key"]}}}}}),
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
    // A restart policy is never the client's, known or not, whatever it is spelt (the
    // default, JRP_ON_FAILURE, is no policy: see accepted.rs).
    for policy in [json!("JRP_ALWAYS"), json!("jrp_never"), json!(""), json!(7)] {
        let body =
            json!({"room_config": {"agents": [{"agent_name": "a", "restart_policy": policy}]}});
        let err = refused(&open, &body);
        assert!(
            matches!(&err, TokenSourceError::Forbidden { field } if field == "room_config.agents[0].restart_policy"),
            "{body}: {err}"
        );
    }
    // A member name the client chose is capped and escaped where it is echoed.
    let err = refused(
        &open,
        &json!({"room_config": {"agents": [{"agent_name": "a", "x\n\u{1b}[31m": 1}]}}),
    );
    assert!(
        matches!(&err, TokenSourceError::Forbidden { field } if field == "room_config.agents[0].x\\n\\u{1b}[31m"),
        "{err:?}"
    );
    let err = refused(
        &open,
        &json!({"room_config": {"egress": {"room": {"s3": {"secret": "S"}}}}}),
    );
    assert!(
        matches!(&err, TokenSourceError::SensitiveCredentials { path } if path == "room_config.egress.room.s3.secret"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("\"S\""),
        "the secret is not echoed: {err}"
    );
}

#[test]
fn values_over_the_servers_limits_are_400_from_check() {
    let open = open_policy();
    for body in [
        json!({"participant_identity": "x".repeat(257)}),
        json!({"room_name": "r".repeat(257)}),
        json!({"participant_name": "n".repeat(257)}),
        json!({"participant_metadata": "m".repeat(512 * 1024 + 1)}),
        json!({"participant_attributes": {"k": "v".repeat(64 * 1024)}}),
        // A dispatched agent joins with these as its participant attributes.
        json!({"room_config": {"agents": [{"attributes": {"k": "v".repeat(64 * 1024)}}]}}),
    ] {
        // Refused by `check` itself, before the server adds anything to the token.
        let request = TokenSourceRequest::from_json(body.to_string().as_bytes()).unwrap();
        let err = open.check(request).unwrap_err();
        assert!(
            matches!(err, TokenSourceError::Token(TokenError::TooLong { .. })),
            "{err}"
        );
        assert_eq!(err.status(), 400);
        assert!(err.to_string().contains("over the server's limit"), "{err}");
        assert_eq!(refused(&open, &body).status(), 400, "{body}");
    }
    // At the limits, each is minted (a token this large is over the default verifier's
    // 64 KiB, so it is only minted here).
    let at_limits = json!({
        "participant_identity": "x".repeat(256),
        "room_name": "r".repeat(256),
        "participant_name": "n".repeat(256),
        "participant_metadata": "m".repeat(512 * 1024),
        "participant_attributes": {"k": "v".repeat(64 * 1024 - 1)},
        "room_config": {"agents": [{"attributes": {"k": "v".repeat(64 * 1024 - 1)}}]},
    });
    let request = TokenSourceRequest::from_json(at_limits.to_string().as_bytes()).unwrap();
    let permitted = open.check(request).unwrap();
    assert_eq!(permitted.identity().len(), 256);
    let jwt = permitted
        .mint_with_clock(&creds(), &FixedClock(NOW))
        .unwrap();
    assert!(jwt.len() > 512 * 1024, "{}", jwt.len());
    let err = refused(
        &open,
        &json!({"participant_attributes": {"k": "v".repeat(64 * 1024)}}),
    );
    assert_eq!(
        err.to_string(),
        "65537 bytes of attributes, over the server's limit of 65536 bytes: shorten the attributes"
    );
}

#[test]
fn every_value_and_member_name_the_client_sent_is_echoed_capped_and_escaped() {
    let open = open_policy();
    let long_key = format!("K\n\u{1b}[31m{}", "k".repeat(3000));
    // Each value is long, so what is echoed of it is the cap: its first 64 characters and
    // `…`, or `…` and a path's last 64, which here are 57 of the member name and `.secret`.
    let cases = [
        // The room the token joins, named by the client, against room_config.name.
        (
            json!({"room_name": "R".repeat(5000), "room_config": {"name": "x"}}),
            400,
            'R',
            64,
        ),
        // A path through member names the client chose, to a credential.
        (
            json!({"room_config": {"egress": {"room": {long_key.as_str(): {"secret": "s"}}}}}),
            403,
            'k',
            57,
        ),
        // Values the JSON reader quotes in its message.
        (
            json!({"room_config": {"max_participants": "A".repeat(300)}}),
            400,
            'A',
            64,
        ),
        (
            json!({"participant_attributes": "A".repeat(300)}),
            400,
            'A',
            64,
        ),
    ];
    for (body, status, echoed, run) in cases {
        let err = refused(&open, &body);
        let message = err.to_string();
        assert_eq!(err.status(), status, "{message}");
        let longest_run = message
            .split(|c| c != echoed)
            .map(|run| run.chars().count())
            .max();
        assert_eq!(longest_run, Some(run), "echoed, capped: {message}");
        assert!(
            !message.chars().any(char::is_control),
            "no raw control character: {message:?}"
        );
    }
    // Names held to a policy's lists: an attribute key, an agent, an agent's attribute key.
    let listed = TokenSourcePolicy::new()
        .allow_attributes(["lang"])
        .allow_agents(["bot"])
        .allow_agent_attributes(["mode"]);
    let long = "n".repeat(500);
    for body in [
        json!({"participant_attributes": {long.as_str(): "x"}}),
        json!({"room_config": {"agents": [{"agent_name": long}]}}),
        json!({"room_config": {"agents": [{"agent_name": "bot", "attributes": {long.as_str(): "x"}}]}}),
    ] {
        let message = refused(&listed, &body).to_string();
        let longest_run = message.split(|c| c != 'n').map(str::len).max();
        assert_eq!(longest_run, Some(64), "echoed, capped: {message}");
        assert!(
            message.contains(&format!("{}…", "n".repeat(64))),
            "{message}"
        );
    }
    let err = refused(
        &open,
        &json!({"room_config": {"egress": {"room": {long_key.as_str(): {"secret": "s"}}}}}),
    );
    assert!(
        matches!(&err, TokenSourceError::SensitiveCredentials { path } if path.chars().count() == 65 && path.starts_with('…') && path.ends_with("k.secret")),
        "the path keeps the member it names: {err}"
    );
}

/// A member named twice anywhere in a body: protojson refuses it, and another reader may
/// take the other value than the one minted.
#[test]
fn a_member_named_twice_anywhere_in_the_body_is_400() {
    for body in [
        r#"{"participant_attributes":{"role":"patient","role":"doctor"}}"#,
        r#"{"room_config":{"tags":{"a":"1","\u0061":"2"}}}"#,
        r#"{"room_config":{"agents":[{"agent_name":"bot","attributes":{"k":"1","k":"2"}}]}}"#,
    ] {
        let err = mint(&open_policy(), body).unwrap_err();
        assert!(
            matches!(err, TokenSourceError::Malformed { .. }),
            "{body}: {err:?}"
        );
        assert_eq!(err.status(), 400, "{err}");
    }
}

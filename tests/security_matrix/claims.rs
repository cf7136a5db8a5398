//! Claim types and shape, room joins (C rules).

use super::*;

#[test]
fn c01_unknown_claims_and_fields_are_kept_not_refused() {
    let t = signed(
        HEADER,
        &claims(
            json!({"future": {"x": 1}, "room_join": true, "video": {"roomJoin": true, "room": "r", "newFlag": true},
            "roomConfig": {"name": "r", "newField": 3}}),
        ),
    );
    let c = verifier().verify_both(&t).unwrap();
    assert_eq!(c.extra.get("future"), Some(&json!({"x": 1})));
    assert_eq!(c.extra.get("room_join"), Some(&json!(true)));
    assert_eq!(
        c.video.as_ref().unwrap().extra.get("newFlag"),
        Some(&json!(true))
    );
    assert_eq!(
        c.room_config.as_ref().unwrap().extra.get("newField"),
        Some(&json!(3))
    );
}

#[test]
fn c01_a_restart_policy_a_newer_livekit_defines_is_read_but_never_minted() {
    // The server reads `roomConfig` with protojson, discarding unknown names and keeping
    // unknown numbers; a token from a newer minter must not fail here over either.
    let agents = json!([
        {"agentName": "a", "restartPolicy": "JRP_ALWAYS"},
        {"agentName": "b", "restartPolicy": 7},
        {"agentName": "c", "restartPolicy": "JRP_NEVER"},
    ]);
    let t = signed(
        HEADER,
        &claims(json!({"roomConfig": {"name": "r", "agents": agents}})),
    );
    let c = verifier().verify_both(&t).unwrap();
    let dispatches = c.room_config.as_ref().unwrap().agents.clone().unwrap();
    let policies: Vec<_> = dispatches
        .iter()
        .map(|d| d.restart_policy.as_ref())
        .collect();
    let [
        Some(JobRestartPolicy::Unrecognized(name)),
        Some(JobRestartPolicy::Unrecognized(number)),
        Some(JobRestartPolicy::Never),
    ] = policies[..]
    else {
        panic!("{policies:?}")
    };
    assert_eq!(
        (name.name(), number.number()),
        (Some("JRP_ALWAYS"), Some(7))
    );
    assert_eq!(
        serde_json::to_value(&dispatches).unwrap(),
        agents,
        "kept as read"
    );

    // Minted only when known: the server ignores a name it does not know, so a misspelt
    // policy would silently become the default. Re-minting such claims says so.
    let err = RuntimeCheckedToken::from_claims(&creds(), c)
        .unwrap()
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap_err();
    assert_eq!(err.field(), Field::RoomConfig);
    assert!(
        err.to_string().contains(
            "\"JRP_ALWAYS\" is not a restart policy: use one of JRP_ON_FAILURE, JRP_NEVER"
        ),
        "{err}"
    );
    let mint = |policy: Value| {
        let agent: RoomAgentDispatch =
            serde_json::from_value(json!({"agentName": "a", "restartPolicy": policy})).unwrap();
        let config = RoomConfiguration::builder().agents(vec![agent]).build();
        AccessToken::with_credentials(&creds())
            .add_identity("u")
            .add_grants(VideoGrant::new().room_join().room("r"))
            .add_room_config(config)
            .to_jwt()
    };
    for misspelt in [json!("JRP_NEVR"), json!("jrp_never"), json!(7)] {
        let err = mint(misspelt.clone()).unwrap_err();
        assert!(
            matches!(err, TokenError::UnknownValue { .. }),
            "{misspelt}: {err}"
        );
    }
    for known in [json!("JRP_NEVER"), json!(0)] {
        assert!(mint(known.clone()).is_ok(), "{known}");
    }
}

#[test]
fn c02_wrong_claim_types_are_invalid_naming_the_claim() {
    for (extra, name) in [
        (json!({"sub": 5}), "sub"),
        (json!({"jti": 5}), "jti"),
        // Go's minter repeats `sub` as `identity`; the server reads it into a string.
        (json!({"identity": 5}), "identity"),
        (json!({"identity": ["u"]}), "identity"),
        (json!({"aud": 5}), "aud"),
        (json!({"name": {}}), "name"),
        (json!({"video": "x"}), "video"),
        (json!({"video": {"roomAdmin": "true"}}), "video"),
        (json!({"video": {"canPublish": 1}}), "video"),
        // Stricter than the server's protojson, which also reads a 32-bit integer written
        // as a string or with a fraction of zero; no minter writes either.
        (
            json!({"roomConfig": {"maxParticipants": "5"}}),
            "roomConfig",
        ),
        (json!({"roomConfig": {"emptyTimeout": 5.0}}), "roomConfig"),
        // An egress the server cannot read as its `RoomEgress` message.
        (json!({"roomConfig": {"egress": "s3://b"}}), "roomConfig"),
        (json!({"roomConfig": {"egress": [{}]}}), "roomConfig"),
        (json!({"roomConfig": {"egress": {"room": 5}}}), "roomConfig"),
        (
            json!({"roomConfig": {"egress": {"participant": true}}}),
            "roomConfig",
        ),
        (
            json!({"roomConfig": {"egress": {"tracks": [{}]}}}),
            "roomConfig",
        ),
        (
            json!({"roomConfig": {"agents": [{"restartPolicy": 1.0}]}}),
            "roomConfig",
        ),
        // Stricter than the server, whose Go reader takes a `null` in a list or map of
        // text as `""`; no minter writes one.
        (json!({"kindDetails": [null]}), "kindDetails"),
        (json!({"attributes": {"a": null}}), "attributes"),
        (json!({"video": {"canPublishSources": [null]}}), "video"),
    ] {
        assert_eq!(
            err(&signed(HEADER, &claims(extra.clone()))),
            VerifyError::InvalidClaim(name),
            "{extra}"
        );
    }
    // Integers as protojson also reads them, written as text here (a JSON value would
    // print them as `5.0` and `0`).
    for number in ["5e0", "-0", "50e-1"] {
        let payload = format!(
            r#"{{"iss":"{KEY}","sub":"u","exp":{},"roomConfig":{{"emptyTimeout":{number}}}}}"#,
            NOW + 600
        );
        assert_eq!(
            err(&signed(HEADER, &payload)),
            VerifyError::InvalidClaim("roomConfig"),
            "{payload}"
        );
    }
    // `null` is not a string either (`claims()` reads a null as "leave the claim out").
    for name in ["sub", "jti"] {
        let payload = format!(r#"{{"iss":"{KEY}","{name}":null,"exp":{}}}"#, NOW + 600);
        assert_eq!(
            err(&signed(HEADER, &payload)),
            VerifyError::InvalidClaim(name),
            "{payload}"
        );
    }
}

#[test]
fn c03_audience_is_refused_unless_configured() {
    // Stricter than the server: RFC 7519 says a token for someone else MUST be rejected.
    let t = signed(HEADER, &claims(json!({"aud": "x"})));
    assert_eq!(err(&t), VerifyError::UnexpectedAudience);
    assert!(
        err(&t).to_string().contains("with_audience"),
        "the message names the way to expect it"
    );
    assert!(verifier().with_audience("x").verify_both(&t).is_ok());
    // An expected audience does not make one required: LiveKit's tokens carry none.
    let none = signed(HEADER, &claims(json!({})));
    assert!(verifier().with_audience("x").verify_both(&none).is_ok());
    let list = signed(HEADER, &claims(json!({"aud": ["y", "x"]})));
    assert!(verifier().with_audience("x").verify_both(&list).is_ok());
    assert_eq!(
        verifier().with_audience("z").verify_both(&list),
        Err(VerifyError::UnexpectedAudience)
    );
    // An audience that is neither a string nor a list of strings is the wrong type, even
    // where a string in the list is the one expected.
    for aud in [json!(5), json!(["x", 5]), json!([null])] {
        let wrong = signed(HEADER, &claims(json!({ "aud": aud })));
        assert_eq!(
            verifier().with_audience("x").verify_both(&wrong),
            Err(VerifyError::InvalidClaim("aud")),
            "{aud}"
        );
    }
}

#[test]
fn c04_every_minted_token_verifies_here_with_identical_grants() {
    // The official Node and Python verifiers are checked in tests/interop/ (case_matrix.rs).
    let grant = VideoGrant::new()
        .room_join()
        .room("r")
        .can_publish(false)
        .can_publish_sources([TrackSource::Camera]);
    let jwt = AccessToken::with_credentials(&creds())
        .add_identity("u")
        .add_attributes([("k", "v")])
        .add_grants(grant.clone())
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let joined = verifier().verify_room_join(&jwt).unwrap();
    assert_eq!(joined.video(), &grant.claims());
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jwt.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT"}),
        "no crit, no other alg"
    );
    assert!(
        joined.claims().extra.is_empty(),
        "no aud or other stray claims"
    );
    // Metadata may be 512 KiB, a token past the verifier's default 64 KiB: it verifies
    // once the limit is raised, as the refusal says.
    let large = AccessToken::with_credentials(&creds())
        .add_identity("u")
        .add_metadata("m".repeat(100_000))
        .add_grants(grant)
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let refused = verifier().verify(&large).unwrap_err();
    assert!(matches!(refused, VerifyError::TooLarge { .. }), "{refused}");
    assert!(refused.to_string().contains("with_max_token_bytes"));
    let raised = verifier().with_max_token_bytes(large.len()).unwrap();
    assert_eq!(
        raised.verify(&large).unwrap().metadata.map(|m| m.len()),
        Some(100_000)
    );
}

#[test]
fn c05_mint_refuses_join_without_identity_and_credentials_in_room_config() {
    let video: VideoClaims =
        serde_json::from_value(json!({"roomJoin": true, "room": "r"})).unwrap();
    let e = RuntimeCheckedToken::new(&creds())
        .add_grants(video)
        .to_jwt_checked();
    assert!(matches!(e, Err(TokenError::RoomJoinWithoutIdentity)));
    let config = RoomConfiguration::builder()
        .egress(json!({"room": {"fileOutputs": [{"s3": {"secret": "s"}}]}}))
        .build();
    let e = AccessToken::with_credentials(&creds())
        .add_room_config(config)
        .to_jwt();
    assert!(matches!(e, Err(TokenError::SensitiveCredentials { .. })));
}

#[test]
fn verify_room_join_requires_join_identity_and_room() {
    assert_eq!(
        verifier().verify_room_join(&signed(
            HEADER,
            &claims(json!({"video": {"roomCreate": true}}))
        )),
        Err(VerifyError::NotRoomJoin)
    );
    assert_eq!(
        verifier().verify_room_join(&signed(
            HEADER,
            &claims(json!({"video": {"roomJoin": true}}))
        )),
        Err(VerifyError::MissingClaim("video.room"))
    );
    assert_eq!(
        verifier().verify_room_join(&signed(HEADER, &claims(json!({"sub": ""})))),
        Err(VerifyError::MissingClaim("sub"))
    );
    let with_jti = verifier()
        .verify_room_join(&signed(
            HEADER,
            &claims(json!({"sub": null, "jti": "from-jti"})),
        ))
        .unwrap();
    assert_eq!(
        with_jti.identity(),
        "from-jti",
        "identity falls back to jti, as the server does"
    );
    let joined = verifier().verify_room_join(&good()).unwrap();
    assert_eq!((joined.identity(), joined.room()), ("u", "r"));
    assert_eq!(joined.video().room.as_deref(), Some("r"));
    assert_eq!(joined.claims().iss.as_deref(), Some(KEY));
    assert_eq!(joined.into_claims().sub.as_deref(), Some("u"));
}

/// `dangerous::decode_untrusted` skips the signature, issuer and times, not the form:
/// it returns the token's own claims, and a date that is not a number still names itself.
#[test]
fn c02_untrusted_decoding_returns_the_claims_and_keeps_the_type_checks() {
    let forged = signed_with(
        HEADER,
        &claims(json!({})),
        b"any-other-secret-0123456789abcdef",
    );
    let untrusted = dangerous::decode_untrusted(&forged).unwrap();
    assert_eq!(untrusted.untrusted_claims().identity(), Some("u"));
    assert_eq!(untrusted.into_untrusted_claims().identity(), Some("u"));
    for member in ["exp", "nbf"] {
        let token = signed(HEADER, &claims(json!({ member: "soon" })));
        assert_eq!(
            dangerous::decode_untrusted(&token).err(),
            Some(VerifyError::InvalidClaim(member)),
        );
    }
    // The registered claims' types too, `null` included, as `verify` reads them
    // (`claims()` reads a null as "leave the claim out", so these are set by hand).
    let with = |member: &str, value: Value| {
        let mut payload: Value = serde_json::from_str(&claims(json!({}))).unwrap();
        payload[member] = value;
        signed(HEADER, &payload.to_string())
    };
    for (member, value) in [
        ("sub", Value::Null),
        ("jti", json!(5)),
        ("aud", json!(5)),
        ("aud", json!(["x", 5])),
        ("nbf", Value::Null),
        // Out of range, not "never expires" (T07).
        ("exp", json!(u64::MAX)),
        ("exp", json!(9_007_199_254_740_992u64)),
        ("nbf", json!(1e300)),
    ] {
        let token = with(member, value.clone());
        assert_eq!(
            dangerous::decode_untrusted(&token).err(),
            Some(VerifyError::InvalidClaim(member)),
            "{member}: {value}"
        );
        assert_eq!(
            verifier().verify(&token).err(),
            Some(VerifyError::InvalidClaim(member)),
            "{member}: {value}"
        );
    }
    // A null expiry or an audience nobody configured: what untrusted decoding does not check.
    for (member, value) in [("exp", Value::Null), ("aud", json!("someone"))] {
        let token = with(member, value.clone());
        assert!(
            dangerous::decode_untrusted(&token).is_ok(),
            "{member}: {value}"
        );
        assert!(verifier().verify(&token).is_err(), "{member}: {value}");
    }
    // The size limit is the verifier's default.
    let metadata = "m".repeat(livekit_access_token::DEFAULT_MAX_TOKEN_BYTES);
    let big = signed(HEADER, &claims(json!({ "metadata": metadata })));
    assert!(matches!(
        dangerous::decode_untrusted(&big),
        Err(VerifyError::TooLarge { .. })
    ));
}

//! The server's mistakes are its own: a policy the minter refuses is a 500 (`Setup`),
//! never blamed on the client (E08).

use super::*;

#[test]
fn a_policy_ttl_under_a_second_is_the_servers_error_500() {
    let policy = TokenSourcePolicy::new().ttl(std::time::Duration::from_millis(999));
    let err = refused(&policy, &json!({}));
    assert!(
        matches!(err, TokenSourceError::Setup(TokenError::ZeroTtl)),
        "{err}"
    );
    assert_eq!(err.status(), 500);
    let whole = TokenSourcePolicy::new().ttl(std::time::Duration::from_millis(1999));
    let claims = mint(&whole, "{}").unwrap();
    assert_eq!(claims.exp.zip(claims.nbf).map(|(e, n)| e - n), Some(1));
}

#[test]
fn a_policy_value_the_minter_refuses_is_the_servers_error_500_a_clients_is_400() {
    let mut typo = VideoClaims::new();
    typo.can_publish_sources = Some(vec!["camra".into()]);
    let mut twin = VideoClaims::new();
    twin.extra.insert("CanPublish".into(), true.into());
    let long_prefix = "i".repeat(300);
    for policy in [
        TokenSourcePolicy::new().grant(typo),
        TokenSourcePolicy::new().grant(twin),
        TokenSourcePolicy::new().generated_name_prefixes(long_prefix.as_str(), "room_"),
        TokenSourcePolicy::new().generated_name_prefixes("user_", long_prefix.as_str()),
    ] {
        let err = refused(&policy, &json!({}));
        assert!(matches!(err, TokenSourceError::Setup(_)), "{err:?}");
        assert_eq!(err.status(), 500, "{err}");
    }
    // The same limits on a value the client sent are the client's to fix.
    let open = open_policy();
    for body in [
        json!({"participant_identity": "i".repeat(300)}),
        json!({"room_name": "r".repeat(300)}),
        json!({"participant_name": "n".repeat(300)}),
    ] {
        let err = refused(&open, &body);
        assert!(
            matches!(err, TokenSourceError::Token(TokenError::TooLong { .. })),
            "{body}: {err:?}"
        );
        assert_eq!(err.status(), 400, "{body}");
    }
    // So are values that alone make a token larger than the server reads (a quote is
    // written `\"`; the room configuration's metadata has no limit of its own).
    for body in [
        json!({"participant_metadata": "\"".repeat(400 * 1024)}),
        json!({"room_config": {"metadata": "m".repeat(800 * 1024)}}),
    ] {
        let err = refused(&open, &body);
        let too_long = matches!(&err, TokenSourceError::Token(e @ TokenError::TooLong { .. }) if e.field() == Field::Token);
        assert!(too_long, "{err:?}");
        assert_eq!(err.status(), 400);
    }
    // What the server adds through `into_token` is its own: an identity of its own over
    // the limits, converted with `?`, is 500 with a message for its log, not the client.
    let through_into_token = || -> Result<String, TokenSourceError> {
        let request = TokenSourceRequest::from_json(br#"{"participant_name":"n"}"#)?;
        let permitted = open.check(request)?;
        let own_identity = "i".repeat(300);
        Ok(permitted
            .into_token(&creds())
            .set_identity(own_identity)
            .to_jwt_checked()?)
    };
    let err = through_into_token().unwrap_err();
    assert!(
        matches!(err, TokenSourceError::Setup(TokenError::TooLong { .. })),
        "{err:?}"
    );
    assert_eq!(err.status(), 500, "{err}");
    // Attributes the server adds count with the client's: within the limit alone, over it
    // together, which the server chose.
    let body = json!({"participant_attributes": {"k": "v".repeat(40 * 1024)}});
    let request = TokenSourceRequest::from_json(body.to_string().as_bytes()).unwrap();
    let err = open
        .check(request)
        .unwrap()
        .into_token(&creds())
        .add_attributes([("role", "r".repeat(30 * 1024))])
        .to_jwt_checked()
        .map_err(TokenSourceError::from)
        .unwrap_err();
    assert!(
        matches!(
            err,
            TokenSourceError::Setup(TokenError::TooLong {
                field: Field::Attributes,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), 500, "{err}");
}

#[test]
fn the_largest_request_check_lets_through_mints_and_a_byte_more_is_the_clients_400() {
    // Identity and room at their limits, so what the client names counts in full.
    let (identity, room) = ("i".repeat(256), "r".repeat(256));
    let body = |quotes: usize| {
        let metadata = "\"".repeat(quotes);
        json!({"participant_identity": identity, "room_name": room, "participant_metadata": metadata})
    };
    let checked = |quotes: usize| {
        let request = TokenSourceRequest::from_json(body(quotes).to_string().as_bytes()).unwrap();
        open_policy().check(request)
    };
    let fits = common::largest_fitting(limits::MAX_METADATA_BYTES, |n| checked(n).is_ok());
    let err = checked(fits + 1).unwrap_err();
    let too_long = matches!(&err, TokenSourceError::Token(e @ TokenError::TooLong { .. }) if e.field() == Field::Token);
    assert!(too_long && err.status() == 400, "{err:?}");
    // What check lets through mints: measured with a 128-byte API key, the token is only
    // that much shorter with this one, and no more.
    let jwt = checked(fits).unwrap().mint(&creds()).unwrap();
    let slack = limits::MAX_TOKEN_BYTES - jwt.len();
    let key_bytes = (128 - common::API_KEY.len()) * 4 / 3;
    assert!((key_bytes..key_bytes + 4).contains(&slack), "{slack}");
}

#[test]
fn a_request_check_lets_through_mints_with_any_identity_the_server_sets() {
    // The client names a short identity (or none, and one is generated); the server then
    // sets its own, up to the limit, as the README's recipe does. Whatever `check` let
    // through must still mint: a failure now would be a 500 the client caused.
    for asked in [json!("u"), json!(null)] {
        let body = |quotes: usize| {
            let metadata = "\"".repeat(quotes);
            json!({"participant_identity": asked, "room_name": "r", "participant_metadata": metadata})
        };
        let checked = |quotes: usize| {
            let request =
                TokenSourceRequest::from_json(body(quotes).to_string().as_bytes()).unwrap();
            open_policy().check(request)
        };
        let fits = common::largest_fitting(limits::MAX_METADATA_BYTES, |n| checked(n).is_ok());
        let server_identity = "s".repeat(limits::MAX_IDENTITY_BYTES);
        let jwt = checked(fits)
            .unwrap()
            .into_token(&creds())
            .set_identity(&server_identity)
            .to_jwt_checked();
        assert!(jwt.is_ok(), "{asked}: {jwt:?}");
    }
}

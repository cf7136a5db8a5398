//! Values against the server's limits: empty, too long, and an empty limit, which allows
//! everything (N01, N04).

use super::*;

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

    // An empty list of agents to dispatch reads as none given, and the server then starts
    // every agent registered for automatic dispatch.
    let no_agents = || RoomConfiguration::builder().agents(Vec::new()).build();
    let typed = AccessToken::with_owned_credentials(creds()).add_room_config(no_agents());
    refused_as_empty_limit(typed.to_jwt(), Field::RoomConfig, "automatic dispatch");
    let runtime = RuntimeCheckedToken::new(&creds()).set_room_config(no_agents());
    refused_as_empty_limit(
        runtime.to_jwt_checked(),
        Field::RoomConfig,
        "leave the list out",
    );
    let one = RoomConfiguration::builder()
        .agents(vec!["bot".into()])
        .build();
    let typed = AccessToken::with_owned_credentials(creds()).add_room_config(one);
    assert!(typed.to_jwt().is_ok());

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
fn n01_a_token_larger_than_the_server_reads_is_refused_though_each_value_fits() {
    assert_eq!(limits::MAX_TOKEN_BYTES, 1_000_000);
    // A quote is written `\"`, two bytes of payload; under the metadata limit, enough of
    // them make a token the server would answer with 431 before reading it.
    let mint = |quotes: usize, plain: usize| {
        let metadata = format!("{}{}", "\"".repeat(quotes), "m".repeat(plain));
        join("u", "r").add_metadata(metadata).to_jwt()
    };
    let err = mint(limits::MAX_METADATA_BYTES, 0).unwrap_err();
    assert!(
        err.to_string().contains("carry less in it (metadata,"),
        "{err}"
    );
    // The largest token minted is the limit exactly, and a byte more is refused.
    let fits = common::largest_fitting(limits::MAX_METADATA_BYTES, |n| mint(n, 0).is_ok());
    let mut plain = 0;
    while mint(fits, plain + 1).is_ok() {
        plain += 1;
    }
    assert_eq!(mint(fits, plain).unwrap().len(), limits::MAX_TOKEN_BYTES);
    assert!(matches!(
        mint(fits, plain + 1),
        Err(TokenError::TooLong { field: Field::Token, len, max: limits::MAX_TOKEN_BYTES })
            if len > limits::MAX_TOKEN_BYTES
    ));
}

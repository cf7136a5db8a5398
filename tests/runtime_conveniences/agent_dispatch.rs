//! `add_agent_dispatch` on both builders: the room configuration it builds or joins.

use super::*;

fn agent_names(claims: &Claims) -> Vec<&str> {
    claims
        .room_config
        .iter()
        .flat_map(|c| c.agents.iter().flatten())
        .map(|a| a.agent_name.as_deref().unwrap_or(""))
        .collect()
}

#[test]
fn add_agent_dispatch_builds_the_room_configuration_on_both_builders() {
    let creds = creds();
    let typed = AccessToken::with_credentials(&creds)
        .add_identity("u")
        .add_grants(VideoGrant::new().room_join().room("r"))
        .add_agent_dispatch("support-bot")
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let runtime = RuntimeCheckedToken::new(&creds)
        .add_agent_dispatch("support-bot")
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    for jwt in [typed, runtime] {
        let claims = verifier().verify(&jwt).unwrap();
        let config = serde_json::to_value(claims.room_config.as_ref().unwrap()).unwrap();
        assert_eq!(config, json!({"agents": [{"agentName": "support-bot"}]}));
    }
}

#[test]
fn add_agent_dispatch_joins_the_room_configuration_set_before_or_after_it() {
    let config = || {
        RoomConfiguration::builder()
            .max_participants(2u32)
            .agents(vec!["scribe".into(), "support-bot".into()])
            .build()
    };
    let earlier = || {
        RoomConfiguration::builder()
            .agents(vec!["old".into()])
            .build()
    };
    let bot = RoomAgentDispatch::builder()
        .agent_name("support-bot")
        .metadata(r#"{"lang":"en"}"#)
        .deployment("production")
        .build();
    let creds = creds();
    let mint = |jwt: Result<String, TokenError>| verifier().verify(&jwt.unwrap()).unwrap();
    let dispatch_first = [
        mint(
            AccessToken::with_credentials(&creds)
                .add_agent_dispatch("support-bot")
                .add_agent_dispatch(bot.clone())
                .add_room_config(earlier())
                .add_room_config(config())
                .to_jwt_with_clock(&FixedClock(NOW)),
        ),
        mint(
            RuntimeCheckedToken::new(&creds)
                .add_agent_dispatch(bot.clone())
                .set_room_config(earlier())
                .set_room_config(config())
                .to_jwt_checked_with_clock(&FixedClock(NOW)),
        ),
    ];
    let config_first = mint(
        RuntimeCheckedToken::new(&creds)
            .set_room_config(config())
            .add_agent_dispatch("support-bot")
            .add_agent_dispatch(bot.clone())
            .to_jwt_checked_with_clock(&FixedClock(NOW)),
    );
    // Every agent dispatched before is kept, not only the first.
    let two_first = mint(
        AccessToken::with_credentials(&creds)
            .add_agent_dispatch("interpreter")
            .add_agent_dispatch("notes")
            .add_room_config(config())
            .to_jwt_with_clock(&FixedClock(NOW)),
    );
    let names = ["scribe", "support-bot", "interpreter", "notes"];
    assert_eq!(agent_names(&two_first), names);
    for claims in dispatch_first.into_iter().chain([config_first]) {
        // A replaced configuration's own agents go with it; the dispatches stay, and the
        // latest dispatch of an agent replaces the one the configuration listed.
        assert_eq!(agent_names(&claims), ["scribe", "support-bot"]);
        let config = claims.room_config.unwrap();
        assert_eq!(config.max_participants, Some(2), "the config is kept");
        assert_eq!(config.agents.unwrap()[1], bot, "the dispatch won");
    }
}

#[test]
fn a_dispatch_without_a_name_and_one_with_an_empty_name_are_the_same_agent() {
    // The server reads both as the agent registered for automatic dispatch: one is kept.
    let config = RoomConfiguration::builder()
        .agents(vec![RoomAgentDispatch::default()])
        .build();
    let jwt = RuntimeCheckedToken::new(&creds())
        .set_room_config(config)
        .add_agent_dispatch("")
        .add_agent_dispatch(RoomAgentDispatch::default())
        .to_jwt_checked_with_clock(&FixedClock(NOW))
        .unwrap();
    let claims = verifier().verify(&jwt).unwrap();
    assert_eq!(agent_names(&claims), [""]);
}

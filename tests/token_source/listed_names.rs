//! Names a policy lists: participant attributes, agents, and the attributes a dispatch
//! may carry; any other name is refused with 403, naming it.

use std::collections::BTreeMap;

use super::*;

#[test]
fn attributes_and_agents_are_limited_to_the_names_the_policy_lists() {
    let policy = TokenSourcePolicy::new()
        .allow_attributes(["lang"])
        .allow_agents(["support-bot"]);
    let claims = mint(&policy, r#"{"participant_attributes":{"lang":"en"}}"#).unwrap();
    assert_eq!(
        claims.attributes,
        Some(BTreeMap::from([("lang".into(), "en".into())]))
    );
    let err = refused(
        &policy,
        &json!({"participant_attributes": {"lang": "en", "role": "doctor"}}),
    );
    assert!(
        matches!(&err, TokenSourceError::AttributeNotAllowed { key } if key == "role"),
        "{err}"
    );
    assert_eq!(err.status(), 403);

    for name in ["billing-bot", ""] {
        let body = json!({"room_config": {"agents": [{"agent_name": name}]}});
        let err = refused(&policy, &body);
        assert!(
            matches!(&err, TokenSourceError::AgentNotAllowed { agent_name } if agent_name == name),
            "{err}"
        );
        assert_eq!(err.status(), 403);
    }
    let two = json!({"room_config": {"agents": [{"agent_name": "support-bot"}, {"agent_name": "support-bot"}]}});
    let err = refused(&policy, &two);
    assert!(
        matches!(err, TokenSourceError::TooManyAgents { count: 2, max: 1 }),
        "{err}"
    );
    assert_eq!(err.status(), 403);
}

#[test]
fn an_agents_job_metadata_and_deployment_are_closed_until_the_policy_opens_them() {
    // The agent reads its job metadata as its context, and the deployment picks which
    // version of it answers: allowing an agent opens neither.
    let agents_only = TokenSourcePolicy::new().allow_agents(["support-bot"]);
    let dispatch = |member: &str, value: &str| json!({"room_config": {"agents": [{"agent_name": "support-bot", member: value}]}});
    for (member, value) in [
        ("metadata", "{\"patient\":\"p-2\"}"),
        ("deployment", "staging"),
    ] {
        let err = refused(&agents_only, &dispatch(member, value));
        let path = format!("room_config.agents[0].{member}");
        assert!(
            matches!(&err, TokenSourceError::Forbidden { field } if *field == path),
            "{err}"
        );
        assert_eq!(err.status(), 403, "{err}");
    }
    let opened = agents_only
        .clone()
        .allow_agent_metadata()
        .allow_agent_deployments(["prod"]);
    let with_metadata = dispatch("metadata", "m").to_string();
    let minted = agents(&mint(&opened, &with_metadata).unwrap());
    assert_eq!(minted[0].metadata.as_deref(), Some("m"));
    let with_deployment = dispatch("deployment", "prod").to_string();
    let minted = agents(&mint(&opened, &with_deployment).unwrap());
    assert_eq!(minted[0].deployment.as_deref(), Some("prod"));
    // A deployment the policy does not list, named back to the client.
    let err = refused(&opened, &dispatch("deployment", "staging"));
    assert!(
        matches!(&err, TokenSourceError::AgentDeploymentNotAllowed { deployment } if deployment == "staging"),
        "{err}"
    );
    assert_eq!(err.status(), 403);
    assert!(err.to_string().contains("\"staging\""), "{err}");
    // An empty list offers none: the field is closed, and said so.
    let none = agents_only
        .clone()
        .allow_agent_deployments(Vec::<String>::new());
    let err = refused(&none, &dispatch("deployment", "prod"));
    assert!(matches!(err, TokenSourceError::Forbidden { .. }), "{err}");
    let any = agents_only.allow_any_agent_deployment();
    assert!(mint(&any, &dispatch("deployment", "staging").to_string()).is_ok());
}

#[test]
fn agent_attributes_are_limited_to_the_keys_the_policy_lists() {
    let dispatch = |attributes: Value| json!({"room_config": {"agents": [{"agent_name": "support-bot", "attributes": attributes}]}});
    let agents_only = TokenSourcePolicy::new().allow_agents(["support-bot"]);
    let closed = |err: &TokenSourceError| matches!(err, TokenSourceError::Forbidden { field } if field == "room_config.agents[0].attributes");
    let err = refused(&agents_only, &dispatch(json!({"lang": "en"})));
    assert!(closed(&err), "{err}");
    assert_eq!(err.status(), 403, "{err}");
    assert!(
        err.to_string()
            .contains("set room_config.agents[0].attributes: leave it out"),
        "{err}"
    );
    // An empty map asks for nothing (proto3), so it is neither refused nor minted.
    let claims = mint(&agents_only, &dispatch(json!({})).to_string()).unwrap();
    assert_eq!(agents(&claims)[0].attributes, None);

    let lang = agents_only.clone().allow_agent_attributes(["lang"]);
    let claims = mint(&lang, &dispatch(json!({"lang": "en"})).to_string()).unwrap();
    assert_eq!(
        agents(&claims)[0].attributes,
        Some(BTreeMap::from([("lang".into(), "en".into())]))
    );
    let err = refused(&lang, &dispatch(json!({"lang": "en", "role": "admin"})));
    assert!(
        matches!(&err, TokenSourceError::AgentAttributeNotAllowed { key } if key == "role"),
        "{err}"
    );
    assert_eq!(err.status(), 403);
    assert!(
        err.to_string().contains("agent attribute \"role\""),
        "{err}"
    );
    // Agent attributes are the agent's, not the participant's: neither allows the other.
    let participant_only = agents_only.clone().allow_any_attributes();
    assert!(closed(&refused(
        &participant_only,
        &dispatch(json!({"lang": "en"}))
    )));
    let agent_attributes_only = agents_only.allow_any_agent_attributes();
    let claims = mint(
        &agent_attributes_only,
        &dispatch(json!({"role": "x"})).to_string(),
    )
    .unwrap();
    assert!(claims.attributes.is_none());
    let err = refused(
        &agent_attributes_only,
        &json!({"participant_attributes": {"role": "x"}}),
    );
    assert_eq!(err.status(), 403, "{err}");
}

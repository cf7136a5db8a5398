//! Grants whose permissions apply to what they name (an agent endpoint's agent and
//! deployment, an agent thread grant's scope and threads): two that name different ones
//! do not merge into one token.

use super::*;

fn verified(jwt: Result<String, TokenError>) -> Claims {
    let creds = creds();
    TokenVerifier::new(&creds)
        .verify(&jwt.expect("minted"))
        .expect("verified")
}

#[test]
fn n06_grants_naming_different_scopes_are_refused_on_both_paths() {
    let typed = AccessToken::with_owned_credentials(creds())
        .add_agent_thread_grants(AgentThreadGrant::new().thread_ids(["t1"]).read(true))
        .add_agent_thread_grants(AgentThreadGrant::new().thread_ids(["t2"]).write(true))
        .to_jwt();
    let runtime = RuntimeCheckedToken::new(&creds())
        .add_agent_thread_grants(AgentThreadGrant::new().scope("support").create(true))
        .add_agent_thread_grants(AgentThreadGrant::new().scope("billing").list(true))
        .to_jwt_checked();
    let endpoint = AccessToken::with_owned_credentials(creds())
        .add_agent_endpoint_grants(
            AgentEndpointGrant::new()
                .call(true)
                .agent_name("support-bot")
                .deployment("production"),
        )
        .add_agent_endpoint_grants(AgentEndpointGrant::new().deployment("staging"))
        .to_jwt();
    for (refused, field) in [
        (typed, Field::AgentThread),
        (runtime, Field::AgentThread),
        (endpoint, Field::AgentEndpoint),
    ] {
        let err = refused.expect_err("two scopes");
        assert!(
            matches!(&err, TokenError::ConflictingScopes { field: f } if *f == field),
            "{err:?}"
        );
        assert_eq!(err.field(), field);
        assert!(err.to_string().contains("mint one token for each"), "{err}");
    }
}

#[test]
fn n06_grants_naming_the_same_scope_or_none_merge() {
    // The same threads twice, then a grant that names none: one grant, every flag, the
    // first grant's threads.
    let claims = verified(
        AccessToken::with_owned_credentials(creds())
            .add_agent_thread_grants(AgentThreadGrant::new().thread_ids(["t1"]).read(true))
            .add_agent_thread_grants(AgentThreadGrant::new().thread_ids(["t1"]).write(true))
            .add_agent_thread_grants(AgentThreadGrant::new().list(true))
            .to_jwt(),
    );
    let thread = claims.agent_thread.expect("agentThread");
    assert_eq!(thread.thread_ids, Some(vec!["t1".to_owned()]));
    assert_eq!(
        (thread.read, thread.write, thread.list),
        (Some(true), Some(true), Some(true))
    );
    let claims = verified(
        RuntimeCheckedToken::new(&creds())
            .add_agent_endpoint_grants(AgentEndpointGrant::new().agent_name("bot"))
            .add_agent_endpoint_grants(AgentEndpointGrant::new().call(true).agent_name("bot"))
            .to_jwt_checked(),
    );
    let endpoint = claims.agent_endpoint.expect("agentEndpoint");
    assert_eq!(
        (endpoint.call, endpoint.agent_name.as_deref()),
        (Some(true), Some("bot"))
    );
}

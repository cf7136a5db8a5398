//! Grants whose permissions apply to what they name, their target (an agent endpoint's
//! agent and deployment; an agent thread grant's `all`, scope and threads): two that name
//! different targets do not merge into one token.

use super::*;

fn verified(jwt: Result<String, TokenError>) -> Claims {
    let creds = creds();
    TokenVerifier::new(&creds)
        .verify(&jwt.expect("minted"))
        .expect("verified")
}

fn threads(first: AgentThreadGrant, later: AgentThreadGrant) -> Result<String, TokenError> {
    AccessToken::with_owned_credentials(creds())
        .add_agent_thread_grants(first)
        .add_agent_thread_grants(later)
        .to_jwt()
}

#[test]
fn n06_grants_naming_different_targets_are_refused_on_both_paths() {
    let g = AgentThreadGrant::new;
    let mut refused = vec![
        // Each case, merged, would grant what neither grant does.
        (
            threads(
                g().thread_ids(["t1"]).read(true),
                g().thread_ids(["t2"]).write(true),
            ),
            Field::AgentThread,
        ),
        (
            threads(
                g().thread_ids(["t1"]).read(true),
                g().all(true).delete(true),
            ),
            Field::AgentThread,
        ),
        (
            threads(g().all(true).list(true), g().scope("support").create(true)),
            Field::AgentThread,
        ),
        (
            threads(
                g().scope("support").read(true),
                g().thread_ids(["t9"]).delete(true),
            ),
            Field::AgentThread,
        ),
        // `all` is part of the target: with it, `read` would reach every thread.
        (
            threads(
                g().thread_ids(["t1"]).read(true),
                g().thread_ids(["t1"]).all(true).delete(true),
            ),
            Field::AgentThread,
        ),
        // A grant naming no target gives its flags to the other one's.
        (
            threads(g().thread_ids(["t1"]).read(true), g().write(true)),
            Field::AgentThread,
        ),
        (
            threads(g().write(true), g().thread_ids(["t1"]).read(true)),
            Field::AgentThread,
        ),
    ];
    refused.push((
        RuntimeCheckedToken::new(&creds())
            .add_agent_thread_grants(g().scope("support").create(true))
            .add_agent_thread_grants(g().scope("billing").list(true))
            .to_jwt_checked(),
        Field::AgentThread,
    ));
    let e = AgentEndpointGrant::new;
    for (first, later) in [
        (
            e().call(true)
                .agent_name("support-bot")
                .deployment("production"),
            e().deployment("staging"),
        ),
        (e().call(true), e().agent_name("support-bot")),
    ] {
        let jwt = AccessToken::with_owned_credentials(creds())
            .add_agent_endpoint_grants(first)
            .add_agent_endpoint_grants(later)
            .to_jwt();
        refused.push((jwt, Field::AgentEndpoint));
    }
    for (jwt, field) in refused {
        let err = jwt.expect_err("two targets");
        assert!(
            matches!(&err, TokenError::ConflictingScopes { field: f } if *f == field),
            "{err:?}"
        );
        assert_eq!(err.field(), field);
        assert!(err.to_string().contains("mint one token for each"), "{err}");
    }
}

#[test]
fn n06_grants_naming_the_same_target_merge() {
    // The same threads, in another order: one grant with both flags.
    let claims = verified(threads(
        AgentThreadGrant::new().thread_ids(["t1", "t2"]).read(true),
        AgentThreadGrant::new().thread_ids(["t2", "t1"]).write(true),
    ));
    let thread = claims.agent_thread.expect("agentThread");
    assert_eq!(
        thread.thread_ids,
        Some(vec!["t2".to_owned(), "t1".to_owned()])
    );
    assert_eq!((thread.read, thread.write), (Some(true), Some(true)));
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

// Allowed: SIP, agent, inference and observability tokens need no identity.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_sip_grants(SipGrant::new().admin(true).call(true))
        .add_agent_grants(AgentGrant::new().admin(true).dispatch_admin(true))
        .add_agent_endpoint_grants(AgentEndpointGrant::new().call(true).agent_name("bot"))
        .add_agent_thread_grants(AgentThreadGrant::new().read(true).thread_ids(["t1"]))
        .add_inference_grants(InferenceGrant::new().perform(true))
        .add_observability_grants(ObservabilityGrant::new().write(true))
        .to_jwt();
}

//! The standard token endpoint's types and policy: the bodies client SDKs send, what each
//! policy lets through, and that no request gets a token beyond its policy.

use livekit_access_token::*;
use serde_json::{Value, json};

#[path = "../common/mod.rs"]
mod common;
use common::{NOW, creds, verifier};
#[path = "../common/open_policy.rs"]
mod open_policy;
use open_policy::open_policy;

mod accepted;
mod egress;
mod listed_names;
mod refusals;
mod server_url;
mod setup_errors;
mod sweep;

/// The request read from `body`, held to `policy`, minted at `NOW` and verified.
fn mint(policy: &TokenSourcePolicy, body: &str) -> Result<Claims, TokenSourceError> {
    let request = TokenSourceRequest::from_json(body.as_bytes())?;
    let jwt = policy
        .check(request)?
        .mint_with_clock(&creds(), &FixedClock(NOW))?;
    Ok(verifier().verify(&jwt).unwrap())
}

fn refused(policy: &TokenSourcePolicy, body: &Value) -> TokenSourceError {
    match mint(policy, &body.to_string()) {
        Ok(claims) => panic!("{body} was minted: {claims:?}"),
        Err(e) => e,
    }
}

fn agents(claims: &Claims) -> Vec<RoomAgentDispatch> {
    claims
        .room_config
        .clone()
        .and_then(|c| c.agents)
        .unwrap_or_default()
}

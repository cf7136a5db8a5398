//! The token-endpoint policy that lets a client set every field a request has: one
//! definition for the token_source tests and the token_source fuzz target (which includes
//! this file by path), so the two cannot drift apart. Depends on the library only.

use livekit_access_token::{FieldRule, TokenSourcePolicy};

/// A policy that lets clients set every field the request has.
pub fn open_policy() -> TokenSourcePolicy {
    TokenSourcePolicy::new()
        .identity(FieldRule::Optional)
        .name(FieldRule::Optional)
        .room(FieldRule::Optional)
        .allow_metadata()
        .allow_any_attributes()
        .allow_any_agent()
        .allow_any_agent_attributes()
        .allow_agent_metadata()
        .allow_any_agent_deployment()
        .max_agents(4)
        .allow_room_settings()
        .allow_room_egress()
}

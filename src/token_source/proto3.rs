//! A request's room configuration with proto3's default values left out.
//!
//! In proto3 a scalar holding its default (`0`, `false`, `""`, an empty map or list, the
//! enum's zero value), like any member given as `null` in protojson, is the same as one
//! never set: LiveKit's server reads `"max_participants": 0` exactly as it reads no
//! `max_participants`. A client that writes its defaults (protojson with
//! `EmitUnpopulated`, a hand-built body) asks for nothing by them, so the policy must not
//! refuse them, and the token need not carry them.

use serde_json::{Map, Value};

use crate::wire::{JobRestartPolicy, RoomAgentDispatch, RoomConfiguration};

/// `config` without the members that hold their proto3 default. `egress` is a message, whose
/// presence proto3 keeps: an empty one is still present.
pub(super) fn without_defaults(config: RoomConfiguration) -> RoomConfiguration {
    // Every member named, with no `..`, so that a member added to the wire type is a
    // compile error here until it is decided.
    RoomConfiguration {
        name: config.name.filter(|v| !v.is_empty()),
        empty_timeout: config.empty_timeout.filter(|v| *v != 0),
        departure_timeout: config.departure_timeout.filter(|v| *v != 0),
        max_participants: config.max_participants.filter(|v| *v != 0),
        metadata: config.metadata.filter(|v| !v.is_empty()),
        egress: config.egress,
        min_playout_delay: config.min_playout_delay.filter(|v| *v != 0),
        max_playout_delay: config.max_playout_delay.filter(|v| *v != 0),
        sync_streams: config.sync_streams.filter(|v| *v),
        agents: config
            .agents
            .map(|agents| agents.into_iter().map(dispatch_without_defaults).collect())
            .filter(|agents: &Vec<_>| !agents.is_empty()),
        tags: config.tags.filter(|v| !v.is_empty()),
        extra: without_nulls(config.extra),
    }
}

fn dispatch_without_defaults(dispatch: RoomAgentDispatch) -> RoomAgentDispatch {
    RoomAgentDispatch {
        agent_name: dispatch.agent_name.filter(|v| !v.is_empty()),
        metadata: dispatch.metadata.filter(|v| !v.is_empty()),
        deployment: dispatch.deployment.filter(|v| !v.is_empty()),
        // `JRP_ON_FAILURE` is the enum's zero value.
        restart_policy: dispatch
            .restart_policy
            .filter(|v| *v != JobRestartPolicy::OnFailure),
        attributes: dispatch.attributes.filter(|v| !v.is_empty()),
        extra: without_nulls(dispatch.extra),
    }
}

/// Members this crate does not know, without those given as `null`, which protojson reads
/// as unset whatever the member's type. The others stay, for the policy to refuse.
fn without_nulls(mut extra: Map<String, Value>) -> Map<String, Value> {
    extra.retain(|_, value| !value.is_null());
    extra
}

//! The grants: the video grant from its flags and --grant, and the others from theirs.

use livekit_access_token::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant,
    RuntimeCheckedToken, SipGrant, TrackSource, VideoClaims,
};

use serde_json::Value;

use crate::args::{InRoomArgs, RoomArgs, ServiceArgs, folded};

/// `Some(true)` for a flag given, `Some(false)` for its `--no-` form, else unset.
fn tri_state(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    }
}

pub fn video_grant(room: &RoomArgs, in_room: &InRoomArgs) -> VideoClaims {
    let set = |flag: bool| flag.then_some(true);
    let mut video = VideoClaims::new();
    video.room.clone_from(&room.room);
    video.destination_room.clone_from(&room.destination_room);
    video.room_join = set(room.join);
    video.room_admin = set(room.admin);
    video.room_create = set(room.create);
    video.room_list = set(room.list);
    video.room_record = set(room.egress);
    video.ingress_admin = set(room.ingress);
    video.hidden = set(in_room.hidden);
    video.recorder = set(in_room.recorder);
    video.agent = set(in_room.video_agent);
    video.can_subscribe_metrics = set(in_room.can_subscribe_metrics);
    video.can_manage_agent_session = set(in_room.can_manage_agent_session);
    video.can_publish = tri_state(in_room.can_publish, in_room.no_publish);
    video.can_subscribe = tri_state(in_room.can_subscribe, in_room.no_subscribe);
    video.can_publish_data = tri_state(in_room.can_publish_data, in_room.no_publish_data);
    video.can_update_own_metadata = set(in_room.allow_update_metadata);
    if !in_room.allow_source.is_empty() {
        video.can_publish_sources = Some(
            in_room
                .allow_source
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
        );
    }
    video
}

/// `--grant`. lk (Go's JSON) ignores keys it does not know and matches the others in any
/// case; a misspelt permission would then silently be missing from the token, so an
/// unknown key is refused here, with the spelling it most likely meant.
pub fn parse_grant(json: &str) -> Result<VideoClaims, String> {
    if !json.trim_start().starts_with('{') {
        return Err(r#"--grant takes a JSON object, such as '{"canPublish":false}'"#.into());
    }
    let mut grant: VideoClaims = serde_json::from_str(json)
        .map_err(|e| format!("--grant is not a JSON video grant: {}", json_error(&e)))?;
    // As `--room ""`: the library reads an empty room as none, which here would also
    // override --room's.
    for (key, room) in [
        ("room", &grant.room),
        ("destinationRoom", &grant.destination_room),
    ] {
        if room.as_deref() == Some("") {
            return Err(format!(
                "--grant's {key:?} is empty: give the room's name, or leave {key:?} out of --grant"
            ));
        }
    }
    if let Some(sources) = &mut grant.can_publish_sources {
        for source in sources.iter_mut() {
            let known: TrackSource = source.parse().map_err(|e| format!("--grant: {e}"))?;
            *source = known.as_str().to_owned();
        }
    }
    let Some(unknown) = grant.extra.keys().next() else {
        return Ok(grant);
    };
    let hint = match VideoClaims::KEYS
        .iter()
        .find(|k| folded(k) == folded(unknown))
    {
        Some(known) => format!("did you mean {known:?}?"),
        None => "the keys are camelCase, such as roomJoin, canPublish, canPublishSources".into(),
    };
    Err(format!(
        "--grant has a key the video grant does not have: {:?} ({hint})",
        cut(unknown)
    ))
}

/// At most 64 characters of a value from the command line or a file, then `…` where it
/// was cut, so that an error stays one readable line.
fn cut(value: &str) -> String {
    let mut chars = value.chars();
    let mut out: String = chars.by_ref().take(64).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// serde_json's message with each quoted value in it cut to 64 characters
/// (`invalid type: string "…"`). serde writes the value as Rust's `{:?}` does, so a `"`
/// in it is `\"` and does not end it.
pub fn json_error(e: &serde_json::Error) -> String {
    let mut out = String::new();
    let (mut quoted, mut escaped, mut run) = (false, false, 0usize);
    for c in e.to_string().chars() {
        if !quoted {
            quoted = c == '"';
            run = 0;
        } else if c == '"' && !escaped {
            quoted = false;
            if run > 64 {
                out.push('…');
            }
        } else {
            escaped = c == '\\' && !escaped;
            run = run.saturating_add(1);
            if run > 64 {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Refuses a `null` in --grant for a member a flag set. lk decodes --grant over the
/// flags' grant with Go's `json.Unmarshal`, where `null` clears some members (canPublish,
/// canPublishSources...) and leaves others; merged here, the flag's value would stay.
pub fn null_over_a_flag(json: &str, flags: &VideoClaims) -> Result<(), String> {
    // A --grant that is not an object is parse_grant's to refuse.
    let (Ok(Value::Object(grant)), Ok(Value::Object(set))) =
        (serde_json::from_str(json), serde_json::to_value(flags))
    else {
        return Ok(());
    };
    match grant
        .iter()
        .find(|(k, v)| v.is_null() && set.contains_key(*k))
    {
        Some((key, _)) => Err(format!(
            "--grant sets {key:?} to null where a flag set it: lk then clears the flag's value for some members and keeps it for others, and this tool would keep it: drop the flag, or leave {key:?} out of --grant"
        )),
        None => Ok(()),
    }
}

/// Whether the token lets its bearer do anything at all. Settings that only shape a
/// permission (a room name, canPublish, a thread scope...) are not one by themselves.
pub fn grants_a_permission(video: &VideoClaims, s: &ServiceArgs) -> bool {
    let video_permissions = [
        video.room_create,
        video.room_list,
        video.room_record,
        video.room_admin,
        video.room_join,
        video.ingress_admin,
        video.agent,
    ];
    let other_permissions = [
        s.sip_admin,
        s.sip_call,
        s.agent_endpoint_call,
        s.inference,
        s.observability,
    ];
    video_permissions.contains(&Some(true))
        || other_permissions.contains(&true)
        || agent_permissions(s).contains(&true)
        || agent_thread_actions(s).contains(&true)
}

/// The agent grant's flags, one list for both questions (does the token grant anything,
/// does it carry an agent grant), so a new flag cannot be counted in one and missed in the
/// other.
fn agent_permissions(s: &ServiceArgs) -> [bool; 4] {
    [
        s.agent_admin,
        s.agent_simulation_admin,
        s.agent_database_admin,
        s.agent_dispatch_admin,
    ]
}

/// The actions of the agent thread grant, as [`agent_permissions`] for the agent grant.
fn agent_thread_actions(s: &ServiceArgs) -> [bool; 6] {
    [
        s.agent_thread_all,
        s.agent_thread_list,
        s.agent_thread_create,
        s.agent_thread_write,
        s.agent_thread_read,
        s.agent_thread_delete,
    ]
}

pub fn add_service_grants(mut token: RuntimeCheckedToken, s: &ServiceArgs) -> RuntimeCheckedToken {
    if s.sip_admin || s.sip_call {
        token = token.add_sip_grants(SipGrant::new().admin(s.sip_admin).call(s.sip_call));
    }
    if agent_permissions(s).contains(&true) {
        token = token.add_agent_grants(
            AgentGrant::new()
                .admin(s.agent_admin)
                .simulation_admin(s.agent_simulation_admin)
                .database_admin(s.agent_database_admin)
                .dispatch_admin(s.agent_dispatch_admin),
        );
    }
    if let Some(grant) = agent_endpoint_grant(s) {
        token = token.add_agent_endpoint_grants(grant);
    }
    if let Some(grant) = agent_thread_grant(s) {
        token = token.add_agent_thread_grants(grant);
    }
    if s.inference {
        token = token.add_inference_grants(InferenceGrant::new().perform(true));
    }
    if s.observability {
        token = token.add_observability_grants(ObservabilityGrant::new().write(true));
    }
    token
}

fn agent_endpoint_grant(s: &ServiceArgs) -> Option<AgentEndpointGrant> {
    if !s.agent_endpoint_call
        && s.agent_endpoint_name.is_none()
        && s.agent_endpoint_deployment.is_none()
    {
        return None;
    }
    let mut grant = AgentEndpointGrant::new().call(s.agent_endpoint_call);
    if let Some(name) = &s.agent_endpoint_name {
        grant = grant.agent_name(name);
    }
    if let Some(deployment) = &s.agent_endpoint_deployment {
        grant = grant.deployment(deployment);
    }
    Some(grant)
}

fn agent_thread_grant(s: &ServiceArgs) -> Option<AgentThreadGrant> {
    if !agent_thread_actions(s).contains(&true)
        && s.agent_thread_scope.is_none()
        && s.agent_thread_ids.is_empty()
    {
        return None;
    }
    let mut grant = AgentThreadGrant::new()
        .all(s.agent_thread_all)
        .list(s.agent_thread_list)
        .create(s.agent_thread_create)
        .write(s.agent_thread_write)
        .read(s.agent_thread_read)
        .delete(s.agent_thread_delete);
    if let Some(scope) = &s.agent_thread_scope {
        grant = grant.scope(scope);
    }
    if !s.agent_thread_ids.is_empty() {
        grant = grant.thread_ids(s.agent_thread_ids.iter().cloned());
    }
    Some(grant)
}

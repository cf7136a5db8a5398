//! `create`: the flags become a token.

use std::collections::BTreeMap;
use std::path::Path;

use livekit_access_token::{
    AgentGrant, InferenceGrant, ObservabilityGrant, RoomAgentDispatch, RoomConfiguration,
    RuntimeCheckedToken, SipGrant, TokenError, TrackSource, VideoClaims, dangerous,
};

use crate::args::{CreateArgs, InRoomArgs, ParticipantArgs, RoomArgs, RoomSetupArgs, ServiceArgs};
use crate::credentials::credentials;

pub fn create(a: CreateArgs) -> Result<String, String> {
    let mut video = video_grant(&a.room, &a.in_room);
    if let Some(json) = &a.room.grant {
        video.merge(parse_grant(json)?);
    }
    let attributes = attributes(&a.participant)?;
    let room_config = room_config(&a.room_setup, video.joins_room())?;
    let creds = credentials(&a.credentials)?;
    let p = a.participant;
    let mut token = RuntimeCheckedToken::new(&creds)
        .set_ttl(a.output.valid_for)
        .add_grants(video);
    if let Some(identity) = &p.identity {
        token = token.set_identity(identity);
    }
    // lk names the participant after its identity unless told otherwise.
    if let Some(name) = p.name.as_ref().or(p.identity.as_ref()) {
        token = token.set_name(name);
    }
    if let Some(v) = p.metadata {
        token = token.set_metadata(v);
    }
    if !attributes.is_empty() {
        token = token.add_attributes(attributes);
    }
    if let Some(k) = p.kind {
        token = token.set_kind(k);
    }
    token = add_service_grants(token, &a.services);
    if let Some(config) = room_config {
        token = token.set_room_config(config);
    }
    if a.room_setup.allow_sensitive_credentials {
        token = token.allow_sensitive_credentials_in_room_config();
    }
    let jwt = token.to_jwt_checked().map_err(token_error)?;
    if !a.output.json {
        return Ok(jwt);
    }
    let claims = dangerous::decode_untrusted(&jwt)
        .map_err(|e| e.to_string())?
        .into_untrusted_claims();
    Ok(serde_json::json!({ "token": jwt, "claims": claims }).to_string())
}

/// `Some(true)` for a flag given, `Some(false)` for its `--no-` form, else unset.
fn tri_state(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    }
}

fn video_grant(room: &RoomArgs, in_room: &InRoomArgs) -> VideoClaims {
    let set = |flag: bool| flag.then_some(true);
    let mut video = VideoClaims::new();
    video.room_join = set(room.join);
    video.room.clone_from(&room.room);
    video.room_admin = set(room.admin);
    video.room_create = set(room.create);
    video.room_list = set(room.list);
    video.room_record = set(room.record);
    video.ingress_admin = set(room.ingress_admin);
    video.hidden = set(in_room.hidden);
    video.recorder = set(in_room.recorder);
    video.can_publish = tri_state(in_room.can_publish, in_room.no_publish);
    video.can_subscribe = tri_state(in_room.can_subscribe, in_room.no_subscribe);
    video.can_publish_data = set(in_room.can_publish_data);
    video.can_update_own_metadata = set(in_room.can_update_own_metadata);
    if !in_room.sources.is_empty() {
        video.can_publish_sources = Some(
            in_room
                .sources
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
        );
    }
    video
}

/// The video grant's keys, as a token spells them.
const VIDEO_KEYS: &[&str] = &[
    "roomCreate",
    "roomList",
    "roomRecord",
    "roomAdmin",
    "roomJoin",
    "room",
    "canPublish",
    "canSubscribe",
    "canPublishData",
    "canPublishSources",
    "canUpdateOwnMetadata",
    "ingressAdmin",
    "hidden",
    "recorder",
    "agent",
    "canSubscribeMetrics",
    "canManageAgentSession",
    "destinationRoom",
];

/// `--grant`. lk (Go's JSON) ignores keys it does not know and matches the others in any
/// case; a misspelt permission would then silently be missing from the token, so an
/// unknown key is refused here, with the spelling it most likely meant.
fn parse_grant(json: &str) -> Result<VideoClaims, String> {
    if !json.trim_start().starts_with('{') {
        return Err(r#"--grant takes a JSON object, such as '{"canPublish":false}'"#.into());
    }
    let mut grant: VideoClaims = serde_json::from_str(json)
        .map_err(|e| format!("--grant is not a JSON video grant: {e}"))?;
    if let Some(sources) = &mut grant.can_publish_sources {
        for source in sources.iter_mut() {
            let known: TrackSource = source.parse().map_err(|e| format!("--grant: {e}"))?;
            *source = known.as_str().to_owned();
        }
    }
    let Some(unknown) = grant.extra.keys().next() else {
        return Ok(grant);
    };
    let folded = |k: &str| k.replace(['_', '-'], "").to_ascii_lowercase();
    let hint = match VIDEO_KEYS.iter().find(|k| folded(k) == folded(unknown)) {
        Some(known) => format!("did you mean {known:?}?"),
        None => "the keys are camelCase, such as roomJoin, canPublish, canPublishSources".into(),
    };
    Err(format!(
        "--grant has a key the video grant does not have: {unknown:?} ({hint})"
    ))
}

/// --attribute, then --attribute-file over it (lk's order: the file's keys win).
fn attributes(p: &ParticipantArgs) -> Result<Vec<(String, String)>, String> {
    let mut all = p.attributes.clone();
    if let Some(path) = &p.attribute_file {
        let from_file: BTreeMap<String, String> =
            serde_json::from_str(&read_file(path)?).map_err(|e| {
                format!(
                    "{} is not a JSON object of string attributes: {e}",
                    path.display()
                )
            })?;
        all.extend(from_file);
    }
    Ok(all)
}

/// --room-config, plus the agent --agent dispatches. lk, which has no --room-config, makes
/// a configuration of that one agent; here it joins the file's agents, unless the file
/// already dispatches an agent of that name (the server would dispatch it twice).
fn room_config(
    setup: &RoomSetupArgs,
    joins_room: bool,
) -> Result<Option<RoomConfiguration>, String> {
    let mut config: Option<RoomConfiguration> = match &setup.room_config {
        Some(path) => Some(
            serde_json::from_str(&read_file(path)?)
                .map_err(|e| format!("{} is not a room configuration: {e}", path.display()))?,
        ),
        None => None,
    };
    let Some(agent) = &setup.agent else {
        return Ok(config);
    };
    if agent.trim().is_empty() {
        return Err("--agent is empty: pass the agent's name".into());
    }
    // A room configuration acts when a participant's join creates the room; lk drops
    // --agent silently without --join, which leaves the user waiting for an agent.
    if !joins_room {
        return Err(
            "--agent dispatches the agent when joining creates the room, so it needs --join".into(),
        );
    }
    let agents = config
        .get_or_insert_with(RoomConfiguration::default)
        .agents
        .get_or_insert_with(Vec::new);
    if agents
        .iter()
        .any(|a| a.agent_name.as_deref() == Some(agent.as_str()))
    {
        return Err(format!(
            "--room-config already dispatches agent {agent:?}: drop --agent, or remove it from the file"
        ));
    }
    // Empty strings are left out, as lk's protojson leaves them out.
    let non_empty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    let mut dispatch = RoomAgentDispatch::default();
    dispatch.agent_name = Some(agent.clone());
    dispatch.metadata = non_empty(&setup.job_metadata);
    dispatch.deployment = non_empty(&setup.deployment);
    agents.push(dispatch);
    Ok(config)
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn add_service_grants(mut token: RuntimeCheckedToken, s: &ServiceArgs) -> RuntimeCheckedToken {
    if s.sip_admin || s.sip_call {
        token = token.add_sip_grants(SipGrant::new().admin(s.sip_admin).call(s.sip_call));
    }
    if s.agent_admin {
        token = token.add_agent_grants(AgentGrant::new().admin(true));
    }
    if s.inference {
        token = token.add_inference_grants(InferenceGrant::new().perform(true));
    }
    if s.observability {
        token = token.add_observability_grants(ObservabilityGrant::new().write(true));
    }
    token
}

/// The library's errors in the words of this tool's flags. The room rules are the ones the
/// types enforce in code, checked by `to_jwt_checked` (one implementation), with the same
/// wording as the compile errors but naming the flag to pass.
pub fn token_error(e: TokenError) -> String {
    match e {
        TokenError::RoomJoinWithoutIdentity => {
            "this token joins a room, so it needs an identity: pass --identity".into()
        }
        TokenError::RoomJoinWithoutRoom => {
            "this token joins a room, so it needs a room name: pass --room".into()
        }
        TokenError::RoomAdminWithoutRoom => {
            "this token grants room admin, so it needs a room name: pass --room".into()
        }
        TokenError::ZeroTtl => {
            "--valid-for is zero, so the token would be born expired: pass a positive duration"
                .into()
        }
        TokenError::TtlOverflow => {
            "--valid-for is too long: now + the duration must stay below 2^53 seconds".into()
        }
        TokenError::SensitiveCredentials { path } => {
            format!(
                "the room config carries credentials at `{path}`: remove them, or pass --allow-sensitive-credentials"
            )
        }
        other => other.to_string(),
    }
}

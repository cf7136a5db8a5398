//! `create`: the flags become a token.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value, json};

use livekit_access_token::{
    Credentials, DEFAULT_MAX_TOKEN_BYTES, Field, RoomAgentDispatch, RoomConfiguration,
    RuntimeCheckedToken, TokenError, TokenVerifier,
};

use crate::args::{CreateArgs, ParticipantArgs, RoomSetupArgs};
use crate::credentials::credentials;
use crate::grants::{
    add_service_grants, grants_a_permission, json_error, null_over_a_flag, parse_grant, video_grant,
};

const NO_PERMISSIONS: &str = "no permissions were given: pass at least one, such as --join, --create, --list, --admin or --grant, or --allow-no-permissions for a token that grants nothing";

/// The same, where --grant was given: it holds no permission, only keys that shape one.
const GRANT_WITHOUT_PERMISSION: &str = "no permissions were given: --grant holds none (canPublish, room and the like only shape one): add one to it, such as \"roomJoin\":true or \"roomList\":true, or pass --join, --create, --list or --admin; or --allow-no-permissions for a token that grants nothing";

pub fn create(a: CreateArgs) -> Result<String, String> {
    for (flag, value) in [
        ("--room", &a.room.room),
        ("--identity", &a.participant.identity),
        ("--name", &a.participant.name),
    ] {
        if let Some(template) = value.as_deref().and_then(lk_template) {
            return Err(format!(
                "{flag} holds {template}, which lk replaces (a template) and this tool does not: write the value out"
            ));
        }
    }
    // An empty value names nothing (the library reads an empty room as none, and an empty
    // hash or preset would be minted and match nothing): given as a flag, it is a mistake.
    for (flag, value, what) in [
        ("--room", &a.room.room, "the room's name"),
        (
            "--destination-room",
            &a.room.destination_room,
            "the room's name",
        ),
        (
            "--room-preset",
            &a.room_setup.room_preset,
            "the preset's name",
        ),
        (
            "--sha256",
            &a.services.sha256,
            "the base64 SHA-256 of the webhook body",
        ),
        (
            "--agent-thread-scope",
            &a.services.agent_thread_scope,
            "the scope",
        ),
    ] {
        if value.as_deref() == Some("") {
            return Err(format!("{flag} is empty: pass {what}"));
        }
    }
    if a.services.agent_thread_ids.iter().any(String::is_empty) {
        return Err(
            "--agent-thread-ids holds an empty id: pass the threads' ids, a comma between two"
                .into(),
        );
    }
    let mut video = video_grant(&a.room, &a.in_room);
    if let Some(json) = &a.room.grant {
        null_over_a_flag(json, &video)?;
        video.merge(parse_grant(json)?);
    }
    let attributes = attributes(&a.participant)?;
    let room_config = room_config(&a.room_setup, video.joins_room())?;
    // lk's refusal, checked before the credentials so a bare `create` says what it lacks.
    // A webhook token (--sha256) grants nothing by design.
    if !grants_a_permission(&video, &a.services)
        && a.services.sha256.is_none()
        && !a.output.allow_no_permissions
    {
        return Err(match a.room.grant {
            Some(_) => GRANT_WITHOUT_PERMISSION,
            None => NO_PERMISSIONS,
        }
        .into());
    }
    let creds = credentials(&a.credentials)?;
    let p = a.participant;
    let mut token = RuntimeCheckedToken::new(&creds)
        .set_ttl(a.output.valid_for)
        .add_grants(video);
    if let Some(identity) = &p.identity {
        token = token.set_identity(identity);
    }
    // As lk: the participant is named after its identity unless given a name, and an
    // empty value is one not given.
    let given = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    if let Some(name) = given(&p.name).or_else(|| p.identity.clone()) {
        token = token.set_name(name);
    }
    if let Some(metadata) = given(&p.metadata) {
        token = token.set_metadata(metadata);
    }
    if !attributes.is_empty() {
        token = token.add_attributes(attributes);
    }
    if let Some(k) = p.kind {
        token = token.set_kind(k);
    }
    if !p.kind_details.is_empty() {
        token = token.add_kind_details(p.kind_details);
    }
    if let Some(preset) = a.room_setup.room_preset {
        token = token.set_room_preset(preset);
    }
    if let Some(sha256) = &a.services.sha256 {
        token = token.set_sha256(sha256);
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
    let url = a
        .output
        .url
        .or_else(|| std::env::var("LIVEKIT_URL").ok())
        .filter(|url| !url.is_empty())
        // Where `livekit-server --dev` listens, as lk's --dev assumes.
        .or_else(|| {
            a.credentials
                .dev
                .then(|| "http://localhost:7880".to_owned())
        });
    json_output(&creds, jwt, url)
}

/// lk's `--json` object, plus this tool's `token` and `claims`. lk's `grants` is the
/// token's claims less the registered JWT ones, with the identity as `identity`; its
/// `identity`, `name` and `room` are always strings; `project_url` is left out when unknown (lk's default is the dev server's).
fn json_output(creds: &Credentials, jwt: String, url: Option<String>) -> Result<String, String> {
    // Read back as any verifier reads it, with room for its length: metadata alone may take
    // 512 KiB, past the verifier's default limit.
    let verifier = TokenVerifier::new(creds)
        .with_max_token_bytes(jwt.len().max(DEFAULT_MAX_TOKEN_BYTES))
        .map_err(|e| e.to_string())?;
    let claims = verifier.verify(&jwt).map_err(|e| e.to_string())?;
    let claims_json = serde_json::to_value(&claims).map_err(|e| e.to_string())?;
    let mut without_registered = claims.clone();
    (
        without_registered.iss,
        without_registered.sub,
        without_registered.jti,
    ) = (None, None, None);
    (
        without_registered.nbf,
        without_registered.iat,
        without_registered.exp,
    ) = (None, None, None);
    let mut grants = match serde_json::to_value(&without_registered) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    if let Some(identity) = &claims.sub {
        grants.insert("identity".into(), identity.as_str().into());
    }
    let room = claims.video.as_ref().and_then(|v| v.room.clone());
    let mut out = json!({
        "access_token": jwt,
        "identity": claims.sub.unwrap_or_default(),
        "name": claims.name.unwrap_or_default(),
        "room": room.unwrap_or_default(),
        "grants": grants,
        "token": jwt,
        "claims": claims_json,
    });
    if let (Some(url), Value::Object(map)) = (url, &mut out) {
        map.insert("project_url".into(), url.into());
    }
    // Indented, as lk prints it.
    serde_json::to_string_pretty(&out).map_err(|e| e.to_string())
}

/// The first of the `%` sequences lk replaces in --room, --identity and --name (`%x` with
/// random hex, `%t` with the time, `%U` with the user, ...) that `value` holds. Refused
/// rather than kept as written: the same command line would mint another token there.
fn lk_template(value: &str) -> Option<&'static str> {
    [
        "%t", "%T", "%Y", "%m", "%d", "%H", "%M", "%S", "%x", "%U", "%h", "%p",
    ]
    .into_iter()
    .find(|template| value.contains(template))
}

/// --attribute, then --attribute-file over it (lk's order: the file's keys win).
fn attributes(p: &ParticipantArgs) -> Result<Vec<(String, String)>, String> {
    let mut all = p.attributes.clone();
    if let Some(path) = &p.attribute_file {
        let from_file: BTreeMap<String, String> =
            serde_json::from_str(&read_file(path)?).map_err(|e| {
                format!(
                    "{} is not a JSON object of string attributes: {}",
                    path.display(),
                    json_error(&e)
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
        Some(path) => Some(serde_json::from_str(&read_file(path)?).map_err(|e| {
            format!(
                "{} is not a room configuration: {}",
                path.display(),
                json_error(&e)
            )
        })?),
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
        // The name is not repeated: it is a value of the command line (G05).
        return Err(
            "--room-config already dispatches the agent --agent names: drop --agent, or remove it from the file"
                .into(),
        );
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

/// A file whose content goes into the token, read up to the largest token and one byte
/// more: `/dev/zero` or an endless pipe is refused instead of filling memory.
fn read_file(path: &Path) -> Result<String, String> {
    let max = livekit_access_token::limits::MAX_TOKEN_BYTES;
    let cannot = |e: std::io::Error| {
        format!(
            "cannot read {}: {e}: pass the path of a JSON file",
            path.display()
        )
    };
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let file = std::fs::File::open(path).map_err(cannot)?;
    // Sized from the file's length where it has one, so that the buffer is not grown by
    // copying: each smaller block it left behind would hold a part of the file, and a room
    // configuration may carry storage credentials.
    let size = file.metadata().map_or(0, |m| m.len()).min(cap);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(cap).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > max {
        return Err(format!(
            "{} holds more than {max} bytes, more than a token can carry: pass a smaller file",
            path.display()
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text: pass the path of a JSON file",
            path.display()
        )
    })
}

/// The library's errors in the words of this tool's flags. The room rules are the ones the
/// types enforce in code, checked by `to_jwt_checked` (one implementation), with the same
/// wording as the compile errors but naming the flag to pass.
fn token_error(e: TokenError) -> String {
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
        TokenError::DestinationRoomWithoutAdmin => {
            "a destination room needs room admin: pass --admin".into()
        }
        TokenError::ClockBeforeEpoch => {
            "the system clock reads a time before 1970: fix the clock".into()
        }
        TokenError::EmptyLimit {
            field: Field::Video,
        } => {
            "--grant's canPublishSources is an empty list, which LiveKit reads as every source: name sources with --allow-source, leave the list out to allow every one, or pass --no-publish to allow none".into()
        }
        TokenError::EmptyLimit {
            field: Field::AgentEndpoint,
        } => {
            "--agent-endpoint-name or --agent-endpoint-deployment is empty, which reads as every agent or deployment: name one, or leave the flag out to allow every one".into()
        }
        TokenError::SensitiveCredentials { path } => {
            format!(
                "the room config carries credentials at `{path}`: remove them, or pass --allow-sensitive-credentials"
            )
        }
        TokenError::UnknownMember {
            field: Field::RoomConfig,
            name,
            ..
        } => format!(
            "the --room-config file has a member {name:?} that LiveKit's room configuration does not have: spell it as LiveKit does (its protojson names, such as maxParticipants)"
        ),
        other => other.to_string(),
    }
}

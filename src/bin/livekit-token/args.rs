//! The flags of `create`, grouped as `--help` shows them. Where `lk token create` has a
//! name or a short form for the same thing, it is accepted too (a visible alias), so an lk
//! command line works here unchanged, within the differences `create --help` lists
//! (`CREATE_HELP` in `main.rs`): where lk guesses, drops a value or asks, this refuses.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::{ArgAction, Args};
use livekit_access_token::{KindDetail, ParticipantKind, TrackSource, UnknownValue};

use crate::credentials::CredentialArgs;
use crate::duration::parse_valid_for;

#[derive(Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub participant: ParticipantArgs,
    #[command(flatten)]
    pub room: RoomArgs,
    #[command(flatten)]
    pub in_room: InRoomArgs,
    #[command(flatten)]
    pub room_setup: RoomSetupArgs,
    #[command(flatten)]
    pub services: ServiceArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub credentials: CredentialArgs,
    #[command(flatten)]
    #[allow(dead_code, reason = "accepted and never acted on")]
    pub ignored: IgnoredLkArgs,
}

/// lk's global flags that ask for nothing here, accepted so that lk command lines run:
/// this tool never prompts (`--yes`), prints its output alone (`--quiet`, `--verbose`) and
/// makes no API call to print as curl (`--curl`).
#[derive(Args)]
#[allow(dead_code, reason = "accepted and never acted on")]
pub struct IgnoredLkArgs {
    // Counted, so that a repeat (`-q --silent`) is no error either.
    #[arg(long, short = 'y', hide = true, action = ArgAction::Count)]
    yes: u8,
    #[arg(long, short = 'q', alias = "silent", hide = true, action = ArgAction::Count)]
    quiet: u8,
    #[arg(long, hide = true, action = ArgAction::Count)]
    verbose: u8,
    #[arg(long, hide = true, action = ArgAction::Count)]
    curl: u8,
}

#[derive(Args)]
#[command(next_help_heading = "Participant")]
pub struct ParticipantArgs {
    /// The participant identity (`sub`).
    #[arg(long, short = 'i')]
    pub identity: Option<String>,
    /// The participant's display name (default: the identity, as lk does).
    #[arg(long, short = 'n')]
    pub name: Option<String>,
    /// Participant metadata.
    #[arg(long)]
    pub metadata: Option<String>,
    /// A participant attribute, `key=value` (repeatable); a comma starts another, as in lk.
    /// Quotes, `#`, `$`, `\` or a line break, which lk reads otherwise: use --attribute-file.
    #[arg(
        long = "attribute",
        value_name = "KEY=VALUE",
        value_delimiter = ',',
        value_parser = parse_attribute
    )]
    pub attributes: Vec<(String, String)>,
    /// Participant attributes from a JSON file (`{"key": "value", ...}`); its keys win over
    /// --attribute's.
    #[arg(long, value_name = "FILE")]
    pub attribute_file: Option<PathBuf>,
    /// The participant kind: standard, ingress, egress, sip, agent, connector, bridge.
    #[arg(long, value_parser = named::<ParticipantKind>)]
    pub kind: Option<ParticipantKind>,
    /// Details of the kind (comma-separated or repeated): cloud_agent, forwarded,
    /// connector_whatsapp, connector_twilio, bridge_rtsp, simulation.
    #[arg(
        long,
        value_name = "DETAILS",
        value_delimiter = ',',
        value_parser = named::<KindDetail>,
        visible_alias = "kind-detail"
    )]
    pub kind_details: Vec<KindDetail>,
}

#[derive(Args)]
#[command(next_help_heading = "Room permissions (video grant)")]
pub struct RoomArgs {
    /// Join the room (needs --room and --identity).
    #[arg(long)]
    pub join: bool,
    /// The room's name.
    #[arg(long, short = 'r')]
    pub room: Option<String>,
    /// Create and delete rooms.
    #[arg(long)]
    pub create: bool,
    /// List rooms.
    #[arg(long)]
    pub list: bool,
    /// Administer (moderate) the room named by --room.
    #[arg(long)]
    pub admin: bool,
    /// Record rooms: use Egress (`roomRecord`).
    #[arg(long, visible_alias = "record")]
    pub egress: bool,
    /// Administer Ingress (`ingressAdmin`).
    #[arg(long, visible_alias = "ingress-admin")]
    pub ingress: bool,
    /// Forward the participant to this room (`destinationRoom`); needs --admin.
    #[arg(long, value_name = "ROOM")]
    pub destination_room: Option<String>,
    /// Video grant as JSON, camelCase as in a token (`'{"roomJoin":true,"room":"r"}'`),
    /// merged over the flags: each key it sets wins over the flag for that key, as in lk.
    #[arg(long, value_name = "JSON")]
    pub grant: Option<String>,
}

#[derive(Args)]
#[command(next_help_heading = "In the room (video grant)")]
pub struct InRoomArgs {
    /// Allow publishing (`canPublish: true`).
    #[arg(long)]
    pub can_publish: bool,
    /// Forbid publishing (`canPublish: false`).
    #[arg(long, conflicts_with = "can_publish")]
    pub no_publish: bool,
    /// Allow subscribing (`canSubscribe: true`).
    #[arg(long)]
    pub can_subscribe: bool,
    /// Forbid subscribing (`canSubscribe: false`).
    #[arg(long, conflicts_with = "can_subscribe")]
    pub no_subscribe: bool,
    /// Allow publishing data (`canPublishData: true`; unset, it follows canPublish).
    #[arg(long)]
    pub can_publish_data: bool,
    /// Forbid publishing data (`canPublishData: false`).
    #[arg(long, conflicts_with = "can_publish_data")]
    pub no_publish_data: bool,
    /// Allow updating its own name, metadata and attributes (`canUpdateOwnMetadata`).
    #[arg(long, visible_alias = "can-update-own-metadata")]
    pub allow_update_metadata: bool,
    /// Only these track sources may be published (comma-separated or repeated): camera,
    /// microphone, screen_share, screen_share_audio, unknown (a track published without a
    /// source, as custom tracks are). Default: all.
    #[arg(long, value_delimiter = ',', value_parser = named::<TrackSource>, visible_alias = "sources")]
    pub allow_source: Vec<TrackSource>,
    /// Hidden from the other participants.
    #[arg(long)]
    pub hidden: bool,
    /// A recorder participant.
    #[arg(long)]
    pub recorder: bool,
    /// Allow subscribing to metrics (`canSubscribeMetrics`).
    #[arg(long)]
    pub can_subscribe_metrics: bool,
    /// Allow managing agent sessions (`canManageAgentSession`).
    #[arg(long)]
    pub can_manage_agent_session: bool,
    /// May register as an Agents worker (`video.agent`; not the --agent-* grants).
    #[arg(long)]
    pub video_agent: bool,
}

#[derive(Args)]
#[command(next_help_heading = "Room creation")]
pub struct RoomSetupArgs {
    /// The room's configuration when this token creates it: a JSON file (camelCase protojson
    /// `RoomConfiguration`). An unknown member is refused, except inside `egress`, which is
    /// minted as written: check its names, as the server drops one it does not know.
    #[arg(long, value_name = "FILE")]
    pub room_config: Option<PathBuf>,
    /// Allow storage or stream credentials in --room-config (the token then carries them).
    #[arg(long)]
    pub allow_sensitive_credentials: bool,
    /// The room preset to create the room with (`roomPreset`, LiveKit Cloud).
    #[arg(long, value_name = "NAME")]
    pub room_preset: Option<String>,
    /// Dispatch this agent (its agent_name) into the room when the token creates it; needs
    /// --join. Added to the agents of --room-config, if any.
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
    /// Metadata for the agent's job (`ctx.job.metadata`); needs --agent.
    #[arg(long, value_name = "TEXT", requires = "agent")]
    pub job_metadata: Option<String>,
    /// The deployment of the agent to dispatch (default: production); needs --agent.
    #[arg(long, short = 'd', value_name = "NAME", requires = "agent")]
    pub deployment: Option<String>,
}

#[derive(Args)]
#[command(next_help_heading = "Other grants")]
pub struct ServiceArgs {
    /// Manage SIP trunks and dispatch rules (`sip.admin`).
    #[arg(long)]
    pub sip_admin: bool,
    /// Make SIP calls (`sip.call`).
    #[arg(long)]
    pub sip_call: bool,
    /// Administer agents (`agent.admin`).
    #[arg(long)]
    pub agent_admin: bool,
    /// Administer agent simulations (`agent.simulationAdmin`).
    #[arg(long)]
    pub agent_simulation_admin: bool,
    /// Administer agent databases (`agent.databaseAdmin`).
    #[arg(long)]
    pub agent_database_admin: bool,
    /// Administer agent dispatch (`agent.dispatchAdmin`).
    #[arg(long)]
    pub agent_dispatch_admin: bool,
    /// Call an agent endpoint (`agentEndpoint.call`).
    #[arg(long)]
    pub agent_endpoint_call: bool,
    /// The agent whose endpoint may be called (`agentEndpoint.agentName`).
    #[arg(long, value_name = "NAME")]
    pub agent_endpoint_name: Option<String>,
    /// The deployment whose endpoint may be called (`agentEndpoint.deployment`).
    #[arg(long, value_name = "NAME")]
    pub agent_endpoint_deployment: Option<String>,
    /// Every agent thread (`agentThread.all`).
    #[arg(long)]
    pub agent_thread_all: bool,
    /// The scope of the agent thread grant (`agentThread.scope`).
    #[arg(long, value_name = "SCOPE")]
    pub agent_thread_scope: Option<String>,
    /// The agent threads it covers (comma-separated or repeated; `agentThread.threadIds`).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub agent_thread_ids: Vec<String>,
    /// List agent threads (`agentThread.list`).
    #[arg(long)]
    pub agent_thread_list: bool,
    /// Create agent threads (`agentThread.create`).
    #[arg(long)]
    pub agent_thread_create: bool,
    /// Write to agent threads (`agentThread.write`).
    #[arg(long)]
    pub agent_thread_write: bool,
    /// Read agent threads (`agentThread.read`).
    #[arg(long)]
    pub agent_thread_read: bool,
    /// Delete agent threads (`agentThread.delete`).
    #[arg(long)]
    pub agent_thread_delete: bool,
    /// Use LiveKit Inference (`inference.perform`).
    #[arg(long)]
    pub inference: bool,
    /// Write observability data (`observability.write`).
    #[arg(long)]
    pub observability: bool,
    /// The base64 SHA-256 of a webhook body (`sha256`): the token a webhook sender signs
    /// its request with, to test a webhook receiver.
    #[arg(long, value_name = "BASE64")]
    pub sha256: Option<String>,
}

#[derive(Args)]
#[command(next_help_heading = "Token and output")]
pub struct OutputArgs {
    /// How long the token is valid, as a Go duration like lk's: `90s`, `10m`, `1h30m`,
    /// `1.5h` (and `2d`, which lk does not take). A unit is needed (`3600s`, not `3600`);
    /// whole seconds, above zero.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "5m",
        value_parser = parse_valid_for,
        allow_hyphen_values = true
    )]
    pub valid_for: Duration,
    /// Print JSON instead of the JWT alone: lk's fields (access_token, project_url,
    /// identity, name, room, grants) and the token with all its claims (token, claims).
    #[arg(long, short = 'j')]
    pub json: bool,
    /// The server's URL, printed as --json's `project_url` (default: LIVEKIT_URL, else with
    /// --dev the dev server's, http://localhost:7880).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print the JWT alone (the default; for lk command lines).
    #[arg(long, conflicts_with = "json")]
    pub token_only: bool,
    /// Mint a token that grants no permission at all (refused otherwise, unless it carries
    /// --sha256, a webhook's; lk asks first).
    #[arg(long)]
    pub allow_no_permissions: bool,
}

/// One `key=value` item of --attribute, trimmed. lk reads each item as a dotenv line; an
/// item that reading would change (quotes, `#`, `$`, `\`, a line break, a `:` or a space in
/// the key) is refused, so a command line never means one thing there and another here.
pub fn parse_attribute(item: &str) -> Result<(String, String), String> {
    if item.trim().is_empty() {
        return Err("empty: write key=value".into());
    }
    let (key, value) = item
        .split_once('=')
        .map(|(key, value)| (key.trim(), value.trim()))
        .filter(|(key, _)| !key.is_empty())
        .ok_or(
            "not key=value (a comma starts another attribute: put a value holding one in --attribute-file)",
        )?;
    if item
        .trim()
        .contains(['"', '\'', '`', '#', '$', '\\', '\n', '\r'])
        || key.contains(|c: char| c == ':' || c.is_whitespace())
    {
        return Err(
            "lk reads this item another way (as a dotenv line): put it in --attribute-file".into(),
        );
    }
    Ok((key.to_owned(), value.to_owned()))
}

/// One of the library's enumerated values, in any case. Refused, it is not quoted back (it
/// may be a secret given to the wrong flag), as the library's own message would; a name
/// it spells without `_` or `-` (`screenshare`) is offered, which shows nothing of it.
fn named<T: FromStr<Err = UnknownValue>>(value: &str) -> Result<T, String> {
    value.parse().map_err(|e: UnknownValue| {
        let meant = e
            .accepted()
            .split(", ")
            .find(|name| folded(name) == folded(value));
        let hint = meant.map_or(String::new(), |name| format!(" (did you mean {name}?)"));
        format!("not a {}{hint}: use one of {}", e.what(), e.accepted())
    })
}

/// A name as a typo-tolerant comparison sees it: no `_` or `-`, any case.
pub fn folded(name: &str) -> String {
    name.replace(['_', '-'], "").to_ascii_lowercase()
}

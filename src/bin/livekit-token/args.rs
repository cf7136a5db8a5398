//! The flags of `create`, grouped as `--help` shows them. Where `lk token create` has a
//! name or a short form for the same thing, it is accepted too (a visible alias), so an lk
//! command line works here unchanged.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use livekit_access_token::{ParticipantKind, TrackSource};

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
    /// A participant attribute, `key=value` (repeatable).
    #[arg(long = "attribute", value_name = "KEY=VALUE", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
    /// Participant attributes from a JSON file (`{"key": "value", ...}`); its keys win over
    /// --attribute's.
    #[arg(long, value_name = "FILE")]
    pub attribute_file: Option<PathBuf>,
    /// The participant kind: standard, ingress, egress, sip, agent, connector, bridge.
    #[arg(long)]
    pub kind: Option<ParticipantKind>,
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
    #[arg(long, visible_alias = "egress")]
    pub record: bool,
    /// Administer Ingress (`ingressAdmin`).
    #[arg(long, visible_alias = "ingress")]
    pub ingress_admin: bool,
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
    /// Allow publishing data (`canPublishData: true`).
    #[arg(long)]
    pub can_publish_data: bool,
    /// Allow updating its own name, metadata and attributes (`canUpdateOwnMetadata`).
    #[arg(long, visible_alias = "allow-update-metadata")]
    pub can_update_own_metadata: bool,
    /// Only these track sources may be published (comma-separated or repeated): camera,
    /// microphone, screen_share, screen_share_audio. Default: all.
    #[arg(long, value_delimiter = ',', visible_alias = "allow-source")]
    pub sources: Vec<TrackSource>,
    /// Hidden from the other participants.
    #[arg(long)]
    pub hidden: bool,
    /// A recorder participant.
    #[arg(long)]
    pub recorder: bool,
}

#[derive(Args)]
#[command(next_help_heading = "Room creation")]
pub struct RoomSetupArgs {
    /// The room's configuration when this token creates it: a JSON file (camelCase protojson
    /// `RoomConfiguration`).
    #[arg(long, value_name = "FILE")]
    pub room_config: Option<PathBuf>,
    /// Allow storage or stream credentials in --room-config (the token then carries them).
    #[arg(long)]
    pub allow_sensitive_credentials: bool,
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
    /// Use LiveKit Inference (`inference.perform`).
    #[arg(long)]
    pub inference: bool,
    /// Write observability data (`observability.write`).
    #[arg(long)]
    pub observability: bool,
}

#[derive(Args)]
#[command(next_help_heading = "Token and output")]
pub struct OutputArgs {
    /// How long the token is valid, as lk writes it (Go durations): `90s`, `10m`, `1h30m`,
    /// `1.5h`; also `2d`. Whole seconds, more than zero.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "5m",
        value_parser = parse_valid_for,
        allow_hyphen_values = true
    )]
    pub valid_for: Duration,
    /// Print JSON with the token and its claims instead of the JWT alone.
    #[arg(long, short = 'j')]
    pub json: bool,
    /// Print the JWT alone (the default; for lk command lines).
    #[arg(long, conflicts_with = "json")]
    pub token_only: bool,
}

pub fn parse_attribute(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("{s:?} is not key=value"))
}

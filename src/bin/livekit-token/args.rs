//! The flags of `create`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use livekit_access_token::{ParticipantKind, TrackSource};

use crate::credentials::CredentialArgs;
use crate::duration::parse_valid_for;

#[derive(Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// Let the bearer join the room (needs --room and --identity).
    #[arg(long)]
    pub join: bool,
    /// The room's name.
    #[arg(long)]
    pub room: Option<String>,
    /// The participant identity.
    #[arg(long)]
    pub identity: Option<String>,
    /// The participant's display name.
    #[arg(long)]
    pub name: Option<String>,
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
    /// Participant metadata.
    #[arg(long)]
    pub metadata: Option<String>,
    /// A participant attribute, `key=value` (repeatable).
    #[arg(long = "attribute", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
    /// The participant kind: standard, ingress, egress, sip, agent, connector, bridge.
    #[arg(long)]
    pub kind: Option<ParticipantKind>,
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
    /// Allow updating its own metadata (`canUpdateOwnMetadata`).
    #[arg(long)]
    pub can_update_own_metadata: bool,
    /// Track sources it may publish: camera, microphone, screen_share, screen_share_audio.
    #[arg(long, value_delimiter = ',')]
    pub sources: Vec<TrackSource>,
    /// Hidden participant.
    #[arg(long)]
    pub hidden: bool,
    /// Recorder participant.
    #[arg(long)]
    pub recorder: bool,
    /// Room configuration, a JSON file (camelCase protojson `RoomConfiguration`).
    #[arg(long)]
    pub room_config: Option<PathBuf>,
    /// Allow storage or stream credentials in --room-config (the token then carries them).
    #[arg(long)]
    pub allow_sensitive_credentials: bool,
    /// Create and delete rooms.
    #[arg(long)]
    pub create: bool,
    /// List rooms.
    #[arg(long)]
    pub list: bool,
    /// Administer the room named by --room (needs --room).
    #[arg(long)]
    pub admin: bool,
    /// Record rooms.
    #[arg(long)]
    pub record: bool,
    /// Administer ingress.
    #[arg(long)]
    pub ingress_admin: bool,
    /// Manage SIP trunks and dispatch rules.
    #[arg(long)]
    pub sip_admin: bool,
    /// Make SIP calls.
    #[arg(long)]
    pub sip_call: bool,
    /// Administer agents (the top-level `agent` grant).
    #[arg(long)]
    pub agent_admin: bool,
    /// Perform inference.
    #[arg(long)]
    pub inference: bool,
    /// Write observability data.
    #[arg(long)]
    pub observability: bool,
    /// Print `{"token": ..., "claims": ...}` instead of the JWT alone.
    #[arg(long)]
    pub json: bool,
}

pub fn parse_attribute(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("{s:?} is not key=value"))
}

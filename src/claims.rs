//! The whole JWT payload of a LiveKit access token, as the server reads it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant,
    RoomConfiguration, SipGrant, VideoClaims,
};
use crate::kinds::{KindDetail, ParticipantKind};

/// Every claim a LiveKit access token can carry, with the wire's JSON keys.
///
/// Reads what any official SDK mints (absent keys are `None`, unknown keys land in
/// [`Claims::extra`]) and is what [`AccessToken::to_jwt`](crate::AccessToken::to_jwt)
/// writes, field for field in this order. Strings that name enumerated values (`kind`,
/// `kindDetails`, `canPublishSources`) stay strings here so nothing another minter wrote
/// is lost; the typed readings are [`Claims::participant_kind`] and friends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Claims {
    /// Issuer: the API key (`iss`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Subject: the participant identity (`sub`), absent on tokens without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Not before, seconds since the epoch (`nbf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// Issued at, seconds since the epoch (`iat`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    /// Expiry, seconds since the epoch (`exp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<u64>,
    /// JWT ID (`jti`); the server's identity fallback when `sub` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Display name (`name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Participant metadata (`metadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Participant attributes (`attributes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, String>>,
    /// Participant kind, lower-case (`kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Details of the participant kind (`kindDetails`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_details: Option<Vec<String>>,
    /// The `video` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<VideoClaims>,
    /// The `sip` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip: Option<SipGrant>,
    /// The top-level `agent` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentGrant>,
    /// The `agentEndpoint` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_endpoint: Option<AgentEndpointGrant>,
    /// The `agentThread` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_thread: Option<AgentThreadGrant>,
    /// The `inference` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference: Option<InferenceGrant>,
    /// The `observability` grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observability: Option<ObservabilityGrant>,
    /// Room preset name, LiveKit Cloud (`roomPreset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_preset: Option<String>,
    /// Room configuration (`roomConfig`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_config: Option<RoomConfiguration>,
    /// Base64 SHA-256 of a webhook body (`sha256`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Keys this crate does not know, kept as they were read (for example Go's `identity`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Claims {
    /// The participant identity as the server reads it: `sub`, or `jti` when `sub` is
    /// absent or empty.
    pub fn identity(&self) -> Option<&str> {
        match self.sub.as_deref() {
            Some(sub) if !sub.is_empty() => Some(sub),
            _ => self.jti.as_deref().filter(|j| !j.is_empty()),
        }
    }

    /// The participant kind as the server reads it: absent or unknown means `Standard`.
    pub fn participant_kind(&self) -> ParticipantKind {
        self.kind
            .as_deref()
            .and_then(|k| k.parse().ok())
            .unwrap_or(ParticipantKind::Standard)
    }

    /// The kind details this crate knows; unknown names are skipped (they stay in
    /// [`Claims::kind_details`]).
    pub fn known_kind_details(&self) -> Vec<KindDetail> {
        self.kind_details
            .iter()
            .flatten()
            .filter_map(|d| d.parse().ok())
            .collect()
    }

    /// The `video` grant, or an empty one (what the server assumes when it is absent).
    pub fn video_or_default(&self) -> VideoClaims {
        self.video.clone().unwrap_or_default()
    }
}

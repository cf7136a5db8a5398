//! The one place a token is checked and signed; both the typed [`AccessToken`] and the
//! [`RuntimeCheckedToken`] end here.
//!
//! Values the types cannot see (string lengths, an empty identity, the TTL, credentials
//! in `roomConfig`) are checked in [`TokenData::check_values`], at `to_jwt()` time, so a
//! builder chain never has to stop for a `?` and every error names its field.
//!
//! [`AccessToken`]: crate::AccessToken
//! [`RuntimeCheckedToken`]: crate::RuntimeCheckedToken

use std::collections::BTreeMap;

use crate::clock::Clock;
use crate::credentials::Credentials;
use crate::error::{Field, TokenError};
use crate::grants::video_data::VideoFlag;
use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant,
    RoomConfiguration, SipGrant, VideoData,
};
use crate::json_string::Utf8;
use crate::kinds::{KindDetail, ParticipantKind};
use crate::payload::PayloadParts;
use crate::text::Text;
use crate::ttl::Ttl;
use crate::verify::json::{STRUCT_OBJECTS, go_fold};
use serde_json::{Map, Value};

/// The LiveKit server's default limits (`LimitConfig`).
pub mod limits {
    /// Maximum identity length in bytes.
    pub const MAX_IDENTITY_BYTES: usize = 256;
    /// Maximum participant name length in bytes.
    pub const MAX_NAME_BYTES: usize = 256;
    /// Maximum room name length in bytes.
    pub const MAX_ROOM_NAME_BYTES: usize = 256;
    /// Maximum metadata size in bytes (512 KiB).
    pub const MAX_METADATA_BYTES: usize = 512 * 1024;
    /// Maximum attributes size in bytes, keys plus values (64 KiB).
    pub const MAX_ATTRIBUTES_BYTES: usize = 64 * 1024;
    /// Largest `exp` written: JavaScript's `Number.MAX_SAFE_INTEGER`, so every official
    /// verifier reads it exactly.
    pub const MAX_EXP: u64 = (1 << 53) - 1;
}

use limits::*;

/// Everything a token carries besides the credentials, in one non-generic struct so the
/// typed builder's state changes are plain moves. What most tokens carry is inline; the
/// rest is boxed in [`RareClaims`], so those moves stay small (a few hundred bytes, not
/// eight hundred) and a token without them allocates nothing for them.
#[derive(Default)]
pub(crate) struct TokenData {
    pub(crate) identity: Option<Text>,
    pub(crate) name: Option<Text>,
    pub(crate) metadata: Option<String>,
    pub(crate) ttl: Ttl,
    pub(crate) kind: Option<ParticipantKind>,
    pub(crate) kind_details: Vec<KindDetail>,
    pub(crate) video: Option<VideoData>,
    pub(crate) rare: Option<Box<RareClaims>>,
    pub(crate) allow_sensitive_credentials: bool,
}

/// The claims and grants of [`TokenData`] that most tokens do not carry.
#[derive(Default)]
pub(crate) struct RareClaims {
    pub(crate) attributes: Option<BTreeMap<String, String>>,
    pub(crate) sip: Option<SipGrant>,
    pub(crate) agent: Option<AgentGrant>,
    pub(crate) agent_endpoint: Option<AgentEndpointGrant>,
    pub(crate) agent_thread: Option<AgentThreadGrant>,
    pub(crate) inference: Option<InferenceGrant>,
    pub(crate) observability: Option<ObservabilityGrant>,
    pub(crate) room_config: Option<RoomConfiguration>,
    pub(crate) room_preset: Option<String>,
    pub(crate) sha256: Option<String>,
}

/// Merges an optional grant: the first one is stored, later ones merge into it.
macro_rules! merge_into {
    ($slot:expr, $grant:expr) => {
        match &mut $slot {
            Some(existing) => existing.merge($grant),
            None => $slot = Some($grant),
        }
    };
}
pub(crate) use merge_into;

/// The value setters both token builders share. The typed builder names the single-value
/// ones `add_*`, after the Elixir API it follows; the runtime one `set_*`, for a value a
/// later call replaces. `add_attributes` adds to a map, so both call it that.
macro_rules! value_setters {
    (
        metadata: $metadata:ident,
        room_config: $room_config:ident,
        room_preset: $room_preset:ident,
        sha256: $sha256:ident $(,)?
    ) => {
        /// Sets the participant metadata (`metadata`).
        pub fn $metadata(mut self, metadata: impl Into<String>) -> Self {
            self.data.metadata = Some(metadata.into());
            self
        }

        /// Adds participant attributes (`attributes`), overwriting keys already present.
        pub fn add_attributes<K: Into<String>, V: Into<String>>(
            mut self,
            attributes: impl IntoIterator<Item = (K, V)>,
        ) -> Self {
            self.data.add_attributes(attributes);
            self
        }

        /// Sets the configuration of the room created on first join (`roomConfig`).
        ///
        /// Minting refuses a configuration whose egress carries storage or stream
        /// credentials unless [`allow_sensitive_credentials_in_room_config`](Self::allow_sensitive_credentials_in_room_config)
        /// was called: anyone holding the token can read them.
        pub fn $room_config(mut self, config: $crate::grants::RoomConfiguration) -> Self {
            self.data.rare_mut().room_config = Some(config);
            self
        }

        /// Sets the room preset, LiveKit Cloud (`roomPreset`).
        pub fn $room_preset(mut self, preset: impl Into<String>) -> Self {
            self.data.rare_mut().room_preset = Some(preset.into());
            self
        }

        /// Sets the base64 SHA-256 of a webhook body (`sha256`).
        pub fn $sha256(mut self, sha256: impl Into<String>) -> Self {
            self.data.rare_mut().sha256 = Some(sha256.into());
            self
        }
    };
}
pub(crate) use value_setters;

/// The grant setters both token builders share: each merges into the grant already there.
macro_rules! service_grant_setters {
    () => {
        /// Adds a `sip` grant; a second one merges into the first.
        pub fn add_sip_grants(mut self, grant: $crate::grants::SipGrant) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().sip, grant);
            self
        }

        /// Adds the top-level `agent` grant; a second one merges into the first.
        pub fn add_agent_grants(mut self, grant: $crate::grants::AgentGrant) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().agent, grant);
            self
        }

        /// Adds an `agentEndpoint` grant; a second one merges into the first.
        pub fn add_agent_endpoint_grants(
            mut self,
            grant: $crate::grants::AgentEndpointGrant,
        ) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().agent_endpoint, grant);
            self
        }

        /// Adds an `agentThread` grant; a second one merges into the first.
        pub fn add_agent_thread_grants(mut self, grant: $crate::grants::AgentThreadGrant) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().agent_thread, grant);
            self
        }

        /// Adds an `inference` grant; a second one merges into the first.
        pub fn add_inference_grants(mut self, grant: $crate::grants::InferenceGrant) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().inference, grant);
            self
        }

        /// Adds an `observability` grant; a second one merges into the first.
        pub fn add_observability_grants(
            mut self,
            grant: $crate::grants::ObservabilityGrant,
        ) -> Self {
            $crate::mint::merge_into!(self.data.rare_mut().observability, grant);
            self
        }

        /// Lets `roomConfig` carry storage or stream credentials. The token is a bearer
        /// credential readable by its holder: only do this for tokens that stay server-side.
        pub fn allow_sensitive_credentials_in_room_config(mut self) -> Self {
            self.data.allow_sensitive_credentials = true;
            self
        }
    };
}
pub(crate) use service_grant_setters;

impl TokenData {
    /// The rare claims, boxed on first use.
    pub(crate) fn rare_mut(&mut self) -> &mut RareClaims {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Adds attributes; keys already present are overwritten (the Go SDK's behaviour).
    pub(crate) fn add_attributes<K: Into<String>, V: Into<String>>(
        &mut self,
        attributes: impl IntoIterator<Item = (K, V)>,
    ) {
        self.rare_mut()
            .attributes
            .get_or_insert_with(BTreeMap::new)
            .extend(attributes.into_iter().map(|(k, v)| (k.into(), v.into())));
    }

    /// Adds kind details, keeping the first occurrence of each.
    pub(crate) fn add_kind_details(&mut self, details: impl IntoIterator<Item = KindDetail>) {
        for d in details {
            if !self.kind_details.contains(&d) {
                self.kind_details.push(d);
            }
        }
    }

    /// Checks the values the types cannot see.
    pub(crate) fn check_values(&self) -> Result<(), TokenError> {
        if let Some(identity) = &self.identity {
            non_empty_within(identity.as_bytes(), Field::Identity, MAX_IDENTITY_BYTES)?;
        }
        if let Some(name) = &self.name {
            within(name.as_bytes().len(), Field::Name, MAX_NAME_BYTES)?;
        }
        if let Some(video) = &self.video {
            if let Some(room) = &video.room {
                non_empty_within(room.as_bytes(), Field::Room, MAX_ROOM_NAME_BYTES)?;
            }
            if let Some(dest) = video.destination_room() {
                non_empty_within(dest.as_bytes(), Field::DestinationRoom, MAX_ROOM_NAME_BYTES)?;
            }
        }
        if let Some(metadata) = &self.metadata {
            within(metadata.len(), Field::Metadata, MAX_METADATA_BYTES)?;
        }
        let rare = self.rare.as_deref();
        if let Some(attributes) = rare.and_then(|r| r.attributes.as_ref()) {
            let size = attributes
                .iter()
                .map(|(k, v)| k.len().saturating_add(v.len()))
                .fold(0usize, usize::saturating_add);
            within(size, Field::Attributes, MAX_ATTRIBUTES_BYTES)?;
        }
        if self.ttl.as_secs() == 0 {
            return Err(TokenError::ZeroTtl);
        }
        self.check_unambiguous()?;
        if !self.allow_sensitive_credentials
            && let Some(path) = rare
                .and_then(|r| r.room_config.as_ref())
                .and_then(RoomConfiguration::sensitive_credentials_path)
        {
            return Err(TokenError::SensitiveCredentials { path });
        }
        Ok(())
    }

    /// Grants read from JSON carry unknown keys in `extra`; written next to the known ones
    /// they could repeat a key or differ from one only in case. Checked the way the
    /// verifier will read it, and only when there is free-form content to check.
    fn check_unambiguous(&self) -> Result<(), TokenError> {
        // The usual token: no rare grant, no free-form video key; nothing to check, and
        // not worth building the table below for.
        if self.rare.is_none() && self.video.as_ref().and_then(VideoData::extra).is_none() {
            return Ok(());
        }
        let empty = RareClaims::default();
        let rare = self.rare.as_deref().unwrap_or(&empty);
        // Serialised in the wire's shape, as the verifier will read it.
        let video = self.video.as_ref().map(VideoData::to_claims);
        let grants: [(Field, &str, Option<FreeForm<'_>>); 7] = [
            (
                Field::Video,
                "video",
                video.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::Sip,
                "sip",
                rare.sip.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::Agent,
                "agent",
                rare.agent.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::AgentEndpoint,
                "agentEndpoint",
                rare.agent_endpoint.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::AgentThread,
                "agentThread",
                rare.agent_thread.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::Inference,
                "inference",
                rare.inference.as_ref().map(|g| (&g.extra, g as _)),
            ),
            (
                Field::Observability,
                "observability",
                rare.observability.as_ref().map(|g| (&g.extra, g as _)),
            ),
        ];
        for (field, name, grant) in grants {
            let Some((extra, grant)) = grant.filter(|(extra, _)| !extra.is_empty()) else {
                continue;
            };
            // A free-form key that the server would read as a known field (`roomJoin` kept
            // in `extra`, or `RoomJoin`) would slip past the typed rules: refuse it.
            // Fail closed: a grant name missing from the table refuses, never skips, the check.
            let (_, known) = STRUCT_OBJECTS
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or(TokenError::AmbiguousKeys { field })?;
            let shadows_known = extra
                .keys()
                .filter_map(|k| go_fold(k))
                .any(|f| known.iter().any(|k| k.eq_ignore_ascii_case(&f)));
            if shadows_known {
                return Err(TokenError::AmbiguousKeys { field });
            }
            check_part(field, name, grant)?;
        }
        match &rare.room_config {
            Some(config) => check_part(Field::RoomConfig, "roomConfig", config),
            None => Ok(()),
        }
    }

    /// The room-join and room-admin rules, which the typed builder enforces at compile
    /// time; only the runtime-checked path calls this.
    pub(crate) fn check_room_rules(&self) -> Result<(), TokenError> {
        let Some(video) = &self.video else {
            return Ok(());
        };
        let has_room = video.room.is_some();
        if video.flags.get(VideoFlag::RoomJoin) == Some(true) {
            if self.identity.is_none() {
                return Err(TokenError::RoomJoinWithoutIdentity);
            }
            if !has_room {
                return Err(TokenError::RoomJoinWithoutRoom);
            }
        }
        let admin = video.flags.get(VideoFlag::RoomAdmin) == Some(true);
        if admin && !has_room {
            return Err(TokenError::RoomAdminWithoutRoom);
        }
        if video.destination_room().is_some() && !admin {
            return Err(TokenError::DestinationRoomWithoutAdmin);
        }
        Ok(())
    }

    /// The payload this token will carry when minted at `now`, but for `iss`, which the
    /// signer writes from the credentials. Empty grants are left out.
    pub(crate) fn payload_parts(&self, now: u64) -> Result<PayloadParts<'_>, TokenError> {
        let exp = now
            .checked_add(self.ttl.as_secs())
            .filter(|exp| *exp <= MAX_EXP)
            .ok_or(TokenError::TtlOverflow)?;
        let mut parts = PayloadParts {
            sub: self.identity.as_ref().map(Utf8::from),
            nbf: Some(now),
            iat: Some(now),
            exp: Some(exp),
            name: self.name.as_ref().map(Utf8::from),
            metadata: self.metadata.as_deref(),
            kind: self.kind.map(ParticipantKind::as_str),
            kind_details: (!self.kind_details.is_empty())
                .then(|| self.kind_details.iter().map(|d| d.as_str()).collect()),
            video: self.video.as_ref().filter(|g| !g.is_empty()),
            ..PayloadParts::default()
        };
        if let Some(rare) = self.rare.as_deref() {
            parts.attributes = rare.attributes.as_ref();
            parts.sip = rare.sip.as_ref().filter(|g| !g.is_empty());
            parts.agent = rare.agent.as_ref().filter(|g| !g.is_empty());
            parts.agent_endpoint = rare.agent_endpoint.as_ref().filter(|g| !g.is_empty());
            parts.agent_thread = rare.agent_thread.as_ref().filter(|g| !g.is_empty());
            parts.inference = rare.inference.as_ref().filter(|g| !g.is_empty());
            parts.observability = rare.observability.as_ref().filter(|g| !g.is_empty());
            parts.room_preset = rare.room_preset.as_deref();
            parts.room_config = rare.room_config.as_ref();
            parts.sha256 = rare.sha256.as_deref();
        }
        Ok(parts)
    }
}

/// Checks, then signs. The shared end of both minting paths. `data` is borrowed, not
/// moved: a move copies all of it, a couple of hundred bytes, for nothing.
pub(crate) fn mint(
    credentials: &Credentials,
    data: &TokenData,
    clock: &dyn Clock,
) -> Result<String, TokenError> {
    data.check_values()?;
    let now = clock.now_unix_secs().ok_or(TokenError::ClockBeforeEpoch)?;
    crate::sign::sign(credentials, &data.payload_parts(now)?)
}

/// A grant's free-form keys, and the grant itself for serialising.
type FreeForm<'a> = (&'a Map<String, Value>, &'a dyn ErasedSerialize);

/// Object-safe serialisation, so the grants of different types can share one loop.
trait ErasedSerialize {
    fn to_json(&self, out: &mut dyn std::io::Write) -> Result<(), serde_json::Error>;
}

impl<T: serde::Serialize> ErasedSerialize for T {
    fn to_json(&self, out: &mut dyn std::io::Write) -> Result<(), serde_json::Error> {
        serde_json::to_writer(out, self)
    }
}

fn check_part(field: Field, key: &str, part: &dyn ErasedSerialize) -> Result<(), TokenError> {
    let encoding = |e: serde_json::Error| TokenError::Encoding(e.to_string());
    let open = format!("{{{}:", serde_json::Value::from(key));
    // A `roomConfig` may hold egress credentials the caller allowed: the JSON is built in
    // one exactly sized buffer (no reallocation leaves a copy behind) that is wiped on drop.
    let mut size = crate::sink::ByteCount::default();
    part.to_json(&mut size).map_err(encoding)?;
    let mut json = zeroize::Zeroizing::new(Vec::with_capacity(open.len() + size.count() + 1));
    json.extend_from_slice(open.as_bytes());
    part.to_json(&mut *json).map_err(encoding)?;
    json.push(b'}');
    crate::verify::json::parse_claims(&json)
        .map(drop)
        .map_err(|_| TokenError::AmbiguousKeys { field })
}

fn within(len: usize, field: Field, max: usize) -> Result<(), TokenError> {
    if len > max {
        return Err(TokenError::TooLong { field, len, max });
    }
    Ok(())
}

fn non_empty_within(value: &[u8], field: Field, max: usize) -> Result<(), TokenError> {
    if value.is_empty() {
        return Err(TokenError::Empty { field });
    }
    within(value.len(), field, max)
}

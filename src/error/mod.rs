//! Errors, one enum per phase: loading credentials, minting a token, parsing a value.
//! None of them ever holds a secret or a token.

use std::fmt;

mod credentials;

pub use credentials::CredentialsError;
pub(crate) use credentials::shown_path;

/// Which value of a token an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The participant identity.
    Identity,
    /// The participant's display name.
    Name,
    /// `video.room`.
    Room,
    /// The destination room of the video grant.
    DestinationRoom,
    /// The participant metadata.
    Metadata,
    /// The participant attributes.
    Attributes,
    /// The attributes of an agent dispatched in the room configuration.
    AgentAttributes,
    /// The time to live (expiry minus not-before).
    Ttl,
    /// The room configuration.
    RoomConfig,
    /// The encoded token as a whole.
    Token,
    /// The video grant.
    Video,
    /// The SIP grant.
    Sip,
    /// The top-level agent grant.
    Agent,
    /// The agent endpoint grant.
    AgentEndpoint,
    /// The agent thread grant.
    AgentThread,
    /// The inference grant.
    Inference,
    /// The observability grant.
    Observability,
    /// `kind`, the participant kind.
    Kind,
    /// `kindDetails`.
    KindDetails,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Identity => "identity",
            Field::Name => "name",
            Field::Room => "room",
            Field::DestinationRoom => "destination room",
            Field::Metadata => "metadata",
            Field::Attributes => "attributes",
            Field::AgentAttributes => "agent attributes",
            Field::Ttl => "ttl",
            Field::RoomConfig => "room config",
            Field::Token => "token",
            Field::Video => "video grant",
            Field::Sip => "sip grant",
            Field::Agent => "agent grant",
            Field::AgentEndpoint => "agent endpoint grant",
            Field::AgentThread => "agent thread grant",
            Field::Inference => "inference grant",
            Field::Observability => "observability grant",
            Field::Kind => "participant kind",
            Field::KindDetails => "kind details",
        })
    }
}

/// Minting a token failed. The typed [`AccessToken`](crate::AccessToken) path can only
/// hit the value errors here, never the room-join rules, which are compile errors there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// A string that must not be empty is empty.
    #[error("the {field} is empty: pass a non-empty {field}")]
    Empty {
        /// Which value.
        field: Field,
    },
    /// A value is over the LiveKit server's limit; for [`Field::Token`], the whole token
    /// ([`limits::MAX_TOKEN_BYTES`](crate::limits::MAX_TOKEN_BYTES)).
    #[error("{len} bytes of {field}, over the server's limit of {max} bytes: {}", shorten(*field))]
    TooLong {
        /// Which value.
        field: Field,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// A limit is set but empty, which LiveKit reads as no limit at all, as if it were
    /// absent: an allowlist that allows everything. The video grant's list of track sources
    /// that may be published (`field` [`Field::Video`]), the agent endpoint grant's agent
    /// name or deployment ([`Field::AgentEndpoint`]), or the room configuration's list of
    /// agents ([`Field::RoomConfig`]), which leaves the room to automatic dispatch.
    #[error("{}", empty_limit_message(*field))]
    EmptyLimit {
        /// The grant whose limit is empty.
        field: Field,
    },
    /// The TTL is zero.
    #[error(
        "the ttl is zero (a Duration under one second counts as zero: token dates are whole seconds), so the token would be born expired: pass a positive ttl, such as 3600 seconds (an hour)"
    )]
    ZeroTtl,
    /// `now + ttl` does not fit the JWT's integer seconds (or JavaScript's safe integers).
    #[error("the ttl is too long: now + ttl must stay below 2^53 seconds; pass a shorter ttl")]
    TtlOverflow,
    /// The clock reads a time before 1970.
    #[error(
        "the system clock reads a time before 1970: fix the clock, or mint with a `Clock` of your own (the `_with_clock` methods)"
    )]
    ClockBeforeEpoch,
    /// The room configuration carries storage or stream credentials.
    #[error(
        "the room config carries credentials at `{path}`: remove them, or call `.allow_sensitive_credentials_in_room_config()` if the token is meant to carry them"
    )]
    SensitiveCredentials {
        /// JSON path of the credential inside the room configuration.
        path: String,
    },
    /// The room configuration's egress, or one of the egress requests in it (`room`,
    /// `participant`, `tracks`), is not a JSON object. The server reads the egress as
    /// LiveKit's `RoomEgress` message, and refuses the whole token when it cannot.
    #[error(
        "`{path}` is {found}, not an object: write the egress as LiveKit's `RoomEgress` in JSON, such as {{\"room\": {{\"roomName\": \"my-room\"}}}}, or leave it out"
    )]
    EgressNotAnObject {
        /// Where, such as `roomConfig.egress.room`.
        path: String,
        /// What it is instead: `"a number"`, `"a string"`, `"a list"` or `"true or false"`.
        found: &'static str,
    },
    /// Keys kept in a grant's or room configuration's `extra` repeat a member, differ from
    /// one only in case or spelling, or set a member the type has a field for (past that
    /// field's checks); the server would read it differently from a careful verifier, or
    /// refuse it (and this crate's verifier refuses it).
    #[error(
        "the {field} sets a member twice or in another spelling, or sets a known member through `extra`: set each member once, through its field"
    )]
    AmbiguousKeys {
        /// Which grant.
        field: Field,
    },
    /// A grant, the room configuration or an agent dispatch in it carries a member this
    /// crate does not know (kept in its `extra`). The LiveKit server ignores a member it
    /// does not read: a misspelt permission or room setting (`can_publish`, `canPublsh`,
    /// `max_participant`) would be minted and never apply. Refused unless the builder was told
    /// [`allow_unknown_members`](crate::RuntimeCheckedToken::allow_unknown_members).
    #[error(
        "the {field} has a member {name:?} this crate does not know{}: spell it as LiveKit does, or call `.allow_unknown_members()` if your LiveKit server reads it",
        suggestion.map(|known| format!(" (did you mean {known:?}?)")).unwrap_or_default()
    )]
    UnknownMember {
        /// Which grant, or [`Field::RoomConfig`].
        field: Field,
        /// The member's name (its first 64 characters and `…` when longer), shown escaped.
        name: String,
        /// The known member it is one slip from, if any.
        suggestion: Option<&'static str>,
    },
    /// A grant's free-form members nest deeper than JSON readers go (128 levels, as
    /// `serde_json`): the verifier, and likely the server, would refuse the token.
    #[error("the {field} nests deeper than 128 levels, which no verifier reads: flatten it")]
    NestedTooDeeply {
        /// Which grant.
        field: Field,
    },
    /// Runtime-checked path: the token joins a room but has no identity.
    #[error("this token joins a room, so it needs an identity: set one with `.set_identity(..)`")]
    RoomJoinWithoutIdentity,
    /// Runtime-checked path: the token joins a room but names none.
    #[error("this token joins a room, so it needs a room name: set `video.room`")]
    RoomJoinWithoutRoom,
    /// Runtime-checked path: the token grants room admin but names no room.
    #[error("this token grants room admin, so it needs a room name: set `video.room`")]
    RoomAdminWithoutRoom,
    /// Runtime-checked path: a destination room without room admin.
    #[error("a destination room needs room admin: set room admin in the video grant")]
    DestinationRoomWithoutAdmin,
    /// Runtime-checked path: two video grants name different rooms (or different
    /// destination rooms). The typed path cannot set a room twice; merging would keep
    /// only the later one.
    #[error(
        "two video grants name different {field}s, and a merge would keep only the later one: name the {field} in one grant"
    )]
    ConflictingRooms {
        /// [`Field::Room`] or [`Field::DestinationRoom`].
        field: Field,
    },
    /// Two agent endpoint grants of one token name different agents or deployments, or two
    /// agent thread grants a different `all`, scope or threads (one naming none included).
    /// A grant's permissions apply to what it names: merged into one, each grant's would
    /// reach what the other names.
    #[error(
        "two {field}s name different agents, deployments, scopes or threads, and merged, one grant's permissions would reach what the other names: give both the same, or mint one token for each"
    )]
    ConflictingScopes {
        /// [`Field::AgentEndpoint`] or [`Field::AgentThread`].
        field: Field,
    },
    /// A string or number that names an enumerated value is not one LiveKit knows (on the
    /// typed path the types rule most of these out): an agent dispatch's restart policy in
    /// the room configuration, on either path; on the runtime-checked path, a track source
    /// in the video grant; in
    /// [`RuntimeCheckedToken::from_claims`](crate::RuntimeCheckedToken::from_claims), the
    /// kind, a kind detail, or a track source not spelt in lower case. The server would not
    /// read it as the token's author meant (an unknown source is no source), so it is
    /// refused rather than written.
    #[error("{field}: {value}")]
    UnknownValue {
        /// Which value.
        field: Field,
        /// The string, and the names LiveKit knows.
        value: UnknownValue,
    },
    /// [`RuntimeCheckedToken::from_claims`](crate::RuntimeCheckedToken::from_claims): the
    /// claims carry a top-level claim this crate does not mint (kept in
    /// [`Claims::extra`](crate::Claims::extra), such as `aud`).
    #[error(
        "the claims carry {name:?}, which this crate does not mint: remove it from `claims.extra` to mint the token without it"
    )]
    UnknownClaim {
        /// The claim's name (its first 64 characters and `…` when longer), shown escaped.
        name: String,
    },
    /// The claims could not be encoded (a bug: please report it).
    #[error("encoding the token failed ({0}); this is a bug, please report it")]
    Encoding(String),
}

/// How to bring a value under its limit.
fn shorten(field: Field) -> String {
    match field {
        Field::Token => {
            "carry less in it (metadata, attributes, the room configuration and its agents)".into()
        }
        field => format!("shorten the {field}"),
    }
}

/// What [`TokenError::EmptyLimit`] says, by grant.
fn empty_limit_message(field: Field) -> &'static str {
    match field {
        Field::RoomConfig => {
            "the room configuration's list of agents is empty, which LiveKit reads as no list, so the server starts any agent registered for automatic dispatch: name the agents to dispatch, or leave the list out"
        }
        Field::AgentEndpoint => {
            "the agent endpoint grant's agent name or deployment is empty, which reads as every agent or deployment: name the one it may call, or leave it out to allow every one"
        }
        Field::Video => {
            "the video grant's list of track sources is empty, which LiveKit reads as every source: list the sources it may publish, leave the list out to allow every source, or forbid publishing to allow none"
        }
        // Only the three above are built; a later limit gets a message of its own.
        _ => "a limit is empty, which LiveKit reads as no limit: set it, or leave it out",
    }
}

impl TokenError {
    /// The value this error is about.
    pub fn field(&self) -> Field {
        match self {
            TokenError::Empty { field }
            | TokenError::TooLong { field, .. }
            | TokenError::AmbiguousKeys { field }
            | TokenError::NestedTooDeeply { field }
            | TokenError::ConflictingRooms { field }
            | TokenError::ConflictingScopes { field }
            | TokenError::UnknownMember { field, .. }
            | TokenError::EmptyLimit { field }
            | TokenError::UnknownValue { field, .. } => *field,
            TokenError::ZeroTtl | TokenError::TtlOverflow | TokenError::ClockBeforeEpoch => {
                Field::Ttl
            }
            TokenError::SensitiveCredentials { .. } | TokenError::EgressNotAnObject { .. } => {
                Field::RoomConfig
            }
            TokenError::RoomJoinWithoutIdentity => Field::Identity,
            TokenError::RoomJoinWithoutRoom | TokenError::RoomAdminWithoutRoom => Field::Room,
            TokenError::DestinationRoomWithoutAdmin => Field::DestinationRoom,
            TokenError::Encoding(_) | TokenError::UnknownClaim { .. } => Field::Token,
        }
    }
}

/// A string is not one of the names LiveKit knows for an enumerated value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {what}: use one of {accepted}")]
pub struct UnknownValue {
    what: &'static str,
    value: String,
    accepted: String,
}

/// How many characters of a value a caller or a client sent an error echoes.
pub(crate) const ECHO_CHARS: usize = 64;

/// At most 64 characters of a value a caller or a client sent, to echo in a message: its
/// start, then `…` if it is longer, so that no reader takes the cut value for the whole.
pub(crate) fn capped(value: &str) -> String {
    let mut chars = value.chars();
    let mut out: String = chars.by_ref().take(ECHO_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

impl UnknownValue {
    pub(crate) fn new<'a>(
        what: &'static str,
        value: &str,
        accepted: impl Iterator<Item = &'a str>,
    ) -> Self {
        // Cap the echoed value: it may come from a request body.
        let value = capped(value);
        Self {
            what,
            value,
            accepted: accepted.collect::<Vec<_>>().join(", "),
        }
    }

    /// What kind of value was refused: `"track source"`, `"participant kind"`, ...
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The names accepted instead, comma-separated: for a message that must not quote
    /// the refused value back.
    ///
    /// ```
    /// let e = "camra".parse::<livekit_access_token::TrackSource>().unwrap_err();
    /// assert_eq!(format!("not a {}: use one of {}", e.what(), e.accepted()),
    ///            "not a track source: use one of camera, microphone, screen_share, screen_share_audio, unknown");
    /// ```
    pub fn accepted(&self) -> &str {
        &self.accepted
    }
}

#[cfg(test)]
mod tests {
    use super::capped;

    #[test]
    fn a_value_is_echoed_whole_up_to_64_characters_and_cut_with_an_ellipsis_beyond() {
        assert_eq!(capped(&"x".repeat(100)), format!("{}…", "x".repeat(64)));
        assert_eq!(capped(&"x".repeat(64)), "x".repeat(64));
    }
}

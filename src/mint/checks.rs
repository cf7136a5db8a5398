//! The checks every token passes before it is signed: the values the types cannot see, and,
//! on the runtime-checked path, the room rules the typed builder enforces at compile time.
//! Each failure is a [`TokenError`] naming its field.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::data::TokenData;
use crate::codec::strict_json;
use crate::error::{Field, TokenError};
use crate::wire::fold::{self, go_fold};
use crate::wire::{ClaimMember, RoomAgentDispatch, RoomConfiguration, VideoMember, WireObject};

/// Attributes' size as the server counts it: keys plus values.
pub(crate) fn size(attributes: &BTreeMap<String, String>) -> usize {
    attributes
        .iter()
        .map(|(k, v)| k.len().saturating_add(v.len()))
        .fold(0usize, usize::saturating_add)
}

/// The LiveKit server's default limits (`LimitConfig`), which minting enforces.
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
    /// Maximum size of the whole token in bytes. Clients send the token in the URL of
    /// their request, of which the server reads at most 1 MiB with the headers (Go's
    /// default); this leaves room for the rest. A proxy in front of the server may allow
    /// far less (nginx takes a request line of 8 KiB by default).
    pub const MAX_TOKEN_BYTES: usize = 1_000_000;
    /// Largest `exp` written: JavaScript's `Number.MAX_SAFE_INTEGER`, so every official
    /// verifier reads it exactly.
    pub const MAX_EXP: u64 = (1 << 53) - 1;
}

use limits::*;

impl TokenData {
    /// Checks the values the types cannot see.
    pub(crate) fn check_values(&self) -> Result<(), TokenError> {
        if let Some(field) = self.scope_conflict {
            return Err(TokenError::ConflictingScopes { field });
        }
        if let Some(identity) = &self.identity {
            non_empty_within(identity.as_bytes(), Field::Identity)?;
        }
        if let Some(name) = &self.name {
            within(name.as_bytes().len(), Field::Name)?;
        }
        if let Some(video) = &self.video {
            if let Some(room) = &video.room {
                non_empty_within(room.as_bytes(), Field::Room)?;
            }
            if let Some(dest) = video.destination_room() {
                non_empty_within(dest.as_bytes(), Field::DestinationRoom)?;
            }
            if video
                .texts(VideoMember::CanPublishSources)
                .is_some_and(Vec::is_empty)
            {
                return Err(TokenError::EmptyLimit {
                    field: Field::Video,
                });
            }
        }
        if let Some(metadata) = &self.metadata {
            within(metadata.len(), Field::Metadata)?;
        }
        let rare = self.rare.as_deref();
        if let Some(endpoint) = rare.and_then(|r| r.agent_endpoint.as_ref())
            && [&endpoint.agent_name, &endpoint.deployment]
                .into_iter()
                .any(|limit| limit.as_deref() == Some(""))
        {
            return Err(TokenError::EmptyLimit {
                field: Field::AgentEndpoint,
            });
        }
        if let Some(attributes) = rare.and_then(|r| r.attributes.as_ref()) {
            within(size(attributes), Field::Attributes)?;
        }
        let config = rare.and_then(|r| r.room_config.as_ref());
        if let Some(config) = config {
            config.check_egress_shape()?;
            if config.agents.as_ref().is_some_and(Vec::is_empty) {
                return Err(TokenError::EmptyLimit {
                    field: Field::RoomConfig,
                });
            }
        }
        for agent in config.and_then(|c| c.agents.as_ref()).into_iter().flatten() {
            // The dispatched agent joins with these as its participant attributes.
            if let Some(attributes) = &agent.attributes {
                within(size(attributes), Field::AgentAttributes)?;
            }
            if let Some(policy) = &agent.restart_policy {
                policy
                    .check_known()
                    .map_err(|value| TokenError::UnknownValue {
                        field: Field::RoomConfig,
                        value,
                    })?;
            }
        }
        if self.ttl.as_secs() == 0 {
            return Err(TokenError::ZeroTtl);
        }
        self.check_unambiguous()?;
        if !self.allow_sensitive_credentials
            && let Some(path) = config.and_then(RoomConfiguration::sensitive_credentials_path)
        {
            return Err(TokenError::SensitiveCredentials { path });
        }
        Ok(())
    }

    /// Grants and the room configuration read from JSON carry unknown members in `extra`.
    /// Written next to the known ones they could repeat a member, differ from one only in
    /// case, or set a known member the typed rules never saw (room join kept in `extra`);
    /// and any other is one the server ignores, refused unless allowed (N07). Checked the
    /// way the verifier will read it, and only when there is free-form content to check.
    fn check_unambiguous(&self) -> Result<(), TokenError> {
        let allow = self.allow_unknown_members;
        if let Some(video) = self.video.as_ref().filter(|v| v.extra().is_some()) {
            // Serialised in the wire's shape, as the verifier will read it.
            let claims = Some(&video.to_claims());
            check_grant(Field::Video, ClaimMember::Video, claims, allow)?;
        }
        let Some(rare) = self.rare.as_deref() else {
            return Ok(());
        };
        check_grant(Field::Sip, ClaimMember::Sip, rare.sip.as_ref(), allow)?;
        check_grant(Field::Agent, ClaimMember::Agent, rare.agent.as_ref(), allow)?;
        let endpoint = rare.agent_endpoint.as_ref();
        check_grant(
            Field::AgentEndpoint,
            ClaimMember::AgentEndpoint,
            endpoint,
            allow,
        )?;
        let thread = rare.agent_thread.as_ref();
        check_grant(Field::AgentThread, ClaimMember::AgentThread, thread, allow)?;
        let inference = rare.inference.as_ref();
        check_grant(Field::Inference, ClaimMember::Inference, inference, allow)?;
        let observability = rare.observability.as_ref();
        check_grant(
            Field::Observability,
            ClaimMember::Observability,
            observability,
            allow,
        )?;
        let Some(config) = &rare.room_config else {
            return Ok(());
        };
        let mut dispatches = config.agents.iter().flatten();
        if names_a_field::<RoomConfiguration>(&config.extra, |c| &c.extra)
            || dispatches.any(|d| names_a_field::<RoomAgentDispatch>(&d.extra, |d| &d.extra))
        {
            return Err(TokenError::AmbiguousKeys {
                field: Field::RoomConfig,
            });
        }
        if !allow {
            // The server reads the configuration with protojson, which drops a member it
            // does not know. No guess is offered: its names are serde's, not a table's.
            let dispatches = config.agents.iter().flatten();
            let names = config
                .extra
                .keys()
                .chain(dispatches.flat_map(|d| d.extra.keys()));
            refuse_unknown(Field::RoomConfig, names, &[])?;
        }
        check_part(Field::RoomConfig, ClaimMember::RoomConfig, config)
    }

    /// The room-join and room-admin rules, which the typed builder enforces at compile
    /// time; only the runtime-checked path calls this.
    pub(crate) fn check_room_rules(&self) -> Result<(), TokenError> {
        let Some(video) = &self.video else {
            return Ok(());
        };
        let has_room = video.room.is_some();
        if video.flags.get(VideoMember::RoomJoin) == Some(true) {
            if self.identity.is_none() {
                return Err(TokenError::RoomJoinWithoutIdentity);
            }
            if !has_room {
                return Err(TokenError::RoomJoinWithoutRoom);
            }
        }
        let admin = video.flags.get(VideoMember::RoomAdmin) == Some(true);
        if admin && !has_room {
            return Err(TokenError::RoomAdminWithoutRoom);
        }
        if video.destination_room().is_some() && !admin {
            return Err(TokenError::DestinationRoomWithoutAdmin);
        }
        Ok(())
    }
}

/// A grant with free-form members: none may fold onto a member the grant knows (the server
/// would honour it as that member, past the typed rules), and the whole must read back
/// without a duplicate or a case twin at any depth. Fails closed: a grant the table gives
/// no member names for is refused, never skipped.
fn check_grant<G: WireObject + Serialize>(
    field: Field,
    member: ClaimMember,
    grant: Option<&G>,
    allow_unknown: bool,
) -> Result<(), TokenError> {
    let Some(grant) = grant.filter(|g| !g.extra().is_empty()) else {
        return Ok(());
    };
    let known = member
        .struct_keys()
        .ok_or(TokenError::AmbiguousKeys { field })?;
    let shadows_known = grant
        .extra()
        .keys()
        .filter_map(|k| go_fold(k))
        .any(|f| known.iter().any(|k| k.eq_ignore_ascii_case(&f)));
    if shadows_known {
        return Err(TokenError::AmbiguousKeys { field });
    }
    if !allow_unknown {
        refuse_unknown(field, grant.extra().keys(), known)?;
    }
    check_part(field, member, grant)
}

/// Refuses the first of `names`, members this crate does not know: the server ignores
/// them, so a misspelt one would be minted and never apply.
fn refuse_unknown<'a>(
    field: Field,
    mut names: impl Iterator<Item = &'a String>,
    known: &[&'static str],
) -> Result<(), TokenError> {
    match names.next() {
        Some(name) => Err(TokenError::UnknownMember {
            field,
            // Capped: the name is echoed in an error message.
            name: crate::error::capped(name),
            suggestion: closest(name, known),
        }),
        None => Ok(()),
    }
}

/// The known member `name` was most likely meant as: the same once `_`, `-` and case are
/// set aside (`can_publish`), or, for a name of five letters or more, one letter added,
/// dropped or changed (`canPublsh`). Shorter names are too close to each other to guess
/// (`call` is one letter from `all`, which grants every thread).
fn closest(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let bare = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let name = bare(name);
    let same = known.iter().copied().find(|k| bare(k) == name);
    let one_slip = || {
        let find = |k: &&str| one_edit_apart(&name, &bare(k));
        known.iter().copied().find(find).filter(|_| name.len() >= 5)
    };
    same.or_else(one_slip)
}

/// Whether `a` and `b` are equal or one insertion, deletion or substitution apart.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let same_start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let short_rest = short.get(same_start..).unwrap_or_default();
    // Past the common start, the longer one's first letter is the odd one: added, or
    // changed (when the shorter one's first letter goes too).
    let long_tail = long
        .get(same_start..)
        .and_then(|r| r.get(1..))
        .unwrap_or_default();
    short_rest == long_tail || short_rest.get(1..) == Some(long_tail)
}

/// Whether `extra` holds a key that `T` reads as one of its fields, under either of its
/// protojson names: written next to that field or in its place, it would skip the checks
/// the field gets (a dispatch's restart policy, the agent attributes' size) and could make
/// a member protojson refuses to see twice. `T`'s own reader decides, so the names are
/// those it reads; a key it cannot read alone counts as a field's.
fn names_a_field<T: DeserializeOwned>(
    extra: &Map<String, Value>,
    extra_of: fn(&T) -> &Map<String, Value>,
) -> bool {
    extra.keys().any(|key| {
        let alone = Value::Object(Map::from_iter([(key.clone(), Value::Null)]));
        serde_json::from_value::<T>(alone).map_or(true, |read| extra_of(&read).is_empty())
    })
}

/// `{"<member>": part}` read back as the verifier will read it: strictly, and folded.
fn check_part(field: Field, member: ClaimMember, part: &impl Serialize) -> Result<(), TokenError> {
    let encoding = |e: serde_json::Error| TokenError::Encoding(e.to_string());
    let open = member.json_key().as_bytes();
    // A room configuration may hold egress credentials the caller allowed: the JSON is built in
    // one exactly sized buffer (no reallocation leaves a copy behind) that is wiped on drop,
    // and the strings read back from it are wiped before they are freed, when the reading
    // fails too. (serde_json's reader unescapes a string with escapes in a buffer of its
    // own, which it frees unwiped.)
    let mut size = crate::codec::sink::ByteCount::default();
    serde_json::to_writer(&mut size, part).map_err(encoding)?;
    // `{`, the member's opening, the part and `}`; a capacity too large fails to allocate.
    let capacity = open.len().saturating_add(size.count()).saturating_add(2);
    let mut json = zeroize::Zeroizing::new(Vec::with_capacity(capacity));
    json.push(b'{');
    json.extend_from_slice(open);
    serde_json::to_writer(&mut *json, part).map_err(encoding)?;
    json.push(b'}');
    // What serde_json just wrote is an object; it reads back as none only when it nests past
    // the readers' depth limit.
    let mut map = strict_json::parse_object(&json).map_err(|refused| match refused {
        strict_json::Refused::DuplicateMember => TokenError::AmbiguousKeys { field },
        strict_json::Refused::NotAnObject => TokenError::NestedTooDeeply { field },
    })?;
    let checked = fold::check_claims(&map).map_err(|_| TokenError::AmbiguousKeys { field });
    map.values_mut().for_each(strict_json::wipe_strings);
    checked
}

/// The server's limit on a field, in bytes; `None` for a field it sets no size limit on.
/// Every field is listed, so a new one cannot pass unlimited by default.
fn max_bytes(field: Field) -> Option<usize> {
    match field {
        Field::Identity => Some(MAX_IDENTITY_BYTES),
        Field::Name => Some(MAX_NAME_BYTES),
        Field::Room | Field::DestinationRoom => Some(MAX_ROOM_NAME_BYTES),
        Field::Metadata => Some(MAX_METADATA_BYTES),
        Field::Attributes | Field::AgentAttributes => Some(MAX_ATTRIBUTES_BYTES),
        Field::Token => Some(MAX_TOKEN_BYTES),
        Field::Ttl
        | Field::RoomConfig
        | Field::Video
        | Field::Sip
        | Field::Agent
        | Field::AgentEndpoint
        | Field::AgentThread
        | Field::Inference
        | Field::Observability
        | Field::Kind
        | Field::KindDetails => None,
    }
}

/// Refuses `len` bytes of `field` over the server's limit on it.
pub(crate) fn within(len: usize, field: Field) -> Result<(), TokenError> {
    if let Some(max) = max_bytes(field)
        && len > max
    {
        return Err(TokenError::TooLong { field, len, max });
    }
    Ok(())
}

fn non_empty_within(value: &[u8], field: Field) -> Result<(), TokenError> {
    if value.is_empty() {
        return Err(TokenError::Empty { field });
    }
    within(value.len(), field)
}

//! The wire vocabulary: every claim and grant member a LiveKit token carries, each with its
//! JSON key, Rust name, kind and documentation written once, in a table.
//!
//! Each table (`claims.rs`, `video.rs`, `grants.rs`) is a macro that hands its rows to a
//! consumer. [`wire_object!`] is the consumer that defines the data type, its members and
//! their serde form; the minter's payload writer and the typed builder's setters read the
//! video grant's table too. So adding a grant flag is one row, and every reader, writer, merge
//! and case-folding check picks it up.
//!
//! A row is `field, Variant: kind = "jsonKey";` where the kind says how the member is
//! typed, when it is written and how the verifier's fast readers read it:
//!
//! | kind | Rust type | written when |
//! |---|---|---|
//! | `flag` | `Option<bool>`, server default `false` | `true` |
//! | `state` | the same, switched on only by a type state of the typed builder | `true` |
//! | `tri` | `Option<bool>`, which the server reads as optional (`*bool`) | set |
//! | `id` | `Option<String>`, a registered claim that must be a string | set |
//! | `text` | `Option<String>` | set |
//! | `texts` | `Option<Vec<String>>` | set |
//! | `date` | `Option<u64>`, seconds since the epoch | set |
//! | `map` | `Option<BTreeMap<String, String>>` | set |
//! | `grant(T)` | `Option<T>`, another table's object, which the server reads into a Go struct | set |
//! | `value(T)` | `Option<T>`, anything else serde reads | set |

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

mod claims;
mod egress;
mod enums;
pub(crate) mod fold;
pub(crate) mod from_object;
mod grants;
mod object;
mod restart_policy;
mod room_config;
mod rows;
mod video;

pub use claims::Claims;
pub(crate) use claims::{AUD, ClaimMember, GO_IDENTITY};
pub use enums::{
    IsKindDetail, IsParticipantKind, IsTrackSource, KindDetail, ParticipantKind, TrackSource,
};
pub(crate) use fold::TOP_LEVEL_KEYS;
pub(crate) use grants::MergeTarget;
pub use grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant, SipGrant,
};
pub(crate) use object::wire_object;
pub use restart_policy::{JobRestartPolicy, UnrecognizedPolicy};
pub use room_config::{RoomAgentDispatch, RoomConfiguration};
pub(crate) use rows::{
    flag_slot, is_default_false, is_flag, is_written, read_kind, setter, struct_keys, wire_type,
};
pub use video::VideoClaims;
pub(crate) use video::VideoMember;
pub(crate) use video::video_members;

/// How one member's value is read, by kind. Each reader of claims implements it: serde's
/// own (in `object.rs`), the verifier's strict reader over a parsed tree and its two fast
/// readers.
/// The tables turn "member X" into "read X's kind into X's field" once, for all of them.
pub(crate) trait ReadKind {
    /// Why a value could not be read.
    type Error;
    /// A `flag` member; `null` is absent.
    fn flag(&mut self) -> Result<Option<bool>, Self::Error>;
    /// A `state` member, read as a flag.
    fn state(&mut self) -> Result<Option<bool>, Self::Error> {
        self.flag()
    }
    /// A `tri` member, read as a flag.
    fn tri(&mut self) -> Result<Option<bool>, Self::Error> {
        self.flag()
    }
    /// An `id` member: a string (the verifier refuses `null` before reading it).
    fn id(&mut self) -> Result<Option<String>, Self::Error>;
    /// A `text` member; `null` is absent.
    fn text(&mut self) -> Result<Option<String>, Self::Error>;
    /// A `texts` member; `null` is absent.
    fn texts(&mut self) -> Result<Option<Vec<String>>, Self::Error>;
    /// A `date` member: whole seconds (the verifier rounds other dates first).
    fn date(&mut self) -> Result<Option<u64>, Self::Error>;
    /// A `map` member, read by serde.
    fn map(&mut self) -> Result<Option<BTreeMap<String, String>>, Self::Error> {
        self.value()
    }
    /// A `grant(T)` member: another table's object.
    fn grant<T: WireObject>(&mut self) -> Result<Option<T>, Self::Error>;
    /// A `value(T)` member, read by serde.
    fn value<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Self::Error>;
}

/// What every table-defined object offers the generic code here and in the readers.
pub(crate) trait WireObject: Default + DeserializeOwned {
    /// The object's members, one variant per row.
    type Member: Copy;
    /// The JSON keys of its members, in wire order.
    fn keys() -> &'static [&'static str];
    /// The member spelt exactly `name`.
    fn member(name: &str) -> Option<Self::Member>;
    /// The member's JSON key.
    fn key(member: Self::Member) -> &'static str;
    /// The member's bit in a set of members seen.
    fn bit(member: Self::Member) -> u32;
    /// Reads `member`'s value from `reader` into its field.
    fn read<R: ReadKind>(&mut self, member: Self::Member, reader: &mut R) -> Result<(), R::Error>;
    /// The members this crate does not know.
    fn extra(&self) -> &Map<String, Value>;
    /// The same, to add to.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

//! The `video` grant as a token under construction holds it: small, and without an
//! allocation for the usual grant.
//!
//! [`VideoClaims`] is the wire's shape, one field per JSON member, and stays the type that
//! tokens are read into. A builder moves its grant at every step, and a `VideoClaims` is
//! over a hundred bytes whose room name is a heap `String` and whose empty `extra` map
//! still costs a walk to drop. Here the fifteen flags are two bit sets, the room name is
//! kept inline when short, and what few grants carry (a destination room, track sources,
//! free-form keys) is boxed. [`VideoData::to_claims`] and `From<VideoClaims>` convert
//! losslessly; a test holds both directions and the merge equal to `VideoClaims`'.

use std::fmt;

use serde_json::{Map, Value};

use super::VideoClaims;
use crate::text::Text;

/// Each flag and the `VideoClaims` field it is: the one list behind [`VideoFlag::slot`]
/// (an exhaustive `match`, so every flag is in it) and the conversions both ways, which
/// name every field of `VideoClaims` (a struct literal one way, a pattern the other), so a
/// field added there fails to compile here instead of being dropped on the way through.
macro_rules! for_each_flag {
    ($apply:ident) => {
        $apply!(
            RoomCreate: room_create,
            RoomList: room_list,
            RoomRecord: room_record,
            RoomAdmin: room_admin,
            RoomJoin: room_join,
            CanPublish: can_publish,
            CanSubscribe: can_subscribe,
            CanPublishData: can_publish_data,
            CanUpdateOwnMetadata: can_update_own_metadata,
            IngressAdmin: ingress_admin,
            Hidden: hidden,
            Recorder: recorder,
            Agent: agent,
            CanSubscribeMetrics: can_subscribe_metrics,
            CanManageAgentSession: can_manage_agent_session,
        )
    };
}

/// One of the `video` grant's boolean members, numbered in wire order. The number is the
/// flag's bit in [`Flags`] and in the verifier's set of members seen
/// (`crate::verify::members`), which reads flags through [`VideoFlag::slot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VideoFlag {
    RoomCreate,
    RoomList,
    RoomRecord,
    RoomAdmin,
    RoomJoin,
    CanPublish,
    CanSubscribe,
    CanPublishData,
    CanUpdateOwnMetadata,
    IngressAdmin,
    Hidden,
    Recorder,
    Agent,
    CanSubscribeMetrics,
    CanManageAgentSession,
}

impl VideoFlag {
    /// How many flags there are (the last variant has the highest number).
    pub(crate) const COUNT: u32 = Self::CanManageAgentSession as u32 + 1;

    const fn bit(self) -> u16 {
        1 << self as u16
    }

    /// The field of `VideoClaims` this flag is.
    #[inline(always)]
    pub(crate) fn slot(self, video: &mut VideoClaims) -> &mut Option<bool> {
        macro_rules! slot {
            ($($flag:ident: $field:ident),+ $(,)?) => {
                match self {
                    $( Self::$flag => &mut video.$field, )+
                }
            };
        }
        for_each_flag!(slot)
    }
}

// Every flag has a bit of its own in a `u16`.
const _: () = assert!(VideoFlag::COUNT <= u16::BITS);

/// Flags whose server default is `false`: written only when `true`. The others are
/// tri-states, written whenever set.
const DEFAULT_FALSE: u16 = VideoFlag::RoomCreate.bit()
    | VideoFlag::RoomList.bit()
    | VideoFlag::RoomRecord.bit()
    | VideoFlag::RoomAdmin.bit()
    | VideoFlag::RoomJoin.bit()
    | VideoFlag::IngressAdmin.bit()
    | VideoFlag::Hidden.bit()
    | VideoFlag::Recorder.bit()
    | VideoFlag::Agent.bit();

/// Fifteen `Option<bool>`s in four bytes: `set` says which are `Some`, `value` what they hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    set: u16,
    value: u16,
}

impl Flags {
    #[inline(always)]
    pub(crate) fn get(self, flag: VideoFlag) -> Option<bool> {
        (self.set & flag.bit() != 0).then_some(self.value & flag.bit() != 0)
    }

    #[inline(always)]
    pub(crate) fn put(&mut self, flag: VideoFlag, value: Option<bool>) {
        let bit = flag.bit();
        self.set = (self.set & !bit) | if value.is_some() { bit } else { 0 };
        self.value = (self.value & !bit) | if value == Some(true) { bit } else { 0 };
    }

    /// `later`'s set flags win; the ones it leaves unset keep their value.
    fn merge(&mut self, later: Flags) {
        self.value = (self.value & !later.set) | (later.value & later.set);
        self.set |= later.set;
    }

    /// Whether any flag would be written.
    fn any_written(self) -> bool {
        (self.set & !DEFAULT_FALSE) | (self.set & self.value & DEFAULT_FALSE) != 0
    }
}

/// The members of a `video` grant that few tokens carry.
#[derive(Clone, Default)]
pub(crate) struct VideoRare {
    pub(crate) can_publish_sources: Option<Vec<String>>,
    pub(crate) destination_room: Option<String>,
    pub(crate) extra: Map<String, Value>,
}

/// A `video` grant as the builders hold it; see the module's documentation.
#[derive(Clone, Default)]
pub(crate) struct VideoData {
    pub(crate) flags: Flags,
    pub(crate) room: Option<Text>,
    pub(crate) rare: Option<Box<VideoRare>>,
}

impl VideoData {
    /// The rare members, boxed on first use.
    pub(crate) fn rare_mut(&mut self) -> &mut VideoRare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Merges `later` into `self` as [`VideoClaims::merge`] does: what `later` sets wins,
    /// what it leaves unset keeps `self`'s value, free-form keys are added.
    pub(crate) fn merge(&mut self, later: VideoData) {
        self.flags.merge(later.flags);
        if later.room.is_some() {
            self.room = later.room;
        }
        if let Some(later) = later.rare {
            let rare = self.rare_mut();
            if later.can_publish_sources.is_some() {
                rare.can_publish_sources = later.can_publish_sources;
            }
            if later.destination_room.is_some() {
                rare.destination_room = later.destination_room;
            }
            rare.extra.extend(later.extra);
        }
    }

    /// Whether nothing would be written for this grant.
    pub(crate) fn is_empty(&self) -> bool {
        !self.flags.any_written()
            && self.room.is_none()
            && self.rare.as_deref().is_none_or(|rare| {
                rare.can_publish_sources.is_none()
                    && rare.destination_room.is_none()
                    && rare.extra.is_empty()
            })
    }

    pub(crate) fn destination_room(&self) -> Option<&str> {
        self.rare.as_deref()?.destination_room.as_deref()
    }

    pub(crate) fn can_publish_sources(&self) -> Option<&Vec<String>> {
        self.rare.as_deref()?.can_publish_sources.as_ref()
    }

    /// The free-form keys, `None` when there are none.
    pub(crate) fn extra(&self) -> Option<&Map<String, Value>> {
        self.rare
            .as_deref()
            .map(|rare| &rare.extra)
            .filter(|extra| !extra.is_empty())
    }

    /// The grant in the wire's shape.
    pub(crate) fn to_claims(&self) -> VideoClaims {
        let rare = self.rare.as_deref();
        macro_rules! claims {
            ($($flag:ident: $field:ident),+ $(,)?) => {
                VideoClaims {
                    $( $field: self.flags.get(VideoFlag::$flag), )+
                    room: self.room.as_ref().map(|room| room.as_str().to_owned()),
                    can_publish_sources: rare.and_then(|r| r.can_publish_sources.clone()),
                    destination_room: rare.and_then(|r| r.destination_room.clone()),
                    extra: rare.map(|r| r.extra.clone()).unwrap_or_default(),
                }
            };
        }
        for_each_flag!(claims)
    }
}

/// Shown as the claims it will be written as.
impl fmt::Debug for VideoData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_claims(), f)
    }
}

impl From<VideoClaims> for VideoData {
    fn from(claims: VideoClaims) -> VideoData {
        let mut flags = Flags::default();
        macro_rules! take {
            ($($flag:ident: $field:ident),+ $(,)?) => {{
                let VideoClaims {
                    $( $field, )+
                    room,
                    can_publish_sources,
                    destination_room,
                    extra,
                } = claims;
                $( flags.put(VideoFlag::$flag, $field); )+
                (room, can_publish_sources, destination_room, extra)
            }};
        }
        let (room, can_publish_sources, destination_room, extra) = for_each_flag!(take);
        let rare =
            (can_publish_sources.is_some() || destination_room.is_some() || !extra.is_empty())
                .then(|| {
                    Box::new(VideoRare {
                        can_publish_sources,
                        destination_room,
                        extra,
                    })
                });
        VideoData {
            flags,
            room: room.as_deref().map(Text::new),
            rare,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Any `VideoClaims`, every member independently absent or present.
    pub(crate) fn any_claims() -> impl Strategy<Value = VideoClaims> {
        let flag = || proptest::option::of(any::<bool>());
        let text = || proptest::option::of("[a-zé]{0,3}|[a-z]{39,42}");
        (
            proptest::collection::vec(flag(), 15),
            text(),
            text(),
            proptest::option::of(proptest::collection::vec("[a-z]{0,3}", 0..3)),
            proptest::collection::btree_map("[a-z]{1,2}", any::<u8>(), 0..2),
        )
            .prop_map(|(flags, room, destination_room, sources, extra)| {
                let mut c = VideoClaims::new();
                let mut f = flags.into_iter();
                let mut next = || f.next().flatten();
                (c.room_create, c.room_list, c.room_record) = (next(), next(), next());
                (c.room_admin, c.room_join, c.can_publish) = (next(), next(), next());
                (c.can_subscribe, c.can_publish_data) = (next(), next());
                (c.can_update_own_metadata, c.ingress_admin, c.hidden) = (next(), next(), next());
                (c.recorder, c.agent, c.can_subscribe_metrics) = (next(), next(), next());
                c.can_manage_agent_session = next();
                c.room = room;
                c.destination_room = destination_room;
                c.can_publish_sources = sources;
                c.extra = extra.into_iter().map(|(k, v)| (k, v.into())).collect();
                c
            })
    }

    proptest! {
        #[test]
        fn converts_both_ways_without_loss(claims in any_claims()) {
            let data = VideoData::from(claims.clone());
            prop_assert_eq!(data.to_claims(), claims.clone());
            prop_assert_eq!(data.is_empty(), claims.is_empty());
        }

        #[test]
        fn merges_as_video_claims_merge(a in any_claims(), b in any_claims()) {
            let mut data = VideoData::from(a.clone());
            data.merge(VideoData::from(b.clone()));
            let mut claims = a;
            claims.merge(b);
            prop_assert_eq!(data.to_claims(), claims);
        }
    }

    #[test]
    fn each_flag_is_its_own_bit_holds_all_three_states_and_is_empty_as_the_claims_say() {
        macro_rules! every_flag {
            ($($flag:ident: $field:ident),+ $(,)?) => {
                [$(VideoFlag::$flag),+]
            };
        }
        let all = for_each_flag!(every_flag);
        assert_eq!(all.len(), VideoFlag::COUNT as usize);
        for flag in all {
            for state in [Some(true), Some(false), None] {
                let mut flags = Flags {
                    set: u16::MAX,
                    value: 0,
                };
                flags.put(flag, state);
                assert_eq!(flags.get(flag), state, "{flag:?}");
                for other in all.iter().filter(|o| **o != flag) {
                    assert_eq!(flags.get(*other), Some(false), "{flag:?} moved {other:?}");
                }
                // Alone in a grant, it is empty exactly when `VideoClaims` says so (the bytes
                // written are compared in `payload.rs`).
                let mut alone = VideoData::default();
                alone.flags.put(flag, state);
                let claims = alone.to_claims();
                assert_eq!(alone.is_empty(), claims.is_empty(), "{flag:?} {state:?}");
            }
        }
    }
}

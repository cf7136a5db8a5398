//! The video grant as a token under construction holds it: small, and without an
//! allocation for the usual grant.
//!
//! [`VideoClaims`] is the wire's shape, one field per member, and stays the type tokens
//! are read into. A builder moves its grant at every step, and a `VideoClaims` is over a
//! hundred bytes whose room name is a heap `String` and whose empty `extra` map still costs
//! a walk to drop. Here the flags are two bit sets indexed by [`VideoMember`], the room
//! name is kept inline when short, and what few grants carry (a destination room, track
//! sources, free-form members) is boxed. [`VideoData::to_claims`] and `From<VideoClaims>`
//! convert losslessly; tests hold both directions and the merge equal to `VideoClaims`'.

use std::fmt;

use serde_json::{Map, Value};

use crate::codec::json_string::Utf8;
use crate::codec::text::Text;
use crate::wire::{VideoClaims, VideoMember};

/// Members that are not flags live in fields of their own here, named by hand: a text or
/// list member added to the table needs one. This stops the build until it has one.
// Evaluated at compile time: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
const _: () = {
    let mut others = 0;
    let mut i = 0;
    while i < VideoMember::ALL.len() {
        if !VideoMember::ALL[i].is_flag() {
            others += 1;
        }
        i += 1;
    }
    assert!(
        others == 3,
        "the room, the destination room and the track sources are stored by hand"
    );
};

/// Flags whose server default is `false`: written only when `true`. The others are
/// tri-states, written whenever set.
#[allow(clippy::indexing_slicing)]
const DEFAULT_FALSE: u32 = {
    let mut mask = 0;
    let mut i = 0;
    while i < VideoMember::ALL.len() {
        if VideoMember::ALL[i].is_default_false() {
            mask |= VideoMember::ALL[i].bit();
        }
        i += 1;
    }
    mask
};

/// The grant's flags as `Option<bool>`s in eight bytes: `set` says which are `Some`,
/// `value` what they hold. Indexed by [`VideoMember::bit`]; only flag members are ever set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    set: u32,
    value: u32,
}

impl Flags {
    #[inline(always)]
    pub(crate) fn get(self, flag: VideoMember) -> Option<bool> {
        (self.set & flag.bit() != 0).then_some(self.value & flag.bit() != 0)
    }

    #[inline(always)]
    pub(crate) fn put(&mut self, flag: VideoMember, value: Option<bool>) {
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

/// The members of a video grant that few tokens carry.
#[derive(Clone, Default)]
pub(crate) struct VideoRare {
    pub(crate) can_publish_sources: Option<Vec<String>>,
    pub(crate) destination_room: Option<String>,
    pub(crate) extra: Map<String, Value>,
}

/// A video grant as the builders hold it; see the module's documentation.
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
    /// what it leaves unset keeps `self`'s value, free-form members are added.
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

    /// A text member's value.
    #[inline(always)]
    pub(crate) fn text(&self, member: VideoMember) -> Option<Utf8<'_>> {
        match member {
            VideoMember::Room => self.room.as_ref().map(Utf8::from),
            VideoMember::DestinationRoom => self.destination_room().map(Utf8::from),
            _ => None,
        }
    }

    /// A list member's value.
    #[inline(always)]
    pub(crate) fn texts(&self, member: VideoMember) -> Option<&Vec<String>> {
        match member {
            VideoMember::CanPublishSources => self.rare.as_deref()?.can_publish_sources.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn destination_room(&self) -> Option<&str> {
        self.rare.as_deref()?.destination_room.as_deref()
    }

    /// The free-form members, `None` when there are none.
    pub(crate) fn extra(&self) -> Option<&Map<String, Value>> {
        self.rare
            .as_deref()
            .map(|rare| &rare.extra)
            .filter(|extra| !extra.is_empty())
    }

    /// The grant in the wire's shape.
    pub(crate) fn to_claims(&self) -> VideoClaims {
        let rare = self.rare.as_deref();
        let mut claims = VideoClaims::new();
        for member in VideoMember::ALL {
            if let Some(flag) = claims.flag_mut(*member) {
                *flag = self.flags.get(*member);
            }
        }
        claims.room = self.room.as_ref().map(|room| room.as_str().to_owned());
        claims.can_publish_sources = rare.and_then(|r| r.can_publish_sources.clone());
        claims.destination_room = rare.and_then(|r| r.destination_room.clone());
        claims.extra = rare.map(|r| r.extra.clone()).unwrap_or_default();
        claims
    }
}

/// Shown as the claims it will be written as.
impl fmt::Debug for VideoData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_claims(), f)
    }
}

impl From<VideoClaims> for VideoData {
    fn from(mut claims: VideoClaims) -> VideoData {
        let mut flags = Flags::default();
        for member in VideoMember::ALL {
            if let Some(flag) = claims.flag_mut(*member) {
                flags.put(*member, *flag);
            }
        }
        let rare = (claims.can_publish_sources.is_some()
            || claims.destination_room.is_some()
            || !claims.extra.is_empty())
        .then(|| {
            Box::new(VideoRare {
                can_publish_sources: claims.can_publish_sources,
                destination_room: claims.destination_room,
                extra: claims.extra,
            })
        });
        VideoData {
            flags,
            room: claims.room.as_deref().map(Text::new),
            rare,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::codec::tests::Rng;

    /// Any `VideoClaims`, every member independently absent or present, drawn from `rng`.
    pub(crate) fn any_claims(rng: &mut Rng) -> VideoClaims {
        let mut c = VideoClaims::new();
        let text = |rng: &mut Rng| {
            let len = match rng.below(4) {
                0 => return None,
                1 => rng.below(4) as usize,
                _ => 39_usize.saturating_add(rng.below(4) as usize),
            };
            Some(
                String::from_utf8(rng.bytes(len, b"abz")).unwrap()
                    + ["", "\u{e9}", "\""][rng.below(3) as usize],
            )
        };
        for member in VideoMember::ALL {
            if let Some(flag) = c.flag_mut(*member) {
                *flag = [None, Some(false), Some(true)][rng.below(3) as usize];
            }
        }
        c.room = text(rng);
        c.destination_room = text(rng);
        c.can_publish_sources =
            (rng.below(2) == 0).then(|| (0..rng.below(3)).map(|i| format!("s{i}")).collect());
        for i in 0..rng.below(3) {
            c.extra.insert(format!("x{i}"), rng.below(300).into());
        }
        c
    }

    #[test]
    fn converts_both_ways_without_loss_and_merges_as_video_claims_merge() {
        let mut rng = Rng::new(7);
        for _ in 0..2_000 {
            let (a, b) = (any_claims(&mut rng), any_claims(&mut rng));
            let data = VideoData::from(a.clone());
            assert_eq!(data.to_claims(), a);
            assert_eq!(data.is_empty(), a.is_empty(), "{a:?}");
            let mut merged = data;
            merged.merge(VideoData::from(b.clone()));
            let mut expected = a;
            expected.merge(b);
            assert_eq!(merged.to_claims(), expected);
        }
    }

    #[test]
    fn each_flag_is_its_own_bit_holds_all_three_states_and_is_empty_as_the_claims_say() {
        let flags: Vec<VideoMember> = VideoMember::ALL
            .iter()
            .copied()
            .filter(|m| m.is_flag())
            .collect();
        assert_eq!(flags.len(), 15);
        for &flag in &flags {
            for state in [Some(true), Some(false), None] {
                let mut all = Flags::default();
                for &other in &flags {
                    all.put(other, Some(false));
                }
                all.put(flag, state);
                assert_eq!(all.get(flag), state, "{flag:?}");
                for other in flags.iter().filter(|o| **o != flag) {
                    assert_eq!(all.get(*other), Some(false), "{flag:?} moved {other:?}");
                }
                // Alone in a grant, it is empty exactly when `VideoClaims` says so (the bytes
                // written are compared in the payload writer's tests).
                let mut alone = VideoData::default();
                alone.flags.put(flag, state);
                let claims = alone.to_claims();
                assert_eq!(alone.is_empty(), claims.is_empty(), "{flag:?} {state:?}");
                assert_eq!(claims.clone().flag_mut(flag).copied(), Some(state));
            }
        }
    }
}

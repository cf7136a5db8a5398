//! The claim members both fast readers (the byte scanner in [`super::scan`] and the serde
//! reader in [`super::fast`]) read into fields of their own, named once; the strict path
//! reads the members of `video` through the same table. Each reader
//! matches on these enums exhaustively, so a member added here does not compile until both
//! read it; a member's discriminant is its bit in [`super::fast::SeenFields`].
//! The flags of `video` are [`VideoFlag`], defined with the grant, whose builder keeps them
//! in bit sets numbered the same way.
//!
//! The small functions here are inlined on purpose: folded into the readers' own matches
//! they cost what the readers' hand-numbered tables did (callgrind, within 0.3 %).

use crate::grants::video_data::VideoFlag;

/// A top-level member a fast reader reads itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TopMember {
    Iss,
    Sub,
    Jti,
    Exp,
    Nbf,
    Iat,
    Name,
    Metadata,
    Kind,
    KindDetails,
    RoomPreset,
    Sha256,
    Video,
}

impl TopMember {
    /// The member spelt exactly `name`, if a fast reader reads it itself.
    #[inline(always)]
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"iss" => Self::Iss,
            b"sub" => Self::Sub,
            b"jti" => Self::Jti,
            b"exp" => Self::Exp,
            b"nbf" => Self::Nbf,
            b"iat" => Self::Iat,
            b"name" => Self::Name,
            b"metadata" => Self::Metadata,
            b"kind" => Self::Kind,
            b"kindDetails" => Self::KindDetails,
            b"roomPreset" => Self::RoomPreset,
            b"sha256" => Self::Sha256,
            b"video" => Self::Video,
            _ => return None,
        })
    }

    /// Its bit in [`super::fast::SeenFields`].
    #[inline(always)]
    pub(crate) fn bit(self) -> u32 {
        self as u32
    }
}

/// A member of `video` a fast reader reads itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VideoMember {
    Flag(VideoFlag),
    Room,
    DestinationRoom,
    CanPublishSources,
}

impl VideoMember {
    /// The member spelt exactly `name`, if a fast reader reads it itself.
    #[inline(always)]
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        use VideoFlag::*;
        Some(Self::Flag(match name {
            b"roomCreate" => RoomCreate,
            b"roomList" => RoomList,
            b"roomRecord" => RoomRecord,
            b"roomAdmin" => RoomAdmin,
            b"roomJoin" => RoomJoin,
            b"canPublish" => CanPublish,
            b"canSubscribe" => CanSubscribe,
            b"canPublishData" => CanPublishData,
            b"canUpdateOwnMetadata" => CanUpdateOwnMetadata,
            b"ingressAdmin" => IngressAdmin,
            b"hidden" => Hidden,
            b"recorder" => Recorder,
            b"agent" => Agent,
            b"canSubscribeMetrics" => CanSubscribeMetrics,
            b"canManageAgentSession" => CanManageAgentSession,
            b"room" => return Some(Self::Room),
            b"destinationRoom" => return Some(Self::DestinationRoom),
            b"canPublishSources" => return Some(Self::CanPublishSources),
            _ => return None,
        }))
    }

    /// Its bit in [`super::fast::SeenFields`].
    #[inline(always)]
    pub(crate) fn bit(self) -> u32 {
        match self {
            Self::Flag(flag) => flag as u32,
            Self::Room => VideoFlag::COUNT,
            Self::DestinationRoom => VideoFlag::COUNT + 1,
            Self::CanPublishSources => VideoFlag::COUNT + 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::json::{TOP_LEVEL_KEYS, VIDEO_KEYS};

    /// Every member a fast reader reads itself is a name the case-fold checks know, so a
    /// case twin of it is never taken for an unknown member.
    #[test]
    fn every_member_is_a_known_name_and_has_a_bit_of_its_own() {
        let top: Vec<_> = TOP_LEVEL_KEYS
            .iter()
            .filter_map(|k| TopMember::from_name(k.as_bytes()))
            .collect();
        assert_eq!(top.len(), TopMember::Video.bit() as usize + 1, "{top:?}");
        // ... and no two names read into the same member.
        let mut top_bits: Vec<u32> = top.iter().map(|m| m.bit()).collect();
        top_bits.sort_unstable();
        top_bits.dedup();
        assert_eq!(top_bits.len(), top.len(), "{top:?}");
        let video: Vec<_> = VIDEO_KEYS
            .iter()
            .filter_map(|k| VideoMember::from_name(k.as_bytes()))
            .collect();
        assert_eq!(
            video.len(),
            VideoMember::CanPublishSources.bit() as usize + 1,
            "{video:?}"
        );
        // Distinct bits, all within the 32-bit set.
        let mut bits: Vec<u32> = video.iter().map(|m| m.bit()).collect();
        bits.sort_unstable();
        bits.dedup();
        assert_eq!(bits.len(), video.len());
        assert!(bits.iter().all(|b| *b < 32));
    }
}

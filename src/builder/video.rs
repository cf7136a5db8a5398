//! [`VideoGrant`]: the video grant whose room join, room name and room admin are type
//! states, so the token it goes into knows at compile time what it needs.

use super::state::{
    Admin, AdminIsSet, AdminState, AdminUnion, AdminWithDestination, DestinationUnset, HasRoom,
    IsRoomName, JoinState, Joins, NoAdmin, NoJoin, NoRoom, RoomState, RoomUnset,
};
use crate::codec::text::Text;
use crate::mint::video_data::VideoData;
use crate::wire::{IsTrackSource, VideoClaims, VideoMember, video_members};

/// A video grant whose room join, room name and room admin are tracked in its type.
///
/// `room_join`, `room` and `room_admin` are *type states* ([`crate::state`]): they can only
/// be switched on by the methods below, never by a runtime `bool`, so the token they go
/// into knows at compile time whether it needs an identity and a room name.
///
/// ```
/// use livekit_access_token::{TrackSource, VideoGrant};
/// let grant = VideoGrant::new()
///     .room_join()
///     .room("my-room")
///     .can_publish(true)
///     .can_publish_sources([TrackSource::Camera, TrackSource::Microphone]);
/// assert_eq!(grant.claims().room.as_deref(), Some("my-room"));
/// ```
///
/// It has no `Deserialize`: to mint a grant read from JSON, read a
/// [`VideoClaims`](crate::VideoClaims) and mint it with
/// [`RuntimeCheckedToken`](crate::RuntimeCheckedToken), which checks the same rules.
///
/// A runtime flag cannot switch room join on:
///
/// ```compile_fail
/// use livekit_access_token::VideoGrant;
/// let join = true;
/// let grant = VideoGrant { room_join: join, ..VideoGrant::new() };
/// ```
#[derive(Debug, Clone)]
#[must_use = "a grant does nothing until you pass it to `.add_grants(..)`"]
pub struct VideoGrant<J: JoinState = NoJoin, R: RoomState = NoRoom, A: AdminState = NoAdmin> {
    /// Room join (type state): [`NoJoin`] until [`VideoGrant::room_join`] is called.
    pub room_join: J,
    /// Room name (type state): [`NoRoom`] until [`VideoGrant::room`] is called.
    pub room: R,
    /// Room admin (type state): [`NoAdmin`] until [`VideoGrant::room_admin`] is called.
    pub room_admin: A,
    data: VideoData,
}

// Not recommended in errors: a `VideoGrant { room_join: true, ..Default::default() }`
// written for another crate fails on its type states, not for want of `Default`.
#[diagnostic::do_not_recommend]
impl Default for VideoGrant {
    fn default() -> Self {
        Self::new()
    }
}

impl VideoGrant {
    /// An empty grant: joins no room, names no room, grants nothing.
    #[inline(always)]
    pub fn new() -> Self {
        VideoGrant {
            room_join: NoJoin,
            room: NoRoom,
            room_admin: NoAdmin,
            data: VideoData::default(),
        }
    }
}

/// A `bool` setter for each flag row of the video grant's table; the `state` rows (room join and
/// room admin) are switched on by the type-state methods instead, and the text rows have
/// setters of their own below.
macro_rules! flag_setter {
    ($(#[$doc:meta])* $field:ident, $variant:ident, $key:literal, flag) => {
        $(#[$doc])*
        #[doc = concat!("\n\nSets `", $key, "`.")]
        #[inline(always)]
        pub fn $field(mut self, value: bool) -> Self {
            self.data.flags.put(VideoMember::$variant, Some(value));
            self
        }
    };
    ($(#[$doc:meta])* $field:ident, $variant:ident, $key:literal, tri) => {
        flag_setter!($(#[$doc])* $field, $variant, $key, flag);
    };
    ($(#[$doc:meta])* $field:ident, $variant:ident, $key:literal, $other:ident) => {};
}

macro_rules! flag_setters {
    ({ $( $(#[$doc:meta])* $field:ident, $variant:ident: $kind:ident = $key:literal; )+ }) => {
        $( flag_setter!($(#[$doc])* $field, $variant, $key, $kind); )+
    };
}

impl<J: JoinState, R: RoomState, A: AdminState> VideoGrant<J, R, A> {
    /// Lets the bearer join the room. The token then needs an identity and a
    /// room name before `.to_jwt()` compiles.
    ///
    /// Takes no flag. To decide at run time, branch before building the grant, or build
    /// the token with [`RuntimeCheckedToken`](crate::RuntimeCheckedToken): deleting the
    /// argument would join whatever the flag says.
    // rustc quotes the signature's line when a flag is passed, so it says what to do.
    #[rustfmt::skip]
    #[inline(always)]
    pub fn room_join(mut self) // No flag: for `false`, leave the call out; for a run-time flag, use RuntimeCheckedToken.
        -> VideoGrant<Joins, R, A> {
        self.data.flags.put(VideoMember::RoomJoin, Some(true));
        VideoGrant {
            room_join: Joins,
            room: self.room,
            room_admin: self.room_admin,
            data: self.data,
        }
    }

    /// Names the room this grant is for (`room`). Once per grant and per token.
    #[inline(always)]
    pub fn room(mut self, name: impl IsRoomName) -> VideoGrant<J, HasRoom, A>
    where
        R: RoomUnset,
    {
        self.data.room = Some(Text::new(name.as_ref()));
        VideoGrant {
            room_join: self.room_join,
            room: HasRoom,
            room_admin: self.room_admin,
            data: self.data,
        }
    }

    /// Grants admin of the named room. The token then needs a room name
    /// before `.to_jwt()` compiles.
    ///
    /// Takes no flag. To decide at run time, branch before building the grant, or build
    /// the token with [`RuntimeCheckedToken`](crate::RuntimeCheckedToken): deleting the
    /// argument would grant admin whatever the flag says.
    // A grant that already names a destination room keeps that state, so that a second
    // `.destination_room(..)` stays a compile error. rustc quotes the signature's line
    // when a flag is passed, so it says what to do.
    #[rustfmt::skip]
    #[inline(always)]
    pub fn room_admin(mut self) // No flag: for `false`, leave the call out; for a run-time flag, use RuntimeCheckedToken.
        -> VideoGrant<J, R, <A as AdminUnion<Admin>>::Output>
    where
        A: AdminUnion<Admin>,
    {
        self.data.flags.put(VideoMember::RoomAdmin, Some(true));
        VideoGrant {
            room_join: self.room_join,
            room: self.room,
            room_admin: Default::default(),
            data: self.data,
        }
    }

    /// Room to forward the participant to; needs `.room_admin()` first. Once per grant
    /// and per token.
    pub fn destination_room(
        mut self,
        name: impl IsRoomName,
    ) -> VideoGrant<J, R, AdminWithDestination>
    where
        A: AdminIsSet + DestinationUnset,
    {
        self.data.rare_mut().destination_room = Some(name.as_ref().to_owned());
        VideoGrant {
            room_join: self.room_join,
            room: self.room,
            room_admin: AdminWithDestination,
            data: self.data,
        }
    }

    /// Track sources the participant may publish. An empty list is refused by `to_jwt()`
    /// ([`TokenError::EmptyLimit`](crate::TokenError::EmptyLimit)): LiveKit reads it
    /// as every source.
    pub fn can_publish_sources(mut self, sources: impl IntoIterator<Item: IsTrackSource>) -> Self {
        let list = sources
            .into_iter()
            .map(|s| s.track_source().as_str().to_owned())
            .collect();
        self.data.rare_mut().can_publish_sources = Some(list);
        self
    }

    video_members!(flag_setters!);

    /// The grant as it will be written (a copy: the builder keeps it in a smaller form).
    pub fn claims(&self) -> VideoClaims {
        self.data.to_claims()
    }

    #[inline(always)]
    pub(crate) fn into_data(self) -> VideoData {
        self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_write_their_member_and_merging_grants_lets_later_set_flags_win() {
        let grant = VideoGrant::new()
            .room_create(false)
            .can_publish(false)
            .hidden(true)
            .room_join()
            .room("r");
        let claims = grant.claims();
        assert_eq!(
            (claims.room_create, claims.can_publish, claims.hidden),
            (Some(false), Some(false), Some(true))
        );
        assert_eq!(
            (claims.room_join, claims.room.as_deref()),
            (Some(true), Some("r"))
        );
        let mut data = grant.into_data();
        data.merge(VideoGrant::new().can_publish(true).into_data());
        assert_eq!(data.to_claims().can_publish, Some(true));
        assert_eq!(data.to_claims().hidden, Some(true));
    }
}

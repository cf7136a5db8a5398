//! The `video` grant: room join, room admin and the participant's permissions.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::video_data::{VideoData, VideoFlag};
use super::{merge_set_fields, not_true};
use crate::kinds::{IsTrackSource, TrackSource};
use crate::state::Admin;
use crate::state::{
    AdminIsSet, AdminState, HasRoom, JoinState, Joins, NoAdmin, NoJoin, NoRoom, RoomState,
    RoomUnset,
};
use crate::text::Text;

/// The `video` object exactly as it travels in a token.
///
/// This is the *data* form, used to read tokens ([`Claims::video`](crate::Claims::video))
/// and by [`RuntimeCheckedToken`](crate::RuntimeCheckedToken). To mint with compile-time
/// rules use [`VideoGrant`], whose [`claims`](VideoGrant::claims) are one of these (the
/// builder keeps the grant in a smaller form of its own until then).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VideoClaims {
    /// Create or delete rooms (`roomCreate`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub room_create: Option<bool>,
    /// List rooms (`roomList`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub room_list: Option<bool>,
    /// Record rooms (`roomRecord`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub room_record: Option<bool>,
    /// Administer the room named in `room` (`roomAdmin`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub room_admin: Option<bool>,
    /// Join the room named in `room` (`roomJoin`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub room_join: Option<bool>,
    /// The room this grant is for (`room`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Publish tracks (`canPublish`; absent means `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_publish: Option<bool>,
    /// Subscribe to tracks (`canSubscribe`; absent means `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_subscribe: Option<bool>,
    /// Publish data messages (`canPublishData`; absent means the value of `canPublish`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_publish_data: Option<bool>,
    /// Track sources the participant may publish, lower-case (`canPublishSources`;
    /// absent or empty means every source, still subject to `canPublish`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_publish_sources: Option<Vec<String>>,
    /// Update its own name, metadata and attributes (`canUpdateOwnMetadata`; absent means `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_update_own_metadata: Option<bool>,
    /// Administer ingress (`ingressAdmin`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub ingress_admin: Option<bool>,
    /// Hidden from other participants (`hidden`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub hidden: Option<bool>,
    /// A recorder (`recorder`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub recorder: Option<bool>,
    /// May register as an Agents worker (`agent`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub agent: Option<bool>,
    /// Subscribe to metrics (`canSubscribeMetrics`; absent means `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_subscribe_metrics: Option<bool>,
    /// Manage agent sessions (`canManageAgentSession`; absent means `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_manage_agent_session: Option<bool>,
    /// Room to forward the participant to; needs `roomAdmin` (`destinationRoom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_room: Option<String>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl VideoClaims {
    /// An empty grant: nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Merges `other` into `self`: values set in `other` win, unset ones keep `self`'s.
    pub fn merge(&mut self, other: VideoClaims) {
        merge_set_fields!(self, other;
            room_create, room_list, room_record, room_admin, room_join, room,
            can_publish, can_subscribe, can_publish_data, can_publish_sources,
            can_update_own_metadata, ingress_admin, hidden, recorder, agent,
            can_subscribe_metrics, can_manage_agent_session, destination_room,
        );
        self.extra.extend(other.extra);
    }

    /// Whether nothing would be written for this grant.
    pub fn is_empty(&self) -> bool {
        [
            self.room_create,
            self.room_list,
            self.room_record,
            self.room_admin,
            self.room_join,
            self.ingress_admin,
            self.hidden,
            self.recorder,
            self.agent,
        ]
        .iter()
        .all(not_true)
            && [
                self.can_publish,
                self.can_subscribe,
                self.can_publish_data,
                self.can_update_own_metadata,
                self.can_subscribe_metrics,
                self.can_manage_agent_session,
            ]
            .iter()
            .all(Option::is_none)
            && self.room.is_none()
            && self.can_publish_sources.is_none()
            && self.destination_room.is_none()
            && self.extra.is_empty()
    }

    /// Whether the token may join `room` (the server's reading of `roomJoin`).
    pub fn joins_room(&self) -> bool {
        self.room_join == Some(true)
    }

    /// The server's reading of `canPublish`: absent means `true`.
    pub fn effective_can_publish(&self) -> bool {
        self.can_publish.unwrap_or(true)
    }

    /// The server's reading of `canSubscribe`: absent means `true`.
    pub fn effective_can_subscribe(&self) -> bool {
        self.can_subscribe.unwrap_or(true)
    }

    /// The server's reading of `canPublishData`: absent means the value of `canPublish`.
    pub fn effective_can_publish_data(&self) -> bool {
        self.can_publish_data
            .unwrap_or_else(|| self.effective_can_publish())
    }

    /// The server's reading of `canUpdateOwnMetadata`: absent means `false`.
    pub fn effective_can_update_own_metadata(&self) -> bool {
        self.can_update_own_metadata.unwrap_or(false)
    }

    /// The server's reading of `canSubscribeMetrics`: absent means `false`.
    pub fn effective_can_subscribe_metrics(&self) -> bool {
        self.can_subscribe_metrics.unwrap_or(false)
    }

    /// The server's reading of `canManageAgentSession`: absent means `false`.
    pub fn effective_can_manage_agent_session(&self) -> bool {
        self.can_manage_agent_session.unwrap_or(false)
    }

    /// The server's reading of whether `source` may be published: never without
    /// `canPublish`; any source when the list is absent or empty; otherwise only listed
    /// ones (compared case-insensitively, as the server upper-cases them).
    pub fn effective_can_publish_source(&self, source: TrackSource) -> bool {
        if !self.effective_can_publish() {
            return false;
        }
        match &self.can_publish_sources {
            None => true,
            Some(list) if list.is_empty() => true,
            Some(list) => list.iter().any(|s| s.eq_ignore_ascii_case(source.as_str())),
        }
    }
}

/// A `video` grant whose room join, room name and room admin are tracked in its type.
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

macro_rules! flag_setters {
    ($( $(#[$doc:meta])* $field:ident: $flag:ident ),+ $(,)?) => {
        $(
            $(#[$doc])*
            #[inline(always)]
            pub fn $field(mut self, value: bool) -> Self {
                self.data.flags.put(VideoFlag::$flag, Some(value));
                self
            }
        )+
    };
}

impl<J: JoinState, R: RoomState, A: AdminState> VideoGrant<J, R, A> {
    /// Lets the bearer join the room (`roomJoin`). The token then needs an identity and a
    /// room name before `.to_jwt()` compiles.
    #[inline(always)]
    pub fn room_join(mut self) -> VideoGrant<Joins, R, A> {
        self.data.flags.put(VideoFlag::RoomJoin, Some(true));
        VideoGrant {
            room_join: Joins,
            room: self.room,
            room_admin: self.room_admin,
            data: self.data,
        }
    }

    /// Names the room this grant is for (`room`). Once per grant and per token.
    #[inline(always)]
    pub fn room(mut self, name: impl AsRef<str>) -> VideoGrant<J, HasRoom, A>
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

    /// Grants admin of the named room (`roomAdmin`). The token then needs a room name
    /// before `.to_jwt()` compiles.
    #[inline(always)]
    pub fn room_admin(mut self) -> VideoGrant<J, R, Admin> {
        self.data.flags.put(VideoFlag::RoomAdmin, Some(true));
        VideoGrant {
            room_join: self.room_join,
            room: self.room,
            room_admin: Admin,
            data: self.data,
        }
    }

    /// Room to forward the participant to (`destinationRoom`); needs `.room_admin()` first.
    pub fn destination_room(mut self, name: impl AsRef<str>) -> Self
    where
        A: AdminIsSet,
    {
        self.data.rare_mut().destination_room = Some(name.as_ref().to_owned());
        self
    }

    /// Track sources the participant may publish (`canPublishSources`).
    pub fn can_publish_sources<S: IsTrackSource>(
        mut self,
        sources: impl IntoIterator<Item = S>,
    ) -> Self {
        let list = sources
            .into_iter()
            .map(|s| s.track_source().as_str().to_owned())
            .collect();
        self.data.rare_mut().can_publish_sources = Some(list);
        self
    }

    flag_setters!(
        /// Create or delete rooms (`roomCreate`).
        room_create: RoomCreate,
        /// List rooms (`roomList`).
        room_list: RoomList,
        /// Record rooms (`roomRecord`).
        room_record: RoomRecord,
        /// Publish tracks (`canPublish`).
        can_publish: CanPublish,
        /// Subscribe to tracks (`canSubscribe`).
        can_subscribe: CanSubscribe,
        /// Publish data messages (`canPublishData`).
        can_publish_data: CanPublishData,
        /// Update its own name, metadata and attributes (`canUpdateOwnMetadata`).
        can_update_own_metadata: CanUpdateOwnMetadata,
        /// Administer ingress (`ingressAdmin`).
        ingress_admin: IngressAdmin,
        /// Hide the participant from others (`hidden`).
        hidden: Hidden,
        /// Mark the participant as a recorder (`recorder`).
        recorder: Recorder,
        /// Allow registering as an Agents worker (`agent`).
        agent: Agent,
        /// Subscribe to metrics (`canSubscribeMetrics`).
        can_subscribe_metrics: CanSubscribeMetrics,
        /// Manage agent sessions (`canManageAgentSession`).
        can_manage_agent_session: CanManageAgentSession,
    );

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
    fn server_reading_of_tri_state_flags() {
        let mut v = VideoClaims::new();
        assert!(
            v.effective_can_publish()
                && v.effective_can_subscribe()
                && v.effective_can_publish_data()
        );
        assert!(!v.effective_can_update_own_metadata() && !v.effective_can_subscribe_metrics());
        v.can_publish = Some(false);
        assert!(
            !v.effective_can_publish_data(),
            "canPublishData follows canPublish"
        );
        assert!(!v.effective_can_publish_source(TrackSource::Camera));
        v.can_publish = Some(true);
        v.can_publish_sources = Some(vec!["CAMERA".into()]);
        assert!(v.effective_can_publish_source(TrackSource::Camera));
        assert!(!v.effective_can_publish_source(TrackSource::Microphone));
    }

    #[test]
    fn merge_later_set_flags_win_and_unset_keep() {
        let mut a = VideoGrant::new().can_publish(true).hidden(true).claims();
        let b = VideoGrant::new()
            .can_publish(false)
            .can_subscribe(true)
            .claims();
        a.merge(b);
        assert_eq!(a.can_publish, Some(false));
        assert_eq!(a.can_subscribe, Some(true));
        assert_eq!(a.hidden, Some(true));
    }

    #[test]
    fn only_true_is_written_for_default_false_flags_and_any_set_tri_state() {
        let v = VideoGrant::new()
            .room_create(false)
            .can_publish(false)
            .claims();
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"canPublish":false}"#);
    }
}

//! The `video` grant: room join, room admin and the participant's permissions.

use super::TrackSource;

/// The `video` grant's table: one row per member, in wire order. Hands the rows to
/// `$consumer` after `$args` (see the [module docs](super) for the row syntax). Its
/// consumers: [`VideoClaims`] here, the payload writer, the typed builder's setters.
macro_rules! video_members {
    ($consumer:ident! $($args:tt)*) => {
        $consumer! { $($args)* {
            /// Create and delete rooms.
            room_create, RoomCreate: flag = "roomCreate";
            /// List rooms.
            room_list, RoomList: flag = "roomList";
            /// Record rooms.
            room_record, RoomRecord: flag = "roomRecord";
            /// Administer the room named in `room`.
            room_admin, RoomAdmin: state = "roomAdmin";
            /// Join the room named in `room`.
            room_join, RoomJoin: state = "roomJoin";
            /// The room this grant is for.
            room, Room: text = "room";
            /// Publish tracks (absent means `true`).
            can_publish, CanPublish: tri = "canPublish";
            /// Subscribe to tracks (absent means `true`).
            can_subscribe, CanSubscribe: tri = "canSubscribe";
            /// Publish data messages (absent means the value of `canPublish`).
            can_publish_data, CanPublishData: tri = "canPublishData";
            /// Track sources the participant may publish, lower-case (absent or empty means
            /// every source, still subject to `canPublish`; minting refuses an empty list).
            can_publish_sources, CanPublishSources: texts = "canPublishSources";
            /// Update its own name, metadata and attributes (absent means `false`).
            can_update_own_metadata, CanUpdateOwnMetadata: tri = "canUpdateOwnMetadata";
            /// Administer ingress.
            ingress_admin, IngressAdmin: flag = "ingressAdmin";
            /// Hidden from other participants.
            hidden, Hidden: flag = "hidden";
            /// A recorder.
            recorder, Recorder: flag = "recorder";
            /// May register as an Agents worker.
            agent, Agent: flag = "agent";
            /// Subscribe to metrics (absent means `false`).
            can_subscribe_metrics, CanSubscribeMetrics: tri = "canSubscribeMetrics";
            /// Manage agent sessions (absent means `false`).
            can_manage_agent_session, CanManageAgentSession: tri = "canManageAgentSession";
            /// Room to forward the participant to; needs `roomAdmin`.
            destination_room, DestinationRoom: text = "destinationRoom";
        } }
    };
}
pub(crate) use video_members;

video_members!(wire_object! [grant]
    /// The `video` grant exactly as it travels in a token.
    ///
    /// This is the *data* form: what [`Claims::video`](crate::Claims::video) reads and
    /// [`RuntimeCheckedToken`](crate::RuntimeCheckedToken) takes. To mint with the rules
    /// checked at compile time use [`VideoGrant`](crate::VideoGrant), whose
    /// [`claims`](crate::VideoGrant::claims) are one of these.
    ///
    /// Every flag is an `Option<bool>`: `None` is "not set" and is never written, so adding
    /// a grant a second time merges (flags set later win, unset flags keep their value).
    /// The flags the server reads as plain booleans (`roomCreate`, `hidden`, ...) are
    /// written only when `true`; those it reads as optional (`canPublish`,
    /// `canUpdateOwnMetadata`, ...: the ones documented with what absent means) whenever
    /// they are set, `false` included.
    VideoClaims / VideoMember
);
use super::wire_object;

impl VideoClaims {
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
    /// ones, spelled exactly as [`TrackSource::as_str`] spells them (the server compares
    /// them exactly when a track is published, so `"CAMERA"` allows no camera).
    pub fn effective_can_publish_source(&self, source: TrackSource) -> bool {
        if !self.effective_can_publish() {
            return false;
        }
        match &self.can_publish_sources {
            None => true,
            Some(list) if list.is_empty() => true,
            Some(list) => list.iter().any(|s| s == source.as_str()),
        }
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
        assert!(!v.effective_can_manage_agent_session());
        v.can_publish = Some(false);
        assert!(
            !v.effective_can_publish_data(),
            "canPublishData follows canPublish"
        );
        assert!(!v.effective_can_publish_source(TrackSource::Camera));
        v.can_publish = Some(true);
        v.can_publish_sources = Some(vec!["camera".into()]);
        assert!(v.effective_can_publish_source(TrackSource::Camera));
        assert!(!v.effective_can_publish_source(TrackSource::Microphone));
        // A custom track has no source: a list allows it only by naming "unknown".
        assert!(!v.effective_can_publish_source(TrackSource::Unknown));
        v.can_publish_sources = Some(vec!["camera".into(), "unknown".into()]);
        assert!(v.effective_can_publish_source(TrackSource::Unknown));
        // The server announces an upper-case source but refuses its track: no camera.
        v.can_publish_sources = Some(vec!["CAMERA".into()]);
        assert!(!v.effective_can_publish_source(TrackSource::Camera));
        v.can_publish_sources = Some(vec![]);
        assert!(v.effective_can_publish_source(TrackSource::Microphone));
    }

    #[test]
    fn a_set_tri_state_flag_is_read_as_set() {
        type Slot = fn(&mut VideoClaims) -> &mut Option<bool>;
        type Reading = fn(&VideoClaims) -> bool;
        let flags: [(Slot, Reading); 6] = [
            (|v| &mut v.can_publish, VideoClaims::effective_can_publish),
            (
                |v| &mut v.can_subscribe,
                VideoClaims::effective_can_subscribe,
            ),
            (
                |v| &mut v.can_publish_data,
                VideoClaims::effective_can_publish_data,
            ),
            (
                |v| &mut v.can_update_own_metadata,
                VideoClaims::effective_can_update_own_metadata,
            ),
            (
                |v| &mut v.can_subscribe_metrics,
                VideoClaims::effective_can_subscribe_metrics,
            ),
            (
                |v| &mut v.can_manage_agent_session,
                VideoClaims::effective_can_manage_agent_session,
            ),
        ];
        for (i, (slot, reading)) in flags.into_iter().enumerate() {
            for set in [true, false] {
                let mut v = VideoClaims::new();
                *slot(&mut v) = Some(set);
                assert_eq!(reading(&v), set, "flag {i} set to {set}");
            }
        }
    }

    #[test]
    fn merge_later_set_members_win_and_unset_keep() {
        let mut a = VideoClaims::new();
        (a.can_publish, a.hidden, a.room) = (Some(true), Some(true), Some("a".into()));
        a.extra.insert("x".into(), 1.into());
        let mut b = VideoClaims::new();
        (b.can_publish, b.can_subscribe) = (Some(false), Some(true));
        b.extra.insert("y".into(), 2.into());
        a.merge(b);
        assert_eq!(a.can_publish, Some(false));
        assert_eq!(a.can_subscribe, Some(true));
        assert_eq!((a.hidden, a.room.as_deref()), (Some(true), Some("a")));
        assert_eq!(a.extra.len(), 2);
    }

    #[test]
    fn only_true_is_written_for_default_false_flags_and_any_set_tri_state() {
        let mut v = VideoClaims::new();
        (v.room_create, v.can_publish, v.room_join) = (Some(false), Some(false), Some(true));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"roomJoin":true,"canPublish":false}"#
        );
        assert!(!v.is_empty());
        v.room_join = Some(false);
        v.can_publish = None;
        assert!(v.is_empty(), "false default-false flags write nothing");
    }

    #[test]
    fn reading_refuses_a_member_given_twice_and_keeps_unknown_ones() {
        let twice = serde_json::from_str::<VideoClaims>(r#"{"roomJoin":true,"roomJoin":false}"#);
        assert!(twice.is_err());
        let unknown_twice = serde_json::from_str::<VideoClaims>(r#"{"x":1,"x":2}"#);
        assert!(unknown_twice.is_err());
        let v: VideoClaims =
            serde_json::from_str(r#"{"room":null,"hidden":true,"later":[1]}"#).unwrap();
        assert_eq!((v.room, v.hidden), (None, Some(true)));
        assert_eq!(v.extra["later"], serde_json::json!([1]));
        assert!(serde_json::from_str::<VideoClaims>(r#"{"hidden":"yes"}"#).is_err());
    }

    #[test]
    fn the_members_are_the_table_in_wire_order_each_with_a_bit_of_its_own() {
        let keys: Vec<_> = VideoMember::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(keys, VideoClaims::KEYS);
        for (i, m) in VideoMember::ALL.iter().enumerate() {
            assert_eq!(VideoMember::from_name(m.name()), Some(*m));
            assert_eq!(m.bit(), 1 << i);
            assert_eq!(m.json_key(), format!("\"{}\":", m.name()));
        }
        assert_eq!(VideoMember::from_name("RoomJoin"), None, "spelt exactly");
    }
}

//! [`RuntimeCheckedToken`]: the same token, for programs that learn only at run time what
//! it must carry (a CLI flag, a request field, a grant read from JSON).

use std::fmt;

use super::setters::{service_grant_setters, value_setters};
use crate::clock::{Clock, SystemClock};
use crate::codec::text::Text;
use crate::credentials::{Credentials, DebugKey};
use crate::error::{Field, TokenError};
use crate::mint::data::{TokenData, merge_into};
use crate::mint::mint;
use crate::mint::video_data::VideoData;
use crate::ttl::Ttl;
use crate::wire::{KindDetail, ParticipantKind, TrackSource, VideoClaims};

/// A token whose room-join and room-admin rules are checked when it is minted, not when
/// it is compiled.
///
/// It takes plain data (a [`VideoClaims`] whose `room_join` is a runtime `Option<bool>`)
/// and returns a [`TokenError`] for the room rules the typed
/// [`AccessToken`](crate::AccessToken) enforces at compile time: room join without
/// identity ([`TokenError::RoomJoinWithoutIdentity`]) or room
/// ([`TokenError::RoomJoinWithoutRoom`]), room admin without room
/// ([`TokenError::RoomAdminWithoutRoom`]), a destination room without room admin
/// ([`TokenError::DestinationRoomWithoutAdmin`]), two grants that name different rooms
/// ([`TokenError::ConflictingRooms`]), and a track source LiveKit does not know
/// ([`TokenError::UnknownValue`], which lists the ones it does; the typed path takes
/// [`TrackSource`] values). One difference is on purpose: a `set_`
/// method such as [`set_identity`](Self::set_identity) replaces an earlier value, where
/// the typed path refuses a second identity. It then signs through the same code as
/// `AccessToken::to_jwt`.
///
/// ```
/// use livekit_access_token::{Credentials, RuntimeCheckedToken, TokenError, VideoClaims};
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let video: VideoClaims = serde_json::from_str(r#"{"roomJoin": true, "room": "my-room"}"#)?;
///
/// let missing_identity = RuntimeCheckedToken::new(&creds).add_grants(video.clone()).to_jwt_checked();
/// assert!(matches!(missing_identity, Err(TokenError::RoomJoinWithoutIdentity)));
///
/// let jwt = RuntimeCheckedToken::new(&creds)
///     .set_identity("user123")
///     .add_grants(video)
///     .to_jwt_checked()?;
/// # let _ = jwt;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a token does nothing until you call `.to_jwt_checked()`"]
pub struct RuntimeCheckedToken {
    credentials: Credentials,
    data: TokenData,
    // A room or destination room two grants name differently, refused at mint: the typed
    // path cannot name either twice at all, and a merge would keep only the later one.
    conflict: Option<Field>,
}

impl RuntimeCheckedToken {
    /// A new token signed with `credentials`.
    pub fn new(credentials: &Credentials) -> Self {
        RuntimeCheckedToken {
            credentials: credentials.clone(),
            data: TokenData::default(),
            conflict: None,
        }
    }

    /// Sets the participant identity; a later call replaces it.
    pub fn set_identity(mut self, identity: impl AsRef<str>) -> Self {
        self.data.identity = Some(Text::new(identity.as_ref()));
        self
    }

    /// Sets the display name.
    pub fn set_name(mut self, name: impl AsRef<str>) -> Self {
        self.data.name = Some(Text::new(name.as_ref()));
        self
    }

    /// Sets the time to live (seconds or a `Duration`).
    pub fn set_ttl(mut self, ttl: impl Into<Ttl>) -> Self {
        self.data.ttl = ttl.into();
        self
    }

    /// Sets the participant kind (parse strings with `str::parse::<ParticipantKind>`).
    pub fn set_kind(mut self, kind: ParticipantKind) -> Self {
        self.data.kind = Some(kind);
        self
    }

    /// Adds kind details.
    pub fn add_kind_details(mut self, details: impl IntoIterator<Item = KindDetail>) -> Self {
        self.data.add_kind_details(details);
        self
    }

    /// Adds a video grant as data; a second one merges into the first: what it sets wins,
    /// what it leaves unset keeps the first one's value. An empty room or destination room
    /// is none, as the server reads it (the official Rust SDK, before `livekit-token`,
    /// writes `"room":""` in every token that names none). Two grants that name different
    /// rooms, or different destination rooms, are refused when the token is minted
    /// ([`TokenError::ConflictingRooms`]): merging would silently keep only one.
    pub fn add_grants(mut self, mut grant: VideoClaims) -> Self {
        grant.room = grant.room.filter(|room| !room.is_empty());
        grant.destination_room = grant.destination_room.filter(|room| !room.is_empty());
        if let Some(video) = &self.data.video {
            let differ = |first: Option<&str>, later: Option<&String>| {
                first
                    .zip(later)
                    .is_some_and(|(first, later)| first != later)
            };
            if differ(video.room.as_ref().map(Text::as_str), grant.room.as_ref()) {
                self.conflict.get_or_insert(Field::Room);
            }
            if differ(video.destination_room(), grant.destination_room.as_ref()) {
                self.conflict.get_or_insert(Field::DestinationRoom);
            }
        }
        merge_into!(self.data.video, VideoData::from(grant));
        self
    }

    service_grant_setters!();

    value_setters! {
        metadata: set_metadata,
        room_config: set_room_config,
        room_preset: set_room_preset,
        sha256: set_sha256,
    }

    /// Checks the room rules and the values, then signs with the system clock.
    pub fn to_jwt_checked(self) -> Result<String, TokenError> {
        self.to_jwt_checked_with_clock(&SystemClock)
    }

    /// The length of the token this would mint at `now`, if nothing refuses it.
    pub(crate) fn token_len_at(&self, now: u64) -> Option<usize> {
        crate::mint::token_len(&self.credentials, &self.data, now)
    }

    /// [`to_jwt_checked`](Self::to_jwt_checked) with an explicit clock.
    pub fn to_jwt_checked_with_clock(mut self, clock: &dyn Clock) -> Result<String, TokenError> {
        if let Some(field) = self.conflict {
            return Err(TokenError::ConflictingRooms { field });
        }
        self.data.check_room_rules()?;
        spell_track_sources(&mut self.data)?;
        mint(&self.credentials, &self.data, clock)
    }
}

/// Spells every track source as the server matches it. When a track is published, the
/// server compares its source to the lower-case name exactly (it tells clients about
/// sources case-insensitively), so a token saying `"CAMERA"` would announce the camera and
/// then refuse it: the source is written `"camera"`. A string that names no source is
/// refused; the server would read it as no source at all, which is not what its author
/// meant.
fn spell_track_sources(data: &mut TokenData) -> Result<(), TokenError> {
    let sources = data
        .video
        .as_mut()
        .and_then(|video| video.rare.as_deref_mut())
        .and_then(|rare| rare.can_publish_sources.as_mut());
    for source in sources.into_iter().flatten() {
        let known = source
            .parse::<TrackSource>()
            .map_err(|value| TokenError::UnknownValue {
                field: Field::Video,
                value,
            })?;
        if source != known.as_str() {
            *source = known.as_str().to_owned();
        }
    }
    Ok(())
}

impl fmt::Debug for RuntimeCheckedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuntimeCheckedToken")
            .field("api_key", &DebugKey(self.credentials.api_key()))
            .field("identity", &self.data.identity)
            .field("video", &self.data.video)
            .field("ttl", &self.data.ttl)
            .finish_non_exhaustive()
    }
}

//! [`RoomJoinClaims`]: a verified token that joins a room, with its identity and room.

use std::sync::LazyLock;

use super::VerifyError;
use crate::wire::{ClaimMember, Claims, VideoClaims};

/// Claims of a verified token that joins a room: identity and room are guaranteed present
/// and non-empty. Only [`TokenVerifier::verify_room_join`](crate::TokenVerifier::verify_room_join) constructs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomJoinClaims {
    identity: String,
    room: String,
    claims: Claims,
}

impl RoomJoinClaims {
    pub(super) fn from_verified(claims: Claims) -> Result<Self, VerifyError> {
        let video = claims
            .video
            .as_ref()
            .filter(|v| v.joins_room())
            .ok_or(VerifyError::NotRoomJoin)?;
        let room = video
            .room
            .clone()
            .filter(|r| !r.is_empty())
            .ok_or(VerifyError::MissingClaim("video.room"))?;
        let identity = claims
            .identity()
            .ok_or(VerifyError::MissingClaim(ClaimMember::Sub.name()))?
            .to_owned();
        Ok(RoomJoinClaims {
            identity,
            room,
            claims,
        })
    }

    /// The participant identity (`sub`, or `jti` when `sub` is empty).
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The room the token joins.
    pub fn room(&self) -> &str {
        &self.room
    }

    /// The video grant, which joins [`room`](Self::room).
    pub fn video(&self) -> &VideoClaims {
        // Present by construction (`from_verified`); the fallback keeps this free of a
        // panic path and is never read. Were it read, it would allow nothing: an absent
        // flag reads as allowed (`effective_can_publish`), so each is set to false.
        static NEVER_READ: LazyLock<VideoClaims> = LazyLock::new(|| {
            let mut nothing = VideoClaims::new();
            nothing.can_publish = Some(false);
            nothing.can_subscribe = Some(false);
            nothing.can_publish_data = Some(false);
            nothing
        });
        self.claims.video.as_ref().unwrap_or(&NEVER_READ)
    }

    /// Every claim of the token.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// Every claim of the token, by value.
    pub fn into_claims(self) -> Claims {
        self.claims
    }
}

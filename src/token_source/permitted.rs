//! A request the policy allowed: what it will carry, and the token it mints.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::response::check_server_url;
use super::{TokenSourceError, TokenSourceResponse};
use crate::builder::RuntimeCheckedToken;
use crate::clock::{Clock, SystemClock};
use crate::credentials::Credentials;
use crate::error::{Field, TokenError};
use crate::mint::checks::within;
use crate::ttl::Ttl;
use crate::wire::{RoomConfiguration, VideoClaims};

/// A request the policy allows, with the identity and room it will have (asked for or
/// generated): log them, add what only the server knows, and mint.
///
/// ```
/// use livekit_access_token::{Credentials, FieldRule, TokenSourcePolicy, TokenSourceRequest};
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let policy = TokenSourcePolicy::new().room(FieldRule::Required);
/// let request = TokenSourceRequest::from_json(br#"{"room_name":"consult-42"}"#)?;
///
/// let permitted = policy.check(request)?;
/// assert_eq!(permitted.room(), "consult-42");
/// assert!(permitted.identity().starts_with("voice_assistant_user_"), "generated");
/// // The signed-in user's id from your own authentication, not from the request:
/// let jwt = permitted.into_token(&creds).set_identity("patient-7").to_jwt_checked()?;
/// # let _ = jwt;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PermittedRequest {
    pub(super) identity: String,
    pub(super) room: String,
    pub(super) name: Option<String>,
    pub(super) metadata: Option<String>,
    pub(super) attributes: BTreeMap<String, String>,
    pub(super) room_config: Option<RoomConfiguration>,
    pub(super) grant: VideoClaims,
    pub(super) ttl: Ttl,
}

/// The API key a request's token is measured with ([`PermittedRequest::check_token_size`]):
/// a token signed with any key that takes up to this many bytes written as JSON (a key of
/// letters and digits, as LiveKit issues, up to this long) is no longer than measured.
const MEASURED_KEY_BYTES: usize = 128;
/// The identity a request's token is measured with, at the least: the server may replace
/// the one asked for or generated with its own (`set_identity`, the README's recipe), up to
/// this long. An identity written in more (one of characters JSON escapes) is not covered.
const MEASURED_IDENTITY_BYTES: usize = crate::limits::MAX_IDENTITY_BYTES;
/// The time it is measured at: every date up to the year 2286 has ten digits, no more.
const MEASURED_AT: u64 = 9_999_999_999;

impl PermittedRequest {
    /// Refuses a request whose token would be over the size the server reads: only the
    /// client's values can make one that large, so it is theirs to fix (400), before the
    /// server finishes the token. Counted with the payload writer, without signing.
    pub(super) fn check_token_size(&self) -> Result<(), TokenError> {
        // Measuring credentials: only the key's length is used, and nothing is signed.
        static MEASURING: OnceLock<Option<Credentials>> = OnceLock::new();
        let measuring = MEASURING.get_or_init(|| {
            let key = "k".repeat(MEASURED_KEY_BYTES);
            Credentials::new(&key, &key).ok()
        });
        let Some(measuring) = measuring else {
            return Ok(());
        };
        let mut measured = self.clone();
        let padding = MEASURED_IDENTITY_BYTES.saturating_sub(measured.identity.len());
        measured.identity.extend(std::iter::repeat_n('i', padding));
        match measured.into_token(measuring).token_len_at(MEASURED_AT) {
            Some(len) => within(len, Field::Token),
            // Dates past the largest: the server's TTL, which minting refuses as its own.
            None => Ok(()),
        }
    }

    /// The identity the token will carry: the one asked for, or a generated one.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The room the token will join: the one asked for, or a generated one.
    pub fn room(&self) -> &str {
        &self.room
    }

    /// The display name asked for, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The room configuration asked for, if any (agent dispatches included).
    pub fn room_config(&self) -> Option<&RoomConfiguration> {
        self.room_config.as_ref()
    }

    /// The token, to add what only the server knows (an identity from its own
    /// authentication, attributes, other grants) before `to_jwt_checked()`. What is added
    /// here is the server's, not held to the policy; a later `set_identity` replaces the
    /// one above (the request's size was checked as if the identity were 256 bytes, so
    /// one up to that long, written in as many bytes of JSON, makes no token too large).
    /// Attributes added here join the client's, and the server's 64 KiB limit
    /// is on them together: over it is the server's error (`Setup`, 500), so a server
    /// that adds attributes should open fewer, or no, attribute keys to clients.
    pub fn into_token(self, credentials: &Credentials) -> RuntimeCheckedToken {
        let mut video = self.grant;
        video.room_join = Some(true);
        video.room = Some(self.room);
        let mut token = RuntimeCheckedToken::new(credentials)
            .set_identity(&self.identity)
            .set_ttl(self.ttl)
            .add_grants(video);
        if !self.attributes.is_empty() {
            token = token.add_attributes(self.attributes);
        }
        if let Some(name) = self.name {
            token = token.set_name(name);
        }
        if let Some(metadata) = self.metadata {
            token = token.set_metadata(metadata);
        }
        if let Some(config) = self.room_config {
            token = token.set_room_config(config);
        }
        token
    }

    /// The signed token. What the client sent has passed the server's limits in
    /// [`check`](super::TokenSourcePolicy::check), so whatever stops the token here is the server's
    /// own setup ([`TokenSourceError::Setup`], status 500).
    pub fn mint(self, credentials: &Credentials) -> Result<String, TokenSourceError> {
        self.mint_with_clock(credentials, &SystemClock)
    }

    /// [`mint`](Self::mint) with an explicit clock.
    pub fn mint_with_clock(
        self,
        credentials: &Credentials,
        clock: &dyn Clock,
    ) -> Result<String, TokenSourceError> {
        self.into_token(credentials)
            .to_jwt_checked_with_clock(clock)
            .map_err(TokenSourceError::Setup)
    }

    /// The answer to send, with status 201: the server URL and the signed token. A server
    /// URL no client SDK connects to (empty, or not `wss://`, `ws://`, `https://` or
    /// `http://` and a host), or one with user info, is [`TokenSourceError::ServerUrl`],
    /// before anything is minted.
    pub fn respond(
        self,
        credentials: &Credentials,
        server_url: impl Into<String>,
    ) -> Result<TokenSourceResponse, TokenSourceError> {
        let server_url = server_url.into();
        check_server_url(&server_url)?;
        let token = self.mint(credentials)?;
        Ok(TokenSourceResponse::new(server_url, token))
    }
}

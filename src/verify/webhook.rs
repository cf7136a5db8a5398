//! Webhooks from the LiveKit server: a JSON body, and an `Authorization` header holding a
//! 5-minute token whose `sha256` claim is the base64 SHA-256 of the exact body bytes.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Malformed, TokenVerifier, VerifyError};
use crate::codec::strict_json;
use crate::credentials::DebugKey;

/// Receiving a webhook failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `Authorization` header value, or `Bearer` with no token after it.
    #[error("the webhook has no token in its Authorization header: pass the header's value")]
    MissingAuthorization,
    /// The token in the header does not verify.
    // The verifier's error is in the message and not also `source()`, so that printing
    // the chain does not show it twice.
    #[error("the webhook's token does not verify: {}", TokenProblem(.0))]
    Token(VerifyError),
    /// The token has no `sha256` claim, or an empty one.
    #[error(
        "the webhook's token has no sha256 claim, so it does not vouch for any body (LiveKit's always has one): refuse the request"
    )]
    MissingBodyHash,
    /// The body is not the one the token was issued for.
    #[error(
        "the webhook body does not match the token's sha256: hash the raw body bytes, before any parsing or re-encoding"
    )]
    BodyHashMismatch,
    /// The body is not a JSON object with a non-empty `event` string, or names a member
    /// twice in one object (which JSON readers take differently; LiveKit never does).
    #[error(
        "the webhook body is not a LiveKit webhook event (a JSON object, each member named once, whose `event` string names the event): pass the request's raw body, or refuse the request"
    )]
    InvalidBody,
}

/// What is wrong with the header's token, told to a receiver. The verifier's advice is a
/// minter's or a token holder's (mint a new one, pass it without `Bearer `), which does not
/// fit a receiver: the token is the server's, and `Bearer ` is taken here.
struct TokenProblem<'a>(&'a VerifyError);

impl fmt::Display for TokenProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            VerifyError::Malformed(Malformed::Segments | Malformed::Base64) => f.write_str(
                "the Authorization header holds no JWT: pass its value as LiveKit sent it (`Bearer ` and the token, or the token alone), or refuse the request",
            ),
            VerifyError::Expired => f.write_str(
                "the token has expired: LiveKit signs each webhook for 5 minutes, so this is a late delivery, a replay, or a clock more than the leeway off; refuse the request, and check this machine's clock if it recurs",
            ),
            VerifyError::LifetimeTooLong => f.write_str(
                "the token lives longer than the verifier's `with_max_lifetime(..)`: LiveKit signs webhooks for 5 minutes, so give the receiver a verifier that allows at least 300 s",
            ),
            VerifyError::MissingClaim(claim) => write!(
                f,
                "the token has no `{claim}` claim, which LiveKit's webhook tokens always carry: refuse the request"
            ),
            VerifyError::UnexpectedAudience => f.write_str(
                "the token names an audience (`aud`), which LiveKit's webhook tokens never carry: refuse the request",
            ),
            other => other.fmt(f),
        }
    }
}

/// A token that does not verify, in a webhook.
impl From<VerifyError> for WebhookError {
    fn from(error: VerifyError) -> Self {
        WebhookError::Token(error)
    }
}

/// Verifies webhooks with a [`TokenVerifier`] (the webhook API key must be one of its keys,
/// and its [`with_max_lifetime`](TokenVerifier::with_max_lifetime), if set, at least the
/// 5 minutes LiveKit signs webhooks for).
///
/// A verifier whose [`KeyRing`](crate::KeyRing) holds several apps' keys accepts an event
/// signed with any of them, about any room: where apps must not speak for each other,
/// check [`WebhookEvent::api_key`], or give each app a receiver of its own.
///
/// ```
/// # use livekit_access_token::*;
/// # use base64::Engine;
/// # use sha2::Digest;
/// let creds = Credentials::new("APIwebhook", "webhook-secret-0123456789abcdef0123")?;
/// let body = br#"{"event":"room_started","id":"EV_1","room":{"name":"my-room","sid":"RM_1"}}"#;
/// // What the server sends: a token whose sha256 is the base64 SHA-256 of the body.
/// let sha = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
/// let auth = AccessToken::with_credentials(&creds).add_ttl(300).add_sha256(sha).to_jwt()?;
///
/// let receiver = WebhookReceiver::new(TokenVerifier::new(&creds));
/// let event = receiver.receive(body, &auth)?;
/// assert_eq!(event.event, "room_started");
/// assert_eq!(event.room_name.as_deref(), Some("my-room"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WebhookReceiver {
    verifier: TokenVerifier,
}

impl WebhookReceiver {
    /// A receiver that checks tokens with `verifier`.
    pub fn new(verifier: TokenVerifier) -> Self {
        WebhookReceiver { verifier }
    }

    /// Verifies `authorization` (with or without `Bearer `) and that `body` is exactly the
    /// body it was issued for, then reads the event.
    ///
    /// The receiver keeps no state: the same request sent again while its token is valid
    /// (LiveKit signs webhooks for 5 minutes, and the verifier's leeway adds to that) is
    /// accepted again. Where handling an event twice matters, de-duplicate on
    /// [`WebhookEvent::id`].
    pub fn receive(&self, body: &[u8], authorization: &str) -> Result<WebhookEvent, WebhookError> {
        let token = strip_bearer(authorization.trim()).trim();
        if token.is_empty() {
            return Err(WebhookError::MissingAuthorization);
        }
        let claims = self.verifier.verify(token)?;
        let claimed = claims
            .sha256
            .as_deref()
            .filter(|sha256| !sha256.is_empty())
            .ok_or(WebhookError::MissingBodyHash)?;
        let actual = STANDARD.encode(Sha256::digest(body));
        if !constant_time_eq(claimed.as_bytes(), actual.as_bytes()) {
            return Err(WebhookError::BodyHashMismatch);
        }
        // A verified token has an `iss`, the key that signed it.
        WebhookEvent::parse(body, claims.iss.unwrap_or_default())
    }
}

/// `Bearer <jwt>` → `<jwt>` (any case, any white space); a bare `Bearer` → empty.
fn strip_bearer(header: &str) -> &str {
    match (header.get(..6), header.get(6..)) {
        (Some(scheme), Some(rest))
            if scheme.eq_ignore_ascii_case("bearer")
                && (rest.is_empty() || rest.starts_with(char::is_whitespace)) =>
        {
            rest
        }
        _ => header,
    }
}

/// Compares in constant time (`ctutils`, with its optimisation barriers, as `hmac`
/// compares tags), so timing does not reveal how much of a hash matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    ctutils::CtEq::ct_eq(a, b).to_bool()
}

/// A webhook event: the fields most handlers need, and the whole JSON in [`WebhookEvent::raw`].
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The event name (`room_started`, `participant_joined`, `track_published`, ...).
    pub event: String,
    /// The event's unique id (`id`), for deduplication.
    pub id: Option<String>,
    /// When the server created the event, seconds since the epoch (`createdAt`).
    pub created_at: Option<i64>,
    /// `room.name`.
    pub room_name: Option<String>,
    /// `room.sid`.
    pub room_sid: Option<String>,
    /// `participant.identity`.
    pub participant_identity: Option<String>,
    /// `participant.sid`.
    pub participant_sid: Option<String>,
    /// `track.sid`.
    pub track_sid: Option<String>,
    /// The whole event as JSON, everything kept.
    pub raw: Value,
    /// The API key whose secret signed the webhook (its token's `iss`): with a
    /// [`KeyRing`](crate::KeyRing) of several apps' keys, the app the event is from.
    pub api_key: String,
}

impl WebhookEvent {
    fn parse(body: &[u8], api_key: String) -> Result<Self, WebhookError> {
        // Duplicates refused, as the official receivers' protojson and Python's reader do.
        let raw = strict_json::parse_object(body).map_err(|_| WebhookError::InvalidBody)?;
        let raw = Value::Object(raw);
        let event = raw
            .get("event")
            .and_then(Value::as_str)
            .filter(|name| !name.is_empty())
            .ok_or(WebhookError::InvalidBody)?
            .to_owned();
        let text = |a: &str, b: &str| {
            raw.get(a)
                .and_then(|o| o.get(b))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        // protojson writes int64 as a string; accept a number too.
        let created_at = match raw.get("createdAt") {
            Some(Value::String(s)) => s.parse().ok(),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        Ok(WebhookEvent {
            id: raw.get("id").and_then(Value::as_str).map(str::to_owned),
            created_at,
            room_name: text("room", "name"),
            room_sid: text("room", "sid"),
            participant_identity: text("participant", "identity"),
            participant_sid: text("participant", "sid"),
            track_sid: text("track", "sid"),
            event,
            raw,
            api_key,
        })
    }
}

impl fmt::Debug for WebhookEvent {
    // The raw body may carry participant metadata; Debug shows the routing fields only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookEvent")
            .field("event", &self.event)
            .field("id", &self.id)
            .field("created_at", &self.created_at)
            .field("room_name", &self.room_name)
            .field("participant_identity", &self.participant_identity)
            .field("track_sid", &self.track_sid)
            .field("api_key", &DebugKey(&self.api_key))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_prefix_is_optional_and_case_insensitive() {
        assert_eq!(strip_bearer("Bearer abc").trim(), "abc");
        assert_eq!(strip_bearer("bearer\tabc").trim(), "abc");
        assert_eq!(strip_bearer("abc"), "abc");
        assert_eq!(strip_bearer("Bear"), "Bear");
        assert_eq!(strip_bearer("Bearer"), "");
        assert_eq!(strip_bearer("Bearerabc"), "Bearerabc");
    }

    #[test]
    fn constant_time_eq_is_equality_for_every_pair_of_differing_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
        // Differences that would cancel out in an xor fold (a ^ b in one place, the same
        // bits again in another) must still be found.
        for x in 0..=255u8 {
            for y in [x ^ 1, x ^ 0x80, x.wrapping_add(1)] {
                assert!(!constant_time_eq(&[x, y], &[y, x]) || x == y);
                assert!(!constant_time_eq(&[x, 0, x], &[y, 0, y]) || x == y);
            }
        }
    }
}

//! Verifying tokens the way the LiveKit server does, and stricter where the server is
//! lenient with input that is not legitimate (see `../shared/security-matrix.md`, rows Δ).
//!
//! The MAC is computed with the credentials' keyed HMAC state and compared in constant time
//! (`hmac`'s `verify_slice`); tests hold its verdicts equal to `jsonwebtoken::crypto::verify`
//! on every Wycheproof vector. Everything around it, the size cap, strict base64url and
//! JSON, the header policy, key choice by `iss`, time with an injected clock, is done here,
//! because jsonwebtoken has no clock hook and its time arithmetic can panic on hostile
//! values.
//!
//! Claims are read on one of two paths. The fast path ([`fast`], [`scan`]) reads the usual
//! shape straight into [`Claims`] and only ever accepts; the strict path ([`json`]) parses
//! everything else, refusing duplicates and case twins at every depth, and names every
//! error. `tests/fast_path.rs` and the `verify_signed` fuzz target hold the two equal.

mod decode;
mod error;
mod fast;
pub(crate) mod json;
mod keyring;
pub(crate) mod members;
mod scan;
pub(crate) mod webhook;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::mac::KeyedMac;
use serde_json::{Map, Value};

use crate::claims::Claims;
use crate::clock::{Clock, SystemClock};
use crate::credentials::Credentials;
use crate::error::CredentialsError;
use crate::grants::VideoClaims;

pub use error::{Malformed, TokenPart, VerifierConfigError, VerifyError};
pub use keyring::KeyRing;

/// The server's leeway for `exp` and `nbf`.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);
/// The most leeway a verifier accepts (RFC 7519: "usually no more than a few minutes").
pub const MAX_LEEWAY: Duration = Duration::from_secs(300);
/// Tokens longer than this are refused before any decoding, by default.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 64 * 1024;
/// The smallest size limit a verifier accepts.
pub const MIN_MAX_TOKEN_BYTES: usize = 256;
/// NumericDates above this (2^53 − 1, the largest exact JavaScript integer) are refused
/// as out of range rather than read as "never expires".
const MAX_NUMERIC_DATE: f64 = 9_007_199_254_740_991.0;

/// Checks LiveKit access tokens: HS256 only, the secret chosen by the token's `iss`
/// among the configured keys, `exp` required, `nbf` checked, 60 s leeway.
///
/// ```
/// use livekit_access_token::{AccessToken, Credentials, TokenVerifier, VideoGrant};
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_identity("user123")
///     .add_grants(VideoGrant::new().room_join().room("my-room"))
///     .to_jwt()?;
///
/// let verifier = TokenVerifier::new(&creds);
/// let joined = verifier.verify_room_join(&jwt)?;
/// assert_eq!((joined.identity(), joined.room()), ("user123", "my-room"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct TokenVerifier {
    keys: KeyRing,
    leeway_secs: u64,
    max_token_bytes: usize,
    audience: Option<String>,
    max_lifetime_secs: Option<u64>,
    clock: Arc<dyn Clock + Send + Sync>,
}

impl TokenVerifier {
    /// A verifier for tokens of one API key.
    pub fn new(credentials: &Credentials) -> Self {
        Self::with_keys(KeyRing::from(credentials.clone()))
    }

    /// A verifier for tokens of any key in `keys` (key rotation, several apps).
    pub fn from_key_ring(keys: KeyRing) -> Result<Self, VerifierConfigError> {
        if keys.is_empty() {
            return Err(VerifierConfigError::NoKeys);
        }
        Ok(Self::with_keys(keys))
    }

    /// A verifier for the keys in the environment (see [`KeyRing::from_env`]).
    pub fn from_env() -> Result<Self, CredentialsError> {
        KeyRing::from_env().map(Self::with_keys)
    }

    fn with_keys(keys: KeyRing) -> Self {
        TokenVerifier {
            keys,
            leeway_secs: DEFAULT_LEEWAY.as_secs(),
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            audience: None,
            max_lifetime_secs: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// Leeway for `exp` and `nbf` (default 60 s, the server's), at most [`MAX_LEEWAY`].
    pub fn with_leeway(mut self, leeway: Duration) -> Result<Self, VerifierConfigError> {
        if leeway > MAX_LEEWAY {
            return Err(VerifierConfigError::LeewayTooLarge {
                secs: leeway
                    .as_secs()
                    .saturating_add(u64::from(leeway.subsec_nanos() > 0)),
                max: MAX_LEEWAY.as_secs(),
            });
        }
        self.leeway_secs = leeway.as_secs();
        Ok(self)
    }

    /// Refuses tokens longer than `bytes` before decoding (default 64 KiB).
    pub fn with_max_token_bytes(mut self, bytes: usize) -> Result<Self, VerifierConfigError> {
        if bytes < MIN_MAX_TOKEN_BYTES {
            return Err(VerifierConfigError::TokenLimitTooSmall {
                bytes,
                min: MIN_MAX_TOKEN_BYTES,
            });
        }
        self.max_token_bytes = bytes;
        Ok(self)
    }

    /// Accepts tokens whose `aud` names `audience`. Without this, any `aud` is refused
    /// (RFC 7519 §4.1.3; LiveKit never writes one).
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Refuses tokens whose `exp` is further than `lifetime` from now.
    pub fn with_max_lifetime(mut self, lifetime: Duration) -> Self {
        self.max_lifetime_secs = Some(lifetime.as_secs());
        self
    }

    /// Uses `clock` for "now" (tests, replays of recorded traffic).
    pub fn with_clock(mut self, clock: impl Clock + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Verifies `token` and returns every claim it carries (unknown keys in
    /// [`Claims::extra`]).
    pub fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        self.verify_with(token, true)
    }

    /// `fast`: let [`fast::read_claims_into`] accept tokens of the usual shape first. Without
    /// it every token takes the strict path; tests hold both to the same results.
    fn verify_with(&self, token: &str, fast: bool) -> Result<Claims, VerifyError> {
        let jws = decode::decode_jws(token, self.max_token_bytes)?;
        // One key: check the MAC before reading any JSON, so a forged token costs one
        // HMAC and a glance at its `iss` to say why it is refused. Several keys: the
        // issuer picks the key, so the payload is read first.
        let single = self.keys.single();
        if let Some(signer) = single
            && !signed_by(&jws, signer)
        {
            return Err(self.why_refused(&jws.payload));
        }
        // Read after the checks that need no time, so input refused for its size or its
        // form (and, with one key, its signature) never waits for the clock. A key ring's
        // MAC is checked below, after its issuer is read.
        let now = self.clock.now_unix_secs().ok_or(VerifyError::Clock)?;
        if fast {
            // Read in place: `Claims` is large, and this is the hot path.
            let mut claims = Claims::default();
            if fast::read_claims_into(&jws.payload, &mut claims)
                && self.fast_checks_pass(&claims, &jws, now, single)
            {
                return Ok(claims);
            }
        }
        let payload = json::parse_claims(&jws.payload)?;
        let signer = match single {
            Some(signer) => signer,
            None => {
                let issuer = self.issuer_credentials(&payload)?;
                if !signed_by(&jws, issuer) {
                    return Err(VerifyError::InvalidSignature);
                }
                issuer
            }
        };
        self.check_claims(payload, now, signer)
    }

    /// [`TokenVerifier::check_claims`] for claims the fast path read (whole-second dates no
    /// larger than [`fast::FAST_DATE_MAX`], no `aud`, `sub` and `jti` strings if present):
    /// the issuer is a known key that signed the token (`mac_checked_with`: the key whose
    /// MAC already matched, if any), and the times pass. `false` sends the token to the
    /// strict path, which names the problem.
    fn fast_checks_pass(
        &self,
        claims: &Claims,
        jws: &decode::Jws<'_>,
        now: u64,
        mac_checked_with: Option<&Credentials>,
    ) -> bool {
        let (Some(issuer), Some(exp)) = (
            claims.iss.as_deref().and_then(|iss| self.keys.get(iss)),
            claims.exp,
        ) else {
            return false;
        };
        // With dates and `now` this small, the strict path's `f64` arithmetic is exact,
        // so these integer comparisons give the same verdicts. The times come first: with
        // a key ring the MAC below is an HMAC, wasted on an expired token.
        let times_pass = now <= fast::FAST_DATE_MAX
            && now < exp.saturating_add(self.leeway_secs)
            && claims
                .nbf
                .is_none_or(|nbf| nbf <= now.saturating_add(self.leeway_secs))
            && self
                .max_lifetime_secs
                .is_none_or(|max| exp.saturating_sub(now) <= max);
        times_pass
            && match mac_checked_with {
                Some(signer) => issuer.api_key() == signer.api_key(),
                None => signed_by(jws, issuer),
            }
    }

    /// The reason a token whose MAC did not match is refused, read without building a
    /// JSON tree: the issuer problem if there is one, else the signature.
    fn why_refused(&self, payload: &[u8]) -> VerifyError {
        #[derive(serde::Deserialize)]
        struct Peek<'a> {
            #[serde(default, borrow)]
            iss: Option<std::borrow::Cow<'a, str>>,
        }
        if payload.first() != Some(&b'{') {
            return VerifyError::Malformed(Malformed::Json);
        }
        match serde_json::from_slice::<Peek<'_>>(payload) {
            Ok(Peek { iss: None }) => VerifyError::MissingClaim("iss"),
            Ok(Peek { iss: Some(iss) }) if self.keys.get(&iss).is_none() => {
                VerifyError::UnknownApiKey
            }
            Ok(_) => VerifyError::InvalidSignature,
            Err(e) if e.to_string().contains("duplicate field") => {
                VerifyError::Malformed(Malformed::DuplicateMember)
            }
            Err(e) if e.is_data() => VerifyError::InvalidClaim("iss"),
            Err(_) => VerifyError::Malformed(Malformed::Json),
        }
    }

    fn issuer_credentials(
        &self,
        payload: &Map<String, Value>,
    ) -> Result<&Credentials, VerifyError> {
        match payload.get("iss") {
            None | Some(Value::Null) => Err(VerifyError::MissingClaim("iss")),
            Some(Value::String(iss)) => self.keys.get(iss).ok_or(VerifyError::UnknownApiKey),
            Some(_) => Err(VerifyError::InvalidClaim("iss")),
        }
    }

    /// Everything after an authentic signature: the issuer is the key that signed,
    /// then time, registered claims and types.
    fn check_claims(
        &self,
        mut payload: Map<String, Value>,
        now: u64,
        signer: &Credentials,
    ) -> Result<Claims, VerifyError> {
        let issuer = self.issuer_credentials(&payload)?;
        if issuer.api_key() != signer.api_key() {
            return Err(VerifyError::UnknownApiKey);
        }
        self.check_time(&mut payload, now)?;
        self.check_registered(&payload)?;
        typed_claims(payload)
    }

    /// Verifies `token` and proves it joins a room: `video.roomJoin` is true, the room is
    /// named, and the identity (`sub`, or `jti` as the server falls back to) is not empty.
    pub fn verify_room_join(&self, token: &str) -> Result<RoomJoinClaims, VerifyError> {
        RoomJoinClaims::from_verified(self.verify(token)?)
    }

    fn check_time(&self, payload: &mut Map<String, Value>, now: u64) -> Result<(), VerifyError> {
        let now = now as f64;
        let leeway = self.leeway_secs as f64;
        let exp = numeric_date(payload, "exp")?.ok_or(VerifyError::MissingClaim("exp"))?;
        // The server rejects at equality: valid while now < exp + leeway.
        if now >= exp + leeway {
            return Err(VerifyError::Expired);
        }
        if let Some(nbf) = numeric_date(payload, "nbf")?
            && nbf > now + leeway
        {
            return Err(VerifyError::NotYetValid);
        }
        if let Some(max) = self.max_lifetime_secs
            && exp - now > max as f64
        {
            return Err(VerifyError::LifetimeTooLong);
        }
        normalize_dates(payload);
        Ok(())
    }

    fn check_registered(&self, payload: &Map<String, Value>) -> Result<(), VerifyError> {
        for name in ["sub", "jti"] {
            if !matches!(payload.get(name), None | Some(Value::String(_))) {
                return Err(VerifyError::InvalidClaim(name));
            }
        }
        if let Some(aud) = payload.get("aud") {
            let expected = self.audience.as_deref();
            let ok = match aud {
                Value::String(a) => Some(a.as_str()) == expected,
                Value::Array(list) => list
                    .iter()
                    .any(|a| a.as_str().is_some() && a.as_str() == expected),
                _ => false,
            };
            if !ok {
                return Err(VerifyError::InvalidClaim("aud"));
            }
        }
        Ok(())
    }
}

/// NumericDates may be fractional (RFC 7519 §2); `Claims` holds whole seconds. The server
/// ignores `iat`, so one that is not a usable number is dropped rather than refused.
fn normalize_dates(payload: &mut Map<String, Value>) {
    for name in ["exp", "nbf", "iat"] {
        match numeric_date(payload, name) {
            // Whole numbers already are what `Claims` reads; rewrite only the others.
            Ok(Some(_)) if payload.get(name).is_some_and(Value::is_u64) => {}
            Ok(Some(v)) => {
                if let Some(slot) = payload.get_mut(name) {
                    *slot = Value::from(v.max(0.0).floor() as u64);
                }
            }
            _ if name == "iat" => {
                payload.remove("iat");
            }
            _ => {}
        }
    }
}

/// Whether `credentials` signed `jws`.
fn signed_by(jws: &decode::Jws<'_>, credentials: &Credentials) -> bool {
    mac_matches(
        credentials.keyed_mac(),
        jws.signing_input,
        &jws.signature_bytes,
    )
}

/// HMAC-SHA256 with the credentials' keyed state; `verify_slice` compares in constant
/// time. Same verdicts as jsonwebtoken's `crypto::verify` (tests compare them).
fn mac_matches(keyed: &KeyedMac, signing_input: &str, signature: &[u8]) -> bool {
    hmac::Mac::verify_slice(keyed.absorb(signing_input.as_bytes()), signature).is_ok()
}

fn numeric_date(
    payload: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<f64>, VerifyError> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v <= MAX_NUMERIC_DATE => Ok(Some(v)),
            _ => Err(VerifyError::InvalidClaim(name)),
        },
        Some(_) => Err(VerifyError::InvalidClaim(name)),
    }
}

/// Reads the typed claims; a type error names the claim it is in.
fn typed_claims(payload: Map<String, Value>) -> Result<Claims, VerifyError> {
    crate::claims_from_map::claims_from_map(payload).map_err(VerifyError::InvalidClaim)
}

impl fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenVerifier")
            .field("keys", &self.keys)
            .field("leeway_secs", &self.leeway_secs)
            .field("max_token_bytes", &self.max_token_bytes)
            .field("audience", &self.audience)
            .field("max_lifetime_secs", &self.max_lifetime_secs)
            .finish_non_exhaustive()
    }
}

/// Claims of a verified token that joins a room: identity and room are guaranteed present
/// and non-empty. Only [`TokenVerifier::verify_room_join`] constructs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomJoinClaims {
    identity: String,
    room: String,
    claims: Claims,
}

impl RoomJoinClaims {
    fn from_verified(claims: Claims) -> Result<Self, VerifyError> {
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
            .ok_or(VerifyError::MissingClaim("sub"))?
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

    /// The `video` grant (present by construction).
    pub fn video(&self) -> Option<&VideoClaims> {
        self.claims.video.as_ref()
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

/// Internals exposed for this crate's test vectors and fuzz targets only. Not part of the
/// API: no semver promise, may change or vanish in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::literal::{literal_identity, literal_room};

    /// The verifier's key-by-key reading of claims from a JSON object (tests hold it equal
    /// to the derived `Deserialize`).
    pub fn claims_from_map(
        map: serde_json::Map<String, serde_json::Value>,
    ) -> Result<crate::Claims, &'static str> {
        crate::claims_from_map::claims_from_map(map)
    }

    use super::{VerifyError, decode};

    /// [`super::TokenVerifier::verify`] with every token on the strict path (tests hold
    /// the fast path's results equal to it).
    pub fn verify_strict(
        verifier: &super::TokenVerifier,
        token: &str,
    ) -> Result<crate::Claims, VerifyError> {
        verifier.verify_with(token, false)
    }

    /// Which reader takes this payload: `"scan"` (the byte scanner), `"serde"` (the
    /// fast path's serde reader) or `"strict"` (tests check the usual shapes take the
    /// fast ones).
    pub fn reader_for(payload: &[u8]) -> &'static str {
        if super::scan::scan_claims_into(payload, &mut crate::Claims::default()).is_some() {
            "scan"
        } else if super::fast::read_claims_with_serde(payload).is_some() {
            "serde"
        } else {
            "strict"
        }
    }

    /// The JWS structure alone (size, segments, strict base64url, header policy): the
    /// signing input and the encoded signature, for tests to check the MAC with a
    /// reference implementation.
    pub fn jws_parts(token: &str) -> Result<(String, String), VerifyError> {
        let jws = decode::decode_jws(token, super::DEFAULT_MAX_TOKEN_BYTES)?;
        Ok((jws.signing_input.to_owned(), jws.signature.to_owned()))
    }

    /// The keyed HMAC state as `Credentials` builds it, with the state after
    /// `usual_start`'s first 64 bytes precomputed (none if it is shorter).
    fn keyed(secret: &[u8], usual_start: &[u8]) -> Result<crate::mac::KeyedMac, VerifyError> {
        use hmac::Mac;
        let keyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret)
            .map_err(|_| VerifyError::InvalidSignature)?;
        Ok(crate::mac::KeyedMac::new(keyed, usual_start))
    }

    /// The verifier's MAC check alone: whether `tag` is the HMAC-SHA256 of `message` under
    /// `secret` (tests hold it to the Wycheproof vectors and to jsonwebtoken).
    pub fn mac_accepts(secret: &[u8], usual_start: &[u8], message: &[u8], tag: &[u8]) -> bool {
        keyed(secret, usual_start)
            .is_ok_and(|keyed| hmac::Mac::verify_slice(keyed.absorb(message), tag).is_ok())
    }

    /// The JWS layer with the verifier's MAC: structure, header policy and HS256 under
    /// `secret`, returning the payload bytes (which need not be JSON). Tests hold its
    /// verdicts equal to jsonwebtoken's whether or not a token starts with `usual_start`.
    pub fn verify_jws_hs256(
        token: &str,
        secret: &[u8],
        usual_start: &[u8],
    ) -> Result<Vec<u8>, VerifyError> {
        let keyed = keyed(secret, usual_start)?;
        let jws = decode::decode_jws(token, super::DEFAULT_MAX_TOKEN_BYTES)?;
        if super::mac_matches(&keyed, jws.signing_input, &jws.signature_bytes) {
            Ok(jws.payload.into_vec())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

/// Reading tokens **without checking their signature**. The result is attacker-controlled:
/// use it to display or route, never to authorise.
pub mod dangerous {
    use super::{VerifyError, decode, normalize_dates, typed_claims};
    use crate::claims::Claims;

    /// Claims read from a token whose signature, issuer and times were **not** checked.
    #[derive(Debug, Clone, PartialEq)]
    pub struct UntrustedClaims(Claims);

    impl UntrustedClaims {
        /// The **untrusted** claims.
        pub fn untrusted_claims(&self) -> &Claims {
            &self.0
        }

        /// The **untrusted** claims, by value.
        pub fn into_untrusted_claims(self) -> Claims {
            self.0
        }
    }

    /// Decodes `token` with the same structural checks as the verifier (size, strict
    /// base64url and JSON, HS256 header) but **without** checking the signature, the
    /// issuer or the times.
    pub fn decode_untrusted(token: &str) -> Result<UntrustedClaims, VerifyError> {
        let mut payload = decode::decode_unverified(token, super::DEFAULT_MAX_TOKEN_BYTES)?;
        normalize_dates(&mut payload);
        typed_claims(payload).map(UntrustedClaims)
    }
}

//! Verifying tokens the way the LiveKit server does, and stricter where the server is
//! lenient with input that is not legitimate (`SECURITY.md` lists each rule).
//!
//! The MAC is computed with the credentials' keyed HMAC state and compared in constant time
//! (`hmac`'s `verify_slice`); tests hold its verdicts equal to jsonwebtoken's on every
//! Wycheproof vector. Everything around it is done here: the size cap, strict base64url and
//! JSON, the header policy, key choice by `iss`, and time with an injected clock.
//!
//! Claims are read on one of two paths. The fast path ([`scan`], then [`fast`]) reads the
//! usual shape straight into [`Claims`] and only ever accepts; the strict path ([`strict`])
//! parses everything else, refusing duplicates and case twins at every depth, and names
//! every error. `tests/fast_path.rs` and the `verify_signed` fuzz target hold the two equal.

mod checks;
pub mod dangerous;
pub(crate) mod decode;
mod error;
pub(crate) mod fast;
mod keyring;
mod room_join;
pub(crate) mod scan;
pub(crate) mod strict;
mod webhook;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::clock::{Clock, SystemClock};
use crate::credentials::{Credentials, KeyedMac};
use crate::error::CredentialsError;
use crate::wire::{ClaimMember, Claims, GO_IDENTITY};

pub use error::{Malformed, TokenPart, VerifierConfigError, VerifyError};
pub use keyring::KeyRing;
pub use room_join::RoomJoinClaims;
pub use webhook::{WebhookError, WebhookEvent, WebhookReceiver};

/// The server's leeway for `exp` and `nbf`.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);
/// The most leeway a verifier accepts (RFC 7519: "usually no more than a few minutes").
pub const MAX_LEEWAY: Duration = Duration::from_secs(300);
/// Tokens longer than this are refused before any decoding, by default.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 64 * 1024;
/// The smallest size limit a verifier accepts.
pub const MIN_MAX_TOKEN_BYTES: usize = 256;

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

    /// Leeway for `exp` and `nbf` (default 60 s, the server's), at most [`MAX_LEEWAY`], in
    /// whole seconds as the dates are: a fraction of a second is dropped (1.5 s is 1 s).
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

    /// Accepts tokens whose `aud` is `audience` or a list holding it. Without this, any
    /// `aud` is refused (RFC 7519 §4.1.3; LiveKit never writes one). A token with no `aud`
    /// is accepted either way, as the RFC and `jsonwebtoken` read it: an audience limits
    /// the tokens that name one, it does not make every token name one.
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Refuses tokens whose `exp` is further than `lifetime` from now, counted in whole
    /// seconds (a fraction of a second in `lifetime` is dropped), as a token's dates are.
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

    /// `fast`: let [`read_claims_fast`] accept tokens of the usual shape first. Without
    /// it every token takes the strict path; tests hold both to the same results.
    pub(crate) fn verify_with(&self, token: &str, fast: bool) -> Result<Claims, VerifyError> {
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
            if read_claims_fast(&jws.payload, &mut claims)
                && self.fast_checks_pass(&claims, &jws, now, single)
            {
                return Ok(claims);
            }
        }
        let payload = strict::parse_claims(&jws.payload)?;
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
    /// larger than [`scan::FAST_DATE_MAX`], no `aud`, `sub` and `jti` strings if present):
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
        let times_pass = now <= scan::FAST_DATE_MAX
            && now < exp.saturating_add(self.leeway_secs)
            && claims
                .nbf
                .is_none_or(|nbf| nbf <= now.saturating_add(self.leeway_secs))
            && self
                .max_lifetime_secs
                .is_none_or(|max| exp.saturating_sub(now) <= max);
        // Go's `identity`, kept in `extra`: the strict path refuses one that is not text.
        let identity_typed = claims
            .extra
            .get(GO_IDENTITY)
            .is_none_or(|identity| identity.is_string() || identity.is_null());
        times_pass
            && identity_typed
            && strict::egress_is_a_message(claims)
            && match mac_checked_with {
                Some(signer) => issuer.same_key(signer),
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
        // Only an object: serde would read `["APIkey"]` as a `Peek` too. JSON may start
        // with white space.
        let first = payload
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first != Some(&b'{') {
            return VerifyError::Malformed(Malformed::Json);
        }
        match serde_json::from_slice::<Peek<'_>>(payload) {
            Ok(Peek { iss: None }) => VerifyError::MissingClaim(ClaimMember::Iss.name()),
            Ok(Peek { iss: Some(iss) }) if self.keys.get(&iss).is_none() => {
                VerifyError::UnknownApiKey
            }
            Ok(_) => VerifyError::InvalidSignature,
            Err(e) if e.to_string().contains("duplicate field") => {
                VerifyError::Malformed(Malformed::DuplicateMember)
            }
            Err(e) if e.is_data() => VerifyError::InvalidClaim(ClaimMember::Iss.name()),
            Err(_) => VerifyError::Malformed(Malformed::Json),
        }
    }

    fn issuer_credentials(
        &self,
        payload: &Map<String, Value>,
    ) -> Result<&Credentials, VerifyError> {
        match payload.get(ClaimMember::Iss.name()) {
            None | Some(Value::Null) => Err(VerifyError::MissingClaim(ClaimMember::Iss.name())),
            Some(Value::String(iss)) => self.keys.get(iss).ok_or(VerifyError::UnknownApiKey),
            Some(_) => Err(VerifyError::InvalidClaim(ClaimMember::Iss.name())),
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
        if !issuer.same_key(signer) {
            return Err(VerifyError::UnknownApiKey);
        }
        self.check_time(&mut payload, now)?;
        self.check_registered(&payload)?;
        strict::typed_claims(payload)
    }

    /// Verifies `token` and proves it joins a room: its video grant joins a room, the room is
    /// named, and the identity (`sub`, or `jti` as the server falls back to) is not empty.
    pub fn verify_room_join(&self, token: &str) -> Result<RoomJoinClaims, VerifyError> {
        RoomJoinClaims::from_verified(self.verify(token)?)
    }
}

/// Reads the claims in `payload` into `claims` (which must be empty) on the fast path, or
/// returns `false` when the strict path must decide: the byte scanner for exactly the usual
/// shape first, then the serde reader for the rest of the fast path.
fn read_claims_fast(payload: &[u8], claims: &mut Claims) -> bool {
    if scan::scan_claims_into(payload, claims).is_some() {
        return true;
    }
    match fast::read_claims_with_serde(payload) {
        Some(read) => {
            *claims = read;
            true
        }
        None => false,
    }
}

/// Whether `credentials` signed `jws`.
fn signed_by(jws: &decode::Jws<'_>, credentials: &Credentials) -> bool {
    mac_matches(
        credentials.keyed_mac(),
        jws.signing_input.as_bytes(),
        &jws.signature_bytes,
    )
}

/// HMAC-SHA256 with the credentials' keyed state; `verify_slice` compares in constant
/// time. Same verdicts as jsonwebtoken's `crypto::verify` (tests compare them).
pub(crate) fn mac_matches(keyed: &KeyedMac, signing_input: &[u8], signature: &[u8]) -> bool {
    hmac::Mac::verify_slice(keyed.absorb(signing_input), signature).is_ok()
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

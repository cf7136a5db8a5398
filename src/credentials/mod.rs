//! API credentials: built and checked once, shared across threads, reused for every token.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::codec::json_string::{Utf8, plain_run, write_escaped};
use crate::codec::sink::Sink;
use crate::codec::text::Text;
use crate::error::CredentialsError;
use crate::wire::ClaimMember;

mod key_list;
mod mac;
mod secret;
mod source;

pub(crate) use key_list::{DebugKey, KeyEntry, key_to_show, parse_key_list};

/// How errors name a key list passed as text (`from_keys_str`), which has no name of its own.
pub(crate) const KEY_LIST: &str = "the key list";
pub(crate) use mac::KeyedMac;
pub use secret::{ApiSecret, SecretSource};
pub(crate) use source::{API_KEY_VAR, API_SECRET_VAR, KEYS_VAR, read_env, read_key_file};

/// RFC 7518 §3.2: an HS256 key must be at least as long as the hash.
pub const MIN_SECRET_LEN: usize = 32;

/// An API key and its secret.
///
/// Cheap to clone (an [`Arc`]), `Send + Sync`, and checked once when built: the key and
/// secret are not empty, and the secret is at least [`MIN_SECRET_LEN`] bytes unless you
/// opt out with [`Credentials::new_allowing_insecure_short_secret`]. The HMAC key is
/// derived once here, so minting never copies the secret again.
///
/// ```
/// use livekit_access_token::Credentials;
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// assert_eq!(creds.api_key(), "APIexample");
/// assert!(!format!("{creds:?}").contains("0123456789abcdef"));
/// # Ok::<(), livekit_access_token::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials(Handle);

/// Shared credentials sit behind an `Arc`; those built for one token (`with_api_key`)
/// are never shared, and a `Box` spares them the three atomic read-modify-writes an `Arc`
/// costs from building to dropping (a sixth of building them).
#[derive(Clone)]
enum Handle {
    Shared(Arc<Apart>),
    OneToken(Box<Inner>),
}

/// Shared data on cache lines apart from the `Arc`'s reference counts: every clone and drop
/// of a handle writes those counts (a token on an owned handle does both), and every mint
/// reads this data. Sharing a line, two threads minting on clones of the same credentials
/// took each other's reads away at every token (2-thread scaling 1.3-1.8x instead of
/// 1.8-1.9x). The counts end 16 bytes into the allocation and the data starts 64 bytes
/// after that, so no cache line of 64 bytes holds both, without the cost of an
/// over-aligned allocation.
#[repr(C)]
struct Apart {
    apart_from_the_counts: [u8; 64],
    inner: Inner,
}

/// What a handle holds: one allocation, the key's strings inline when short, so building
/// credentials for a single token allocates once.
// `Clone` for `Handle`'s: credentials for one token are never cloned (no token hands its
// credentials out), shared ones clone the `Arc`.
#[derive(Clone)]
struct Inner {
    api_key: Text,
    // The secret itself is not kept: once the keyed state below is derived it is dropped,
    // and `ApiSecret` wipes it. The HMAC key schedule and the usual first block, done once
    // and cloned per token: key-equivalent, so wiped on drop like the secret.
    keyed_mac: KeyedMac,
    // `{"iss":"<api key>"`, JSON-escaped, written in front of every payload.
    iss_prefix: Text,
}

impl Credentials {
    /// Credentials from an API key and secret, refusing a secret shorter than 32 bytes.
    pub fn new(
        api_key: impl AsRef<str>,
        api_secret: impl SecretSource,
    ) -> Result<Self, CredentialsError> {
        Self::build(api_key.as_ref(), api_secret, true)
    }

    /// Credentials that accept a secret shorter than 32 bytes, such as the LiveKit dev
    /// server's `devkey` / `secret`. An HMAC key that short can be brute-forced: never
    /// use this in production.
    pub fn new_allowing_insecure_short_secret(
        api_key: impl AsRef<str>,
        api_secret: impl SecretSource,
    ) -> Result<Self, CredentialsError> {
        Self::build(api_key.as_ref(), api_secret, false)
    }

    /// Credentials for `api_key` from a key list in the server's `key: secret` form (the
    /// value of `LIVEKIT_KEYS`, or a key file's content).
    pub fn from_keys_str(keys: &str, api_key: &str) -> Result<Self, CredentialsError> {
        Self::pick(parse_key_list(keys, KEY_LIST)?, api_key, KEY_LIST, true)
    }

    /// [`from_keys_str`](Self::from_keys_str) accepting a secret shorter than 32 bytes, as
    /// in a dev server's `devkey: secret`. Never use this in production.
    pub fn from_keys_str_allowing_insecure_short_secret(
        keys: &str,
        api_key: &str,
    ) -> Result<Self, CredentialsError> {
        Self::pick(parse_key_list(keys, KEY_LIST)?, api_key, KEY_LIST, false)
    }

    /// Credentials for `api_key` from the LiveKit server's key file. On Unix, like the
    /// server, it refuses a file that other users may read, write or execute
    /// (`mode & 0o007 != 0`); elsewhere it checks no permission, so keep the file private.
    pub fn from_key_file(path: impl AsRef<Path>, api_key: &str) -> Result<Self, CredentialsError> {
        let (entries, name) = read_key_file(path.as_ref())?;
        Self::pick(entries, api_key, &name, true)
    }

    /// [`from_key_file`](Self::from_key_file) accepting a secret shorter than 32 bytes, as
    /// in a dev server's key file. Never use this in production.
    pub fn from_key_file_allowing_insecure_short_secret(
        path: impl AsRef<Path>,
        api_key: &str,
    ) -> Result<Self, CredentialsError> {
        let (entries, name) = read_key_file(path.as_ref())?;
        Self::pick(entries, api_key, &name, false)
    }

    /// The API key (the token's `iss`).
    pub fn api_key(&self) -> &str {
        self.inner().api_key.as_str()
    }

    fn inner(&self) -> &Inner {
        match &self.0 {
            Handle::Shared(shared) => &shared.inner,
            Handle::OneToken(inner) => inner,
        }
    }

    /// Whether `other` holds the same API key (compared as bytes: the hot path of
    /// verification asks this of every token).
    pub(crate) fn same_key(&self, other: &Credentials) -> bool {
        self.inner().api_key.as_bytes() == other.inner().api_key.as_bytes()
    }

    pub(crate) fn keyed_mac(&self) -> &KeyedMac {
        &self.inner().keyed_mac
    }

    /// `{"iss":"<api key>"`, UTF-8.
    pub(crate) fn iss_prefix(&self) -> &[u8] {
        self.inner().iss_prefix.as_bytes()
    }

    pub(crate) fn build(
        api_key: &str,
        secret: impl SecretSource,
        enforce_length: bool,
    ) -> Result<Self, CredentialsError> {
        secret.read_secret(|secret| Self::build_for(api_key, secret, enforce_length, false))
    }

    /// Credentials that will sign one token (`AccessToken::with_api_key`): the usual first
    /// block of its MAC is not precomputed, since it would be used once.
    pub(crate) fn for_one_token(
        api_key: &str,
        secret: impl SecretSource,
    ) -> Result<Self, CredentialsError> {
        secret.read_secret(|secret| Self::build_for(api_key, secret, true, true))
    }

    fn build_for(
        api_key: &str,
        secret: &str,
        enforce_length: bool,
        one_token: bool,
    ) -> Result<Self, CredentialsError> {
        if blank(api_key) {
            return Err(CredentialsError::EmptyApiKey);
        }
        if blank(secret) {
            return Err(CredentialsError::EmptySecret);
        }
        if enforce_length && secret.len() < MIN_SECRET_LEN {
            return Err(CredentialsError::WeakSecret { len: secret.len() });
        }
        // HMAC accepts keys of any length, so this cannot fail; map it anyway.
        let keyed_mac = KeyedMac::new(secret.as_bytes()).ok_or(CredentialsError::EmptySecret)?;
        let mut inner = Inner {
            api_key: Text::EMPTY,
            keyed_mac,
            iss_prefix: Text::EMPTY,
        };
        if one_token {
            // The strings are written straight into the allocation. Built on the stack and
            // moved in, their bytes were read back while still being stored (a stall),
            // which cost about a sixth of building credentials for one token.
            let mut inner = Box::new(inner);
            inner.write_key(api_key);
            return Ok(Credentials(Handle::OneToken(inner)));
        }
        inner.write_key(api_key);
        if let Some(block) = mac::usual_first_block(inner.iss_prefix.as_bytes()) {
            inner.keyed_mac.precompute_usual_block(block);
        }
        Ok(Credentials(Handle::Shared(Arc::new(Apart {
            apart_from_the_counts: [0; 64],
            inner,
        }))))
    }

    fn pick(
        entries: Vec<KeyEntry>,
        api_key: &str,
        source: &str,
        enforce_length: bool,
    ) -> Result<Self, CredentialsError> {
        entries
            .into_iter()
            .find(|e| e.api_key == api_key)
            .ok_or_else(|| CredentialsError::KeyNotFound {
                key: key_to_show(api_key),
                source_name: source.to_owned(),
            })
            .and_then(|e| e.into_credentials(source, enforce_length))
    }
}

impl Inner {
    /// Sets the API key and the issuer prefix written from it.
    fn write_key(&mut self, api_key: &str) {
        self.api_key.set(&[api_key]);
        write_iss_prefix(&mut self.iss_prefix, api_key);
    }
}

/// Whether `text` is empty or only whitespace (what `trim` removes), looking no further
/// than its first other character: one character for a real key or secret.
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Sets `prefix` to `{"iss":"<api key>"`, the key escaped as serde escapes it; in place
/// and without allocating for the usual key, which needs no escape.
fn write_iss_prefix(prefix: &mut Text, api_key: &str) {
    let key = ClaimMember::Iss.json_key();
    if plain_run(api_key.as_bytes()) == api_key.len() {
        prefix.set(&["{", key, "\"", api_key, "\""]);
        return;
    }
    // A hint: escapes may grow it.
    let mut escaped = Vec::with_capacity(key.len().saturating_add(api_key.len()).saturating_add(3));
    escaped.put_byte(b'{');
    escaped.put(key.as_bytes());
    write_escaped(&mut escaped, Utf8::from(api_key));
    // Escaped JSON of a `str` is UTF-8; were it not, the prefix would be empty and no
    // token would verify, rather than a token with another issuer.
    prefix.set(&[std::str::from_utf8(&escaped).unwrap_or_default()]);
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &DebugKey(self.api_key()))
            .field("api_secret", &format_args!("[REDACTED]"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_data_is_on_cache_lines_apart_from_the_reference_counts() {
        // 64 bytes: the line size of the x86-64 and most arm64 machines this runs on. The
        // counts sit just before the data `Arc::as_ptr` points at.
        let creds = Credentials::new("APIk", "align-test-secret-0123456789abcdef").unwrap();
        let Handle::Shared(shared) = &creds.0 else {
            panic!("credentials for many tokens are shared");
        };
        let data = Arc::as_ptr(shared) as usize;
        let fields = [
            std::ptr::from_ref(&shared.inner.api_key) as usize,
            std::ptr::from_ref(&shared.inner.keyed_mac) as usize,
            std::ptr::from_ref(&shared.inner.iss_prefix) as usize,
        ];
        assert!(fields.iter().all(|f| *f >= data + 64), "{data} {fields:?}");
    }

    #[test]
    fn the_iss_prefix_is_the_key_escaped_as_serde_escapes_it_at_any_length() {
        // Every length across the inline limit, plain and escaped, shared and for one token.
        let mut keys: Vec<String> = ["APIk", "k\"y\u{e9}\n", "\u{1}"].map(String::from).to_vec();
        for len in 1..=48 {
            keys.extend(["A", "\u{e9}", "\""].map(|unit| unit.repeat(len)));
        }
        for key in &keys {
            let secret = "prefix-test-secret-0123456789abcdef";
            let expected = format!("{{\"iss\":{}", serde_json::to_string(key).unwrap());
            for creds in [
                Credentials::new(key, secret).unwrap(),
                Credentials::for_one_token(key, secret).unwrap(),
            ] {
                assert_eq!(creds.iss_prefix(), expected.as_bytes(), "{key:?}");
                assert_eq!(creds.api_key(), key);
            }
        }
    }

    const CANARY: &str = "CANARY-credentials-0123456789-32bytes+";

    #[test]
    fn l02_empty_or_blank_key_and_secret_are_refused() {
        assert!(matches!(
            Credentials::new("", CANARY),
            Err(CredentialsError::EmptyApiKey)
        ));
        assert!(matches!(
            Credentials::new(" \t", CANARY),
            Err(CredentialsError::EmptyApiKey)
        ));
        assert!(matches!(
            Credentials::new("APIk", ""),
            Err(CredentialsError::EmptySecret)
        ));
        assert!(matches!(
            Credentials::new_allowing_insecure_short_secret("APIk", "  "),
            Err(CredentialsError::EmptySecret)
        ));
        // Blank is what `trim` removes: Unicode white space too, and nothing more.
        assert!(matches!(
            Credentials::new("\u{3000}\n", CANARY),
            Err(CredentialsError::EmptyApiKey)
        ));
        assert!(Credentials::new(" APIk ", CANARY).is_ok());
        assert!(Credentials::new_allowing_insecure_short_secret("APIk", " s\t").is_ok());
    }

    #[test]
    fn l03_short_secret_needs_the_loud_opt_in() {
        let err = Credentials::new("devkey", "secret").err();
        assert!(matches!(err, Some(CredentialsError::WeakSecret { len: 6 })));
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.contains("6 bytes")
                && !msg.contains("secret\"")
                && msg.contains("new_allowing_insecure_short_secret")
        );
        assert!(Credentials::new_allowing_insecure_short_secret("devkey", "secret").is_ok());
        assert!(Credentials::new("k", "x".repeat(32)).is_ok());
        assert!(Credentials::new("k", "x".repeat(31)).is_err());
    }

    #[test]
    fn g01_debug_redacts_the_secret() {
        let creds = Credentials::new("APIk", CANARY).unwrap();
        for s in [format!("{creds:?}"), format!("{creds:#?}")] {
            assert!(!s.contains("CANARY"), "{s}");
            assert!(s.contains("APIk") && s.contains("REDACTED"), "{s}");
        }
    }

    #[test]
    fn from_keys_str_picks_the_named_key() {
        let keys = format!("APIa: {CANARY}\nAPIb: {CANARY}b\ndevkey: secret\n");
        let picked = Credentials::from_keys_str(&keys, "APIb").unwrap();
        assert_eq!(picked.api_key(), "APIb");
        let err = Credentials::from_keys_str(&keys, "APIc").err().unwrap();
        assert!(matches!(&err, CredentialsError::KeyNotFound { key: Some(k), .. } if k == "APIc"));
        // The key and the secret passed the wrong way round: the secret is not shown.
        let err = Credentials::from_keys_str(&keys, CANARY).err().unwrap();
        assert!(matches!(
            err,
            CredentialsError::KeyNotFound { key: None, .. }
        ));
        assert!(!format!("{err} {err:?}").contains("CANARY"), "{err}");
        // A dev server's short secret: told by its line, and read by the `_allowing` form.
        let err = Credentials::from_keys_str(&keys, "devkey").err().unwrap();
        assert!(matches!(
            &err,
            CredentialsError::KeyListWeakSecret { line: 3, len: 6, source_name } if source_name == "the key list"
        ));
        let message = err.to_string();
        assert!(
            message.starts_with("line 3 of the key list holds a secret of 6 bytes")
                && message.contains("_allowing_insecure_short_secret")
                && message.contains("AccessToken::with_credentials"),
            "{message}"
        );
        assert!(Credentials::from_keys_str_allowing_insecure_short_secret(&keys, "devkey").is_ok());
    }
}

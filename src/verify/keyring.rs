//! Several API keys at once, chosen by the token's `iss`, as the LiveKit server does
//! (key rotation: accept tokens of the old and the new key while clients move over).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::credentials::{
    API_KEY_VAR, API_SECRET_VAR, Credentials, DebugKey, KEY_LIST, KEYS_VAR, KeyEntry, key_to_show,
    parse_key_list, read_env, read_key_file,
};
use crate::error::CredentialsError;

/// API keys and their secrets, looked up by API key.
///
/// ```
/// use livekit_access_token::{Credentials, KeyRing};
/// let ring = KeyRing::new()
///     .with(Credentials::new("APIold", "old-secret-0123456789abcdef0123456789")?)?
///     .with(Credentials::new("APInew", "new-secret-0123456789abcdef0123456789")?)?;
/// assert_eq!(ring.len(), 2);
/// # Ok::<(), livekit_access_token::CredentialsError>(())
/// ```
#[derive(Clone, Default)]
pub struct KeyRing {
    keys: BTreeMap<String, Credentials>,
}

impl KeyRing {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds credentials; an API key already in the ring is an error, never a silent swap.
    pub fn with(mut self, credentials: Credentials) -> Result<Self, CredentialsError> {
        self.insert(credentials)?;
        Ok(self)
    }

    /// Adds credentials; an API key already in the ring is an error.
    pub fn insert(&mut self, credentials: Credentials) -> Result<(), CredentialsError> {
        let key = credentials.api_key().to_owned();
        if self.keys.contains_key(&key) {
            return Err(CredentialsError::DuplicateKey {
                key: key_to_show(&key),
                source_name: "the key ring".to_owned(),
            });
        }
        self.keys.insert(key, credentials);
        Ok(())
    }

    /// Every key of a list in the server's `key: secret` form (`LIVEKIT_KEYS`). Each
    /// secret must be at least 32 bytes.
    pub fn from_keys_str(keys: &str) -> Result<Self, CredentialsError> {
        Self::from_entries(parse_key_list(keys, KEY_LIST)?, KEY_LIST, true)
    }

    /// Like [`KeyRing::from_keys_str`], accepting secrets shorter than 32 bytes (the dev
    /// server's `devkey: secret`). Never in production.
    pub fn from_keys_str_allowing_insecure_short_secrets(
        keys: &str,
    ) -> Result<Self, CredentialsError> {
        Self::from_entries(parse_key_list(keys, KEY_LIST)?, KEY_LIST, false)
    }

    /// Every key of the server's key file, refused on Unix when others may access the file
    /// (elsewhere no permission is checked).
    pub fn from_key_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let (entries, name) = read_key_file(path.as_ref())?;
        Self::from_entries(entries, &name, true)
    }

    /// Like [`KeyRing::from_key_file`], accepting secrets shorter than 32 bytes (a dev
    /// server's key file). Never in production.
    pub fn from_key_file_allowing_insecure_short_secrets(
        path: impl AsRef<Path>,
    ) -> Result<Self, CredentialsError> {
        let (entries, name) = read_key_file(path.as_ref())?;
        Self::from_entries(entries, &name, false)
    }

    /// The API keys in the ring, in order.
    pub fn api_keys(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// From the environment, in the same order as [`Credentials::from_env`], so a verifier
    /// built here accepts what `AccessToken::new()` mints: `LIVEKIT_API_KEY` /
    /// `LIVEKIT_API_SECRET` when either is set, otherwise every key of `LIVEKIT_KEYS`.
    /// Each secret must be at least 32 bytes.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_checked(true)
    }

    /// Like [`KeyRing::from_env`], accepting secrets shorter than 32 bytes (the dev
    /// server's `devkey` / `secret`). Never in production.
    pub fn from_env_allowing_insecure_short_secrets() -> Result<Self, CredentialsError> {
        Self::from_env_checked(false)
    }

    fn from_env_checked(enforce_length: bool) -> Result<Self, CredentialsError> {
        let pair_set = read_env(API_KEY_VAR)?.is_some() || read_env(API_SECRET_VAR)?.is_some();
        match read_env(KEYS_VAR)? {
            Some(keys) if !pair_set => {
                let entries = parse_key_list(&keys, KEYS_VAR)?;
                let ring = Self::from_entries(entries, KEYS_VAR, enforce_length)?;
                if ring.is_empty() {
                    return Err(CredentialsError::NoKeys {
                        source_name: KEYS_VAR.into(),
                    });
                }
                Ok(ring)
            }
            _ => KeyRing::new().with(Credentials::from_env_checked(enforce_length)?),
        }
    }

    /// The credentials of `api_key`.
    pub fn get(&self, api_key: &str) -> Option<&Credentials> {
        self.keys.get(api_key)
    }

    /// The only key, when the ring holds exactly one.
    pub(crate) fn single(&self) -> Option<&Credentials> {
        let mut keys = self.keys.values();
        match (keys.next(), keys.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// How many keys the ring holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the ring holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn from_entries(
        entries: Vec<KeyEntry>,
        source_name: &str,
        enforce_length: bool,
    ) -> Result<Self, CredentialsError> {
        let mut ring = KeyRing::new();
        for e in entries {
            ring.insert(e.into_credentials(source_name, enforce_length)?)?;
        }
        Ok(ring)
    }
}

impl From<Credentials> for KeyRing {
    fn from(credentials: Credentials) -> Self {
        let mut keys = BTreeMap::new();
        keys.insert(credentials.api_key().to_owned(), credentials);
        KeyRing { keys }
    }
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field(
                "api_keys",
                &self
                    .keys
                    .keys()
                    .map(|key| DebugKey(key))
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

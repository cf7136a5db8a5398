//! The environment variables the credentials are read from, named once, as the LiveKit
//! server and `lk` name them. A module of their own, above every layer, so that the error
//! messages can name them without importing the credentials that read them.

/// The API key, for `Credentials::from_env` and `KeyRing::from_env`.
pub(crate) const API_KEY_VAR: &str = "LIVEKIT_API_KEY";
/// The API secret that goes with it.
pub(crate) const API_SECRET_VAR: &str = "LIVEKIT_API_SECRET";
/// The server's `key: secret` lines, read when the pair above is unset.
pub(crate) const KEYS_VAR: &str = "LIVEKIT_KEYS";

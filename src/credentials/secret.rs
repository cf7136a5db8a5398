//! The API secret: no `Display`, no `Serialize`, a redacted `Debug`, wiped on drop.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// An API secret, the HMAC key of every token.
///
/// It has no `Display` and no `Serialize`; `Debug` prints `ApiSecret([REDACTED])`; the
/// memory is zeroed on drop (see [`secrecy`] for what that does and does not promise).
/// The one way out is [`ExposeSecret::expose_secret`], which this crate calls only where
/// it derives the HMAC key.
///
/// ```compile_fail
/// // An API secret cannot be printed.
/// let secret = livekit_access_token::ApiSecret::from("0123456789abcdef0123456789abcdef");
/// println!("{secret}");
/// ```
pub struct ApiSecret(SecretString);

impl ApiSecret {
    /// Length of the secret in bytes (safe to log).
    pub fn len(&self) -> usize {
        self.0.expose_secret().len()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.expose_secret().is_empty()
    }
}

impl From<String> for ApiSecret {
    /// Copies the secret into a block of its exact size and wipes `s`. (Handing `s` over
    /// would shrink it first when it has spare capacity, freeing its old block unwiped.)
    fn from(s: String) -> Self {
        let s = zeroize::Zeroizing::new(s);
        ApiSecret(SecretString::from(s.as_str()))
    }
}

impl From<&str> for ApiSecret {
    fn from(s: &str) -> Self {
        ApiSecret(SecretString::from(s))
    }
}

impl From<SecretString> for ApiSecret {
    fn from(s: SecretString) -> Self {
        ApiSecret(s)
    }
}

impl ExposeSecret<str> for ApiSecret {
    fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret([REDACTED])")
    }
}

/// Where an API secret can come from: a `&str` or `&String` (read where it is, not copied
/// by this crate), a `String` (wiped when it has been read), an [`ApiSecret`] or a
/// [`SecretString`]. Sealed: these are the only sources. What stays in memory once the
/// secret is read is listed in `SECURITY.md` (G04).
///
/// ```
/// use livekit_access_token::Credentials;
/// let from_env: String = "0123456789abcdef0123456789abcdef".into();
/// let creds = Credentials::new("APIexample", from_env)?; // wiped once read
/// # Ok::<(), livekit_access_token::CredentialsError>(())
/// ```
pub trait SecretSource: source::Read {}

mod source {
    /// Private, so the secret can be read only inside this crate, and only once.
    pub trait Read {
        /// Calls `read` with the secret, then wipes what this source owned.
        fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R;
    }
}

impl SecretSource for &str {}
impl source::Read for &str {
    fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R {
        read(self)
    }
}

impl SecretSource for &String {}
impl source::Read for &String {
    fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R {
        read(self)
    }
}

impl SecretSource for String {}
impl source::Read for String {
    fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R {
        let owned = zeroize::Zeroizing::new(self);
        read(&owned)
    }
}

impl SecretSource for ApiSecret {}
impl source::Read for ApiSecret {
    fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R {
        read(self.expose_secret())
    }
}

impl SecretSource for SecretString {}
impl source::Read for SecretString {
    fn read_secret<R>(self, read: impl FnOnce(&str) -> R) -> R {
        read(self.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g01_a_secret_shows_its_length_and_nothing_else() {
        let secret = ApiSecret::from("CANARY-0123456789abcdef0123456789");
        assert_eq!((secret.len(), secret.is_empty()), (33, false));
        assert_eq!(format!("{secret:?}"), "ApiSecret([REDACTED])");
        let empty = ApiSecret::from(String::new());
        assert_eq!((empty.len(), empty.is_empty()), (0, true));
    }
}

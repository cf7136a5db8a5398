//! Where keys come from outside the program: the environment and the server's key file.

use std::path::Path;

use zeroize::Zeroizing;

use super::Credentials;
use super::key_list::{KeyEntry, parse_key_list};
use crate::error::CredentialsError;

pub(crate) use crate::env_vars::{API_KEY_VAR, API_SECRET_VAR, KEYS_VAR};

impl Credentials {
    /// Credentials from the environment: `LIVEKIT_API_KEY` and `LIVEKIT_API_SECRET`; when
    /// both are unset, `LIVEKIT_KEYS` (the server's `key: secret` form) if it holds exactly
    /// one key. Values are trimmed of surrounding white space. Errors name the variable,
    /// never its value. A secret shorter than 32 bytes is refused.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_checked(true)
    }

    /// Like [`from_env`](Self::from_env), accepting a secret shorter than 32 bytes: the
    /// LiveKit dev server's `devkey` / `secret`, as its guides export them. An HMAC key that
    /// short can be brute-forced: never use this in production.
    pub fn from_env_allowing_insecure_short_secret() -> Result<Self, CredentialsError> {
        Self::from_env_checked(false)
    }

    /// [`from_env`](Self::from_env), holding the secret to 32 bytes or not.
    pub(crate) fn from_env_checked(enforce_length: bool) -> Result<Self, CredentialsError> {
        let key = read_env(API_KEY_VAR)?;
        let secret = read_env(API_SECRET_VAR)?;
        // Set but empty is named by variable, whatever the other holds: "the API key is
        // empty" would not say where from, and "the secret is not set" would miss it.
        for (value, var) in [(&key, API_KEY_VAR), (&secret, API_SECRET_VAR)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return Err(CredentialsError::EmptyEnv { var });
            }
        }
        match (key, secret) {
            (Some(key), Some(secret)) => Self::build(key.trim(), secret.trim(), enforce_length),
            (Some(_), None) => Err(CredentialsError::MissingEnv {
                var: API_SECRET_VAR,
            }),
            (None, Some(_)) => Err(CredentialsError::MissingEnv { var: API_KEY_VAR }),
            (None, None) => match read_env(KEYS_VAR)? {
                Some(keys) => {
                    let entries = parse_key_list(&keys, KEYS_VAR)?;
                    Self::only_entry(entries, KEYS_VAR, enforce_length)
                }
                None => Err(CredentialsError::MissingEnv { var: API_KEY_VAR }),
            },
        }
    }

    fn only_entry(
        mut entries: Vec<KeyEntry>,
        source: &str,
        enforce_length: bool,
    ) -> Result<Self, CredentialsError> {
        match (entries.pop(), entries.is_empty()) {
            (Some(entry), true) => entry.into_credentials(source, enforce_length),
            (None, _) => Err(CredentialsError::NoKeys {
                source_name: source.to_owned(),
            }),
            (last, _) => Err(CredentialsError::NotExactlyOneKey {
                source_name: source.to_owned(),
                count: entries.len().saturating_add(usize::from(last.is_some())),
            }),
        }
    }
}

/// The most a key file may hold: thousands of `key: secret` lines. Reading stops there, so
/// a path that names an endless pipe cannot take unbounded memory.
pub(crate) const MAX_KEY_FILE_BYTES: usize = 1 << 20;

/// Reads the server's key file, refusing it when others may access it, as the server does.
pub(crate) fn read_key_file(path: &Path) -> Result<(Vec<KeyEntry>, String), CredentialsError> {
    let raw = path.display().to_string();
    // What the key list's errors name; the two errors below escape their `path` themselves.
    let name = crate::error::shown_path(&raw);
    let io = |error| CredentialsError::KeyFileIo {
        path: raw.clone(),
        error,
    };
    // Opened once: the permissions checked are those of the file read, not of whatever the
    // path names a moment later.
    let mut file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "a directory, not a key file: pass the file's path",
        )));
    }
    if is_device(&meta) {
        // `/dev/null` has mode 666: the advice to chmod it would break the system.
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a device, not a key file: pass the file's path",
        )));
    }
    check_permissions(&meta, &raw)?;
    // The text holds every secret. It is read into one buffer that never grows (a grown
    // buffer leaves the old block, with the secrets, to the allocator unwiped, as happens
    // with a pipe, whose size is unknown) and is wiped when dropped.
    let mut buffer = Zeroizing::new(vec![0u8; MAX_KEY_FILE_BYTES + 1]);
    let mut len = 0;
    while let Some(free) = buffer.get_mut(len..).filter(|free| !free.is_empty()) {
        match std::io::Read::read(&mut file, free) {
            Ok(0) => break,
            // At most the buffer's free room.
            Ok(n) => len = len.saturating_add(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    let text = buffer
        .get(..len)
        .filter(|_| len <= MAX_KEY_FILE_BYTES)
        .ok_or_else(|| {
            io(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                "over 1 MiB, more than a key file holds: pass the server's key file",
            ))
        })?;
    let text = std::str::from_utf8(text).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8 text: a key file holds `key: secret` lines",
        ))
    })?;
    Ok((parse_key_list(text, &name)?, name))
}

/// An environment variable's value, wiped when dropped (the process environment block keeps
/// its own copy, which this crate cannot reach).
pub(crate) fn read_env(var: &'static str) -> Result<Option<Zeroizing<String>>, CredentialsError> {
    // A variable that is set but blank is kept, so the error says "empty", not "not set".
    match std::env::var(var) {
        Ok(v) => Ok(Some(Zeroizing::new(v))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(value)) => {
            // Refused, but it may be the secret all the same: wiped before it is freed.
            zeroize::Zeroize::zeroize(&mut value.into_encoded_bytes());
            Err(CredentialsError::NotUnicode { var })
        }
    }
}

#[cfg(unix)]
fn check_permissions(meta: &std::fs::Metadata, path: &str) -> Result<(), CredentialsError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o007 != 0 {
        return Err(CredentialsError::KeyFilePermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device() || meta.file_type().is_block_device()
}

#[cfg(not(unix))]
fn is_device(_meta: &std::fs::Metadata) -> bool {
    false
}

#[cfg(not(unix))]
fn check_permissions(_meta: &std::fs::Metadata, _path: &str) -> Result<(), CredentialsError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    const CANARY: &str = "CANARY-key-file-0123456789-32bytes+";

    #[cfg(unix)]
    #[test]
    fn l04_key_file_readable_by_others_is_refused_and_0600_is_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("lkat-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys.yaml");
        std::fs::write(&path, format!("APIa: {CANARY}\n")).unwrap();
        // Any permission for others (read, write or execute) is refused, as by the server.
        for mode in [0o644, 0o604, 0o602, 0o601] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let err = Credentials::from_key_file(&path, "APIa").err();
            assert!(
                matches!(err, Some(CredentialsError::KeyFilePermissions { mode: m, .. }) if m == mode)
            );
        }
        // The group's bits are not checked, as the server does not check them.
        for mode in [0o600, 0o640] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            assert_eq!(
                Credentials::from_key_file(&path, "APIa").unwrap().api_key(),
                "APIa"
            );
        }
        let missing = Credentials::from_key_file(dir.join("nope.yaml"), "APIa").err();
        assert!(matches!(missing, Some(CredentialsError::KeyFileIo { .. })));
        // The I/O error is said once, in the message, not again as `source()`.
        let message = missing
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            message.contains("nope.yaml: ") && !message.ends_with(": "),
            "{message}"
        );
        assert!(
            missing
                .as_ref()
                .and_then(std::error::Error::source)
                .is_none()
        );
        // A directory or a device is the wrong path, not a file to chmod; an oversized file
        // is refused without reading past the cap.
        #[cfg(unix)]
        {
            let device = Credentials::from_key_file("/dev/null", "APIa").err();
            assert!(
                matches!(&device, Some(CredentialsError::KeyFileIo { error, .. }) if error.kind() == std::io::ErrorKind::InvalidInput),
                "{device:?}"
            );
        }
        let directory = Credentials::from_key_file(&dir, "APIa").err();
        assert!(
            matches!(&directory, Some(CredentialsError::KeyFileIo { error, .. }) if error.kind() == std::io::ErrorKind::IsADirectory),
            "{directory:?}"
        );
        let mut huge = format!("APIa: {CANARY}\n").into_bytes();
        huge.resize(MAX_KEY_FILE_BYTES + 1, b'#');
        std::fs::write(&path, &huge).unwrap();
        let too_large = Credentials::from_key_file(&path, "APIa").err();
        assert!(
            matches!(&too_large, Some(CredentialsError::KeyFileIo { error, .. }) if error.kind() == std::io::ErrorKind::FileTooLarge),
            "{too_large:?}"
        );
        huge.truncate(MAX_KEY_FILE_BYTES);
        std::fs::write(&path, &huge).unwrap();
        assert!(Credentials::from_key_file(&path, "APIa").is_ok());
        // A read that fails (this process's unmapped address 0, a private file) is an
        // error, not a retry forever.
        #[cfg(target_os = "linux")]
        {
            let unreadable = Credentials::from_key_file("/proc/self/mem", "APIa").err();
            assert!(
                matches!(&unreadable, Some(CredentialsError::KeyFileIo { .. })),
                "{unreadable:?}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Where keys come from outside the program: the environment and the server's key file.

use std::path::Path;

use zeroize::Zeroizing;

use super::key_list::{KeyEntry, parse_key_list};
use crate::error::CredentialsError;

/// The most a key file may hold: thousands of `key: secret` lines. Reading stops there, so
/// a path that names an endless pipe cannot take unbounded memory.
pub(crate) const MAX_KEY_FILE_BYTES: usize = 1 << 20;

/// Reads the server's key file, refusing it when others may access it, as the server does.
pub(crate) fn read_key_file(path: &Path) -> Result<(Vec<KeyEntry>, String), CredentialsError> {
    let name = path.display().to_string();
    let io = |source| CredentialsError::KeyFileIo {
        path: name.clone(),
        source,
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
    check_permissions(&meta, &name)?;
    // The text holds every secret. It is read into one buffer that never grows (a grown
    // buffer leaves the old block, with the secrets, to the allocator unwiped, as happens
    // with a pipe, whose size is unknown) and is wiped when dropped.
    let mut buffer = Zeroizing::new(vec![0u8; MAX_KEY_FILE_BYTES + 1]);
    let mut len = 0;
    while let Some(free) = buffer.get_mut(len..).filter(|free| !free.is_empty()) {
        match std::io::Read::read(&mut file, free) {
            Ok(0) => break,
            Ok(n) => len += n,
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

#[cfg(not(unix))]
fn check_permissions(_meta: &std::fs::Metadata, _path: &str) -> Result<(), CredentialsError> {
    Ok(())
}

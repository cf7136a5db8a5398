//! Where keys come from outside the program: the environment and the server's key file.

use std::path::Path;

use zeroize::Zeroizing;

use super::key_list::{KeyEntry, parse_key_list};
use crate::error::CredentialsError;

/// Reads the server's key file, refusing it when others may access it, as the server does.
pub(crate) fn read_key_file(path: &Path) -> Result<(Vec<KeyEntry>, String), CredentialsError> {
    let name = path.display().to_string();
    let io = |source| CredentialsError::KeyFileIo {
        path: name.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    check_permissions(&meta, &name)?;
    // The file's text holds every secret: wiped when dropped.
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(io)?);
    Ok((parse_key_list(&text, &name)?, name))
}

/// An environment variable's value, wiped when dropped (the process environment block keeps
/// its own copy, which this crate cannot reach).
pub(crate) fn read_env(var: &'static str) -> Result<Option<Zeroizing<String>>, CredentialsError> {
    // A variable that is set but blank is kept, so the error says "empty", not "not set".
    match std::env::var(var) {
        Ok(v) => Ok(Some(Zeroizing::new(v))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(CredentialsError::NotUnicode { var }),
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

//! Loading or checking API credentials: what failed, and what to do about it.

use crate::env_vars::{API_KEY_VAR, API_SECRET_VAR, KEYS_VAR};

/// Loading or checking API credentials failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// An environment variable that is needed is not set.
    #[error("environment variable {var} is not set: {}", missing_env_advice(.var))]
    MissingEnv {
        /// The variable's name.
        var: &'static str,
    },
    /// An environment variable that is needed is set but empty (or white space).
    #[error("environment variable {var} is set but empty: {}", empty_env_advice(.var))]
    EmptyEnv {
        /// The variable's name.
        var: &'static str,
    },
    /// An environment variable holds bytes that are not UTF-8.
    #[error(
        "environment variable {var} is not valid UTF-8: set it to the API key or secret as plain text"
    )]
    NotUnicode {
        /// The variable's name.
        var: &'static str,
    },
    /// The API key is empty or only white space.
    #[error("the API key is empty: pass the key LiveKit issued (for example `APIxxxxxxxx`)")]
    EmptyApiKey,
    /// The API secret is empty or only white space.
    #[error("the API secret is empty: pass the secret that belongs to the API key")]
    EmptySecret,
    /// The API secret is shorter than the 32 bytes RFC 7518 requires for HS256.
    #[error(
        "the API secret is {len} bytes, shorter than the 32 bytes HS256 needs: {SHORT_SECRET_ADVICE}"
    )]
    WeakSecret {
        /// The secret's length in bytes (never its content).
        len: usize,
    },
    /// A token endpoint's shared secret ([`EndpointSecret`](crate::EndpointSecret)) is
    /// shorter than 32 bytes.
    #[error(
        "the endpoint secret is {len} bytes, shorter than 32: generate a longer one, such as `openssl rand -base64 32`"
    )]
    WeakEndpointSecret {
        /// The secret's length in bytes (never its content).
        len: usize,
    },
    /// A token endpoint's shared secret ([`EndpointSecret`](crate::EndpointSecret)) holds a
    /// character other than printable ASCII and the space: web frameworks do not read an
    /// `Authorization` header with a byte over 0x7F as text, so no caller could present it
    /// (and a control character is no one's secret).
    #[error(
        "the endpoint secret holds a character other than printable ASCII and the space: generate one such as `openssl rand -base64 32`"
    )]
    EndpointSecretNotAscii,
    /// [`Credentials::from_env`](crate::Credentials::from_env) found `LIVEKIT_KEYS` holding
    /// several keys, and no way to tell which one is meant.
    #[error(
        "{source_name} holds {count} keys, but exactly one is needed here: choose one with `Credentials::from_keys_str(.., key)`"
    )]
    NotExactlyOneKey {
        /// Where the keys came from (`LIVEKIT_KEYS`).
        source_name: String,
        /// How many keys it holds.
        count: usize,
    },
    /// A key list holds no key at all.
    #[error("{source_name} holds no key: add a `key: secret` line")]
    NoKeys {
        /// Where the keys came from.
        source_name: String,
    },
    /// The requested API key is not in the key list.
    #[error(
        "API key {} is not in {source_name}: check the key name",
        shown_key(key)
    )]
    KeyNotFound {
        /// The requested key (an API key is an identifier, not a secret), or `None` for one
        /// of 32 bytes or more: as long as a secret, it may be one passed in its place.
        key: Option<String>,
        /// Where the keys came from.
        source_name: String,
    },
    /// A line of a key list is not `key: secret`.
    #[error(
        "line {line} of {source_name} is not `key: secret`: write one `key: secret` pair per line"
    )]
    KeyListSyntax {
        /// Where the keys came from.
        source_name: String,
        /// 1-based line number.
        line: usize,
    },
    /// A line of a key list gives its key a value YAML reads as none: nothing, only a `#`
    /// comment, `~` or `null` (a key file left as a template, `APIkey: # paste it here`);
    /// or a quoted one of only white space.
    #[error(
        "line {line} of {source_name} gives its key no secret (YAML reads a value that is empty, only a `#` comment, `~` or `null` as none, and white space in quotes is none either): write the secret after `key: `, in quotes if it starts with `#` or is `~` or `null`"
    )]
    KeyListNoSecret {
        /// Where the keys came from.
        source_name: String,
        /// 1-based line number.
        line: usize,
    },
    /// A line of a key list gives its key an unquoted secret that YAML reads as a number,
    /// `true` or `false`, or a date, not as text: the LiveKit server drops such a key from
    /// `LIVEKIT_KEYS` without a word. Quoted, it is text to both. (The server's key file
    /// keeps such a secret as text; it is refused there too, so that a key list reads one
    /// way wherever it is put.)
    #[error(
        "line {line} of {source_name} holds a secret that YAML reads as a number, `true`/`false` or a date, not as text, and the LiveKit server drops such a key from LIVEKIT_KEYS: put the secret in quotes"
    )]
    KeyListSecretNotText {
        /// Where the keys came from.
        source_name: String,
        /// 1-based line number.
        line: usize,
    },
    /// A line of a key list holds a secret shorter than the 32 bytes RFC 7518 requires for
    /// HS256 (read with a constructor that enforces it).
    #[error(
        "line {line} of {source_name} holds a secret of {len} bytes, shorter than the 32 bytes HS256 needs: {SHORT_SECRET_ADVICE}"
    )]
    KeyListWeakSecret {
        /// Where the keys came from.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// The secret's length in bytes (never its content).
        len: usize,
    },
    /// The same API key appears twice in a key list.
    #[error(
        "API key {} appears twice in {source_name}: keep one entry per key",
        shown_key(key)
    )]
    DuplicateKey {
        /// The repeated key, or `None` for one of 32 bytes or more: as long as a secret, it
        /// may be one (a line's key and secret swapped).
        key: Option<String>,
        /// Where the keys came from.
        source_name: String,
    },
    /// The key file gives other users some access (read, write or execute); the LiveKit
    /// server refuses it too.
    #[error(
        "key file {} has mode {mode:o}, accessible by other users: {}",
        shown_path(.path),
        chmod_advice(.path)
    )]
    KeyFilePermissions {
        /// The file's path.
        path: String,
        /// The file's permission bits.
        mode: u32,
    },
    /// The key file cannot be read.
    // The I/O error is in the message and not also `source()`, so that printing the
    // chain (anyhow, eyre) does not show it twice; likewise below.
    #[error("cannot read key file {}: {error}{}", shown_path(.path), io_advice(.error))]
    KeyFileIo {
        /// The file's path.
        path: String,
        /// The I/O error.
        error: std::io::Error,
    },
}

/// What to do about a secret under 32 bytes. The calls that read credentials for the
/// caller (`AccessToken::new()`, `TokenVerifier::from_env()`) have no `_allowing_` form of
/// their own: the advice names constructors that have one, and where to pass what they build.
const SHORT_SECRET_ADVICE: &str = "generate a longer one (`livekit-server generate-keys`), \
    or, for a dev server only, build the credentials with an `_allowing_insecure_short_secret` \
    constructor (`Credentials::new_allowing_insecure_short_secret`, \
    `Credentials::from_env_allowing_insecure_short_secret`, \
    `KeyRing::from_env_allowing_insecure_short_secrets`, \
    `KeyRing::from_keys_str_allowing_insecure_short_secrets`, ...) and pass them to \
    `AccessToken::with_credentials`, `TokenVerifier::new` or `TokenVerifier::from_key_ring`";

/// A path as a message shows it: a character that does not print as itself (a line break,
/// a terminal escape, a Unicode line separator or direction override) is escaped, so that
/// a log line stays one line and reads as the file's name.
pub(crate) fn shown_path(path: &str) -> String {
    path.chars()
        .map(|c| match escaped_when_shown(c) {
            true => c.escape_debug().collect(),
            false => String::from(c),
        })
        .collect()
}

/// Whether `escape_debug` writes `c` as an escape; quotes and backslashes are shown as
/// they are, since a path is not quoted in the message.
fn escaped_when_shown(c: char) -> bool {
    !matches!(c, '\\' | '\'' | '"') && c.escape_debug().nth(1).is_some()
}

/// What to do about the system's own error (a missing file, no permission); this crate's
/// (a directory, a file too large) carry their advice.
fn io_advice(error: &std::io::Error) -> &'static str {
    match error.raw_os_error() {
        Some(_) => ": check the path, and that this user may read the file",
        None => "",
    }
}

/// The command that fixes a key file's mode, where one can be written: not for a path
/// whose text is not the real one (escaped, or not UTF-8 and shown with U+FFFD).
fn chmod_advice(path: &str) -> String {
    if path
        .chars()
        .any(|c| escaped_when_shown(c) || c == char::REPLACEMENT_CHARACTER)
    {
        return "make it readable by its owner alone (`chmod 600` on it)".into();
    }
    format!("run `chmod 600 {}`", shell_word(path))
}

/// `path` as one word of a POSIX shell, so that the command an error gives runs as written:
/// as it is where it holds only `[A-Za-z0-9_./-]`, else in single quotes (a `'` in it as
/// `'\''`). One that starts with `-`, which the command would read as an option, is given
/// as `./-...`, the same file.
fn shell_word(path: &str) -> String {
    let path = if path.starts_with('-') {
        format!("./{path}")
    } else {
        path.to_owned()
    };
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-');
    if !path.is_empty() && path.bytes().all(plain) {
        return path;
    }
    format!("'{}'", path.replace('\'', r"'\''"))
}

/// The other variable of the `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET` pair, if `var` is one.
fn other_of_the_pair(var: &str) -> Option<&'static str> {
    match var {
        v if v == API_KEY_VAR => Some(API_SECRET_VAR),
        v if v == API_SECRET_VAR => Some(API_KEY_VAR),
        _ => None,
    }
}

/// What to do about a missing variable: the credential variables have alternatives;
/// another (an endpoint secret's) is the caller's own to set.
fn missing_env_advice(var: &str) -> String {
    match other_of_the_pair(var) {
        Some(other) => format!(
            "export it with {other}, or unset both and set {KEYS_VAR} (`key: secret` lines, as \
             the server reads them), or pass credentials with `Credentials::new`"
        ),
        None => String::from("export it"),
    }
}

/// What to do about a variable set but empty.
fn empty_env_advice(var: &str) -> String {
    match other_of_the_pair(var) {
        Some(other) => {
            format!("export the value in it, or unset both it and {other} to read {KEYS_VAR}")
        }
        // Not "or unset it": unset may mean something else to its reader (an open
        // endpoint, for the token server's secret).
        None => String::from("export the value in it"),
    }
}

/// A key as an error shows it.
fn shown_key(key: &Option<String>) -> String {
    match key {
        Some(key) => format!("{key:?}"),
        None => "(not shown, as long as a secret: were the key and the secret swapped?)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chmod_for(path: &str) -> String {
        let message = CredentialsError::KeyFilePermissions {
            path: path.to_owned(),
            mode: 0o644,
        }
        .to_string();
        let (_, command) = message.split_once("run `").unwrap();
        command.strip_suffix('`').unwrap().to_owned()
    }

    #[test]
    fn the_chmod_a_key_file_error_gives_runs_as_written_in_a_posix_shell() {
        assert_eq!(
            chmod_for("/etc/livekit/keys-v2_1.yaml"),
            "chmod 600 /etc/livekit/keys-v2_1.yaml"
        );
        for (path, word) in [
            ("/tmp/x/my keys.yaml", "'/tmp/x/my keys.yaml'"),
            ("/tmp/it's.yaml", r"'/tmp/it'\''s.yaml'"),
            ("$HOME/k;rm *`x`", "'$HOME/k;rm *`x`'"),
            ("~/keys.yaml", "'~/keys.yaml'"),
            ("/tmp/ключи.yaml", "'/tmp/ключи.yaml'"),
            ("", "''"),
            ("-k.yaml", "./-k.yaml"),
            ("-my keys", "'./-my keys'"),
        ] {
            assert_eq!(chmod_for(path), format!("chmod 600 {word}"), "{path}");
        }
        // A path that cannot be written as it is gets no command, and is shown escaped.
        for path in [
            "/tmp/nl\nx.yaml",
            "/tmp/\u{1b}[31mk",
            "/tmp/\u{fffd}k",
            "/tmp/\u{2028}k",
            "/tmp/\u{202e}lmay.exe",
        ] {
            let message = CredentialsError::KeyFilePermissions {
                path: path.into(),
                mode: 0o644,
            }
            .to_string();
            assert!(
                !message.contains("run `")
                    && !message.contains(['\n', '\u{1b}', '\u{2028}', '\u{202e}']),
                "{message}"
            );
            assert!(message.ends_with("(`chmod 600` on it)"), "{message}");
        }
        let message = CredentialsError::KeyFileIo {
            path: "/tmp/nl\nx.yaml".into(),
            error: std::io::ErrorKind::NotFound.into(),
        }
        .to_string();
        assert!(
            message.starts_with(r"cannot read key file /tmp/nl\nx.yaml: "),
            "{message}"
        );
        // The system's error gets the way out; this crate's carry their own.
        let missing = CredentialsError::KeyFileIo {
            path: "/tmp/k.yaml".into(),
            error: std::io::Error::from_raw_os_error(2),
        }
        .to_string();
        assert!(
            missing.ends_with(": check the path, and that this user may read the file"),
            "{missing}"
        );
        // The path itself is still said as it is.
        let message = CredentialsError::KeyFilePermissions {
            path: "/tmp/x/my keys.yaml".into(),
            mode: 0o644,
        }
        .to_string();
        assert!(
            message.starts_with("key file /tmp/x/my keys.yaml has mode 644"),
            "{message}"
        );
    }
}

//! The LiveKit server's key list format: one `key: secret` pair per line (a flat YAML
//! map), as in `LIVEKIT_KEYS` and the server's `key_file`.
//!
//! Only the flat form the server documents is read: blank lines and `#` comments are
//! skipped, each value may be wrapped in single or double quotes, and spaces and tabs
//! around keys and values are trimmed, as YAML trims them (so a secret never ends in a
//! stray newline); a byte order mark starting the text is dropped, as YAML drops it. Other
//! white space (U+00A0, U+3000) starting or ending an unquoted key or value, which YAML
//! keeps, is a syntax error, as most likely pasted in; quoted, it is kept. Anything else,
//! such as nested maps, flow or block collections, anchors, tags, a tab in a line's
//! indentation, control characters other than a tab, line breaks other than `\n` and `\r\n`
//! (YAML also breaks at a lone `\r`, NEL, U+2028 and U+2029), a byte order mark elsewhere
//! or a tab after the colon (on which YAML readers differ), is a syntax error rather than a
//! guess. A value YAML reads as null (nothing, only a comment, `~` or `null`) is refused as
//! no secret: a key file left as a template (`APIkey: # paste the secret here`) has none,
//! and its comment must not become one.

use std::collections::HashSet;

use self::plain_scalar::reads_as_other_than_text;
use super::secret::ApiSecret;
use super::{Credentials, MIN_SECRET_LEN};
use crate::error::CredentialsError;

mod plain_scalar;

/// The white space YAML takes off a line and off the ends of an unquoted key or value:
/// space and tab only. `str::trim` takes Unicode's (U+00A0, U+3000), which YAML keeps.
const BLANK: [char; 2] = [' ', '\t'];

/// YAML's merge key, which takes a map, not a secret.
const MERGE_KEY: &str = "<<";

/// A key as an error keeps it: `None` when it is as long as a secret, which it may be (a key
/// and secret swapped).
pub(crate) fn key_to_show(key: &str) -> Option<String> {
    (key.len() < MIN_SECRET_LEN).then(|| key.to_owned())
}

/// A key as `Debug` shows it, by the same rule as [`key_to_show`].
pub(crate) struct DebugKey<'a>(pub(crate) &'a str);

impl std::fmt::Debug for DebugKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match key_to_show(self.0) {
            Some(key) => key.fmt(f),
            None => f.write_str("<not shown: as long as a secret>"),
        }
    }
}

/// One parsed `key: secret` pair, and the line it is on.
pub(crate) struct KeyEntry {
    pub(crate) api_key: String,
    pub(crate) secret: ApiSecret,
    line: usize,
}

impl KeyEntry {
    /// The entry's credentials; a secret they refuse is told by its line in `source_name`,
    /// so that in a list of several the user knows which one.
    pub(crate) fn into_credentials(
        self,
        source_name: &str,
        enforce_length: bool,
    ) -> Result<Credentials, CredentialsError> {
        let line = self.line;
        let source_name = || source_name.to_owned();
        Credentials::build(&self.api_key, self.secret, enforce_length).map_err(|e| match e {
            CredentialsError::EmptySecret => CredentialsError::KeyListNoSecret {
                source_name: source_name(),
                line,
            },
            CredentialsError::WeakSecret { len } => CredentialsError::KeyListWeakSecret {
                source_name: source_name(),
                line,
                len,
            },
            other => other,
        })
    }
}

/// Parses a key list. `source_name` only labels errors; no error carries a secret.
pub(crate) fn parse_key_list(
    text: &str,
    source_name: &str,
) -> Result<Vec<KeyEntry>, CredentialsError> {
    let syntax_at = |index: usize| CredentialsError::KeyListSyntax {
        source_name: source_name.to_owned(),
        line: index.saturating_add(1),
    };
    // YAML drops one byte order mark at the start of the text (Windows editors write one);
    // anywhere else readers differ on it, so `unreadable` refuses it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(index) = unreadable_line(text) {
        return Err(syntax_at(index));
    }
    let mut entries: Vec<KeyEntry> = Vec::new();
    let mut seen = HashSet::new();
    let mut indent = None;
    let mut lines = text.lines().enumerate();
    while let Some((index, raw)) = lines.next() {
        let line = raw.trim_matches(BLANK);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let syntax = || syntax_at(index);
        // Every pair sits at the map's one indentation: a deeper line would belong to a
        // nested map, which the server's YAML reads differently from a flat list.
        let depth = indent_of(raw);
        if *indent.get_or_insert(depth) != depth {
            return Err(syntax());
        }
        // YAML needs white space after the colon (a space: YAML readers differ on a tab);
        // keys may not contain ": ". `key:` alone has a null value, unless the lines after
        // it hold its value: a deeper line, or a list item.
        let (key, value) = match line.split_once(": ") {
            Some(pair) => pair,
            None => match line.strip_suffix(':') {
                Some(key) if !value_follows(lines.clone(), depth) => (key, ""),
                _ => return Err(syntax()),
            },
        };
        // A comment in an unquoted key would leave YAML a key with no colon after it.
        let key = key.trim_matches(BLANK);
        if !key.starts_with(['"', '\'']) && comment_start(key).is_some() {
            return Err(syntax());
        }
        let key = scalar(key).ok_or_else(syntax)?;
        let value = value.trim_matches(BLANK);
        if reads_as_null(value) {
            return Err(CredentialsError::KeyListNoSecret {
                source_name: source_name.to_owned(),
                line: index.saturating_add(1),
            });
        }
        let quoted = value.starts_with(['"', '\'']);
        let value = scalar(value).ok_or_else(syntax)?;
        if key.is_empty() || key == MERGE_KEY {
            return Err(syntax());
        }
        if !quoted && reads_as_other_than_text(value) {
            return Err(CredentialsError::KeyListSecretNotText {
                source_name: source_name.to_owned(),
                line: index.saturating_add(1),
            });
        }
        if !seen.insert(key) {
            return Err(CredentialsError::DuplicateKey {
                key: key_to_show(key),
                source_name: source_name.to_owned(),
            });
        }
        entries.push(KeyEntry {
            api_key: key.to_owned(),
            secret: ApiSecret::from(value),
            line: index.saturating_add(1),
        });
    }
    Ok(entries)
}

/// The index of the first line holding a character on which the server's YAML reader and
/// this parser would part, or a tab in its indentation.
fn unreadable_line(text: &str) -> Option<usize> {
    // Lines as `str::lines` splits them, `\r\n` ending one as `\n` does; any other `\r`
    // stays in its line for `unreadable` to find.
    text.split_inclusive('\n').position(|piece| {
        let line = piece
            .strip_suffix('\n')
            .map_or(piece, |line| line.strip_suffix('\r').unwrap_or(line));
        // YAML refuses a tab where it reads a line's indentation, blank and comment lines
        // included; it passes over one only in a blank line within an unquoted value,
        // deeper than the map, where refusing it costs nothing.
        line.chars().any(unreadable) || line.trim_start_matches(' ').starts_with('\t')
    })
}

/// A character on which the server's YAML reader and this parser would part: one the
/// reader refuses (a control character, C0, DEL or C1, other than a tab or a line break;
/// the noncharacters U+FFFE and U+FFFF), a line break to YAML that `str::lines` reads as
/// text (`\r` not before `\n`, NEL U+0085, U+2028, U+2029), or a byte order mark past the
/// start, on which readers differ.
fn unreadable(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A YAML scalar as the server would read it, or `None` where it would read something
/// else (a collection, an anchor, a tag, a null) or refuse the line.
fn scalar(s: &str) -> Option<&str> {
    for q in ['"', '\''] {
        if let Some(rest) = s.strip_prefix(q) {
            let (inner, after) = rest.split_once(q)?;
            // YAML would decode escapes in double quotes; rather than guess, refuse them.
            if q == '"' && inner.contains('\\') {
                return None;
            }
            let after = after.trim_start_matches(BLANK);
            // Only a comment may follow the closing quote.
            return (after.is_empty() || after.starts_with('#')).then_some(inner);
        }
    }
    // An unquoted trailing comment (`key: secret # note`) is YAML; keep the secret only.
    let plain = match comment_start(s) {
        Some(end) => s.get(..end)?.trim_end_matches(BLANK),
        None => s,
    };
    // A plain scalar cannot start with an indicator (`-`, `?` and `:` only standing alone).
    let indicator = plain.starts_with([
        '{', '}', '[', ']', ',', '|', '>', '&', '*', '!', '%', '@', '`',
    ]) || ['-', '?', ':'].into_iter().any(|i| alone(plain, i));
    let null = matches!(plain, "~" | "null" | "Null" | "NULL");
    // YAML keeps other white space (U+00A0, U+3000) at a plain scalar's ends; unseen
    // there, and taken off by `str::trim` in other tools reading the same secret, it was
    // most likely pasted in, so it is refused rather than kept (quoted, it is kept).
    let pasted = plain.starts_with(char::is_whitespace) || plain.ends_with(char::is_whitespace);
    // `:` then a space or tab, or at the end, would end the scalar for YAML.
    let colon = plain.contains(": ") || plain.contains(":\t") || plain.ends_with(':');
    (!plain.is_empty() && !indicator && !null && !pasted && !colon).then_some(plain)
}

/// Whether `s` starts with the indicator `c` standing alone, as YAML reads it: at the end,
/// or before a space or a tab.
fn alone(s: &str, c: char) -> bool {
    s.strip_prefix(c)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(BLANK))
}

/// Whether YAML reads an unquoted value as null: nothing, only a comment, or `~` or `null`
/// (a comment may follow).
fn reads_as_null(value: &str) -> bool {
    let plain = match comment_start(value) {
        Some(end) => value.get(..end).unwrap_or(value).trim_end_matches(BLANK),
        None => value,
    };
    plain.is_empty() || plain.starts_with('#') || matches!(plain, "~" | "null" | "Null" | "NULL")
}

/// Whether the next line that is neither blank nor a comment is the value of a `key:` at
/// `depth`: deeper (a nested map, or a scalar continued), or a list item (`- `), which YAML
/// lets stand at the key's own depth.
fn value_follows<'a>(mut rest: impl Iterator<Item = (usize, &'a str)>, depth: usize) -> bool {
    rest.find(|(_, raw)| {
        let line = raw.trim_matches(BLANK);
        !line.is_empty() && !line.starts_with('#')
    })
    .is_some_and(|(_, raw)| {
        let line = raw.trim_matches(BLANK);
        indent_of(raw) > depth || alone(line, '-')
    })
}

fn indent_of(raw: &str) -> usize {
    raw.len()
        .saturating_sub(raw.trim_start_matches(BLANK).len())
}

/// Where a `#` comment starts: after white space, as a `#` inside a word is part of it.
fn comment_start(s: &str) -> Option<usize> {
    s.as_bytes()
        .windows(2)
        .position(|w| matches!(w, [b' ' | b'\t', b'#']))
}

#[cfg(test)]
mod tests;

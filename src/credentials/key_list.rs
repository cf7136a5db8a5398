//! The LiveKit server's key list format: one `key: secret` pair per line (a flat YAML
//! map), as in `LIVEKIT_KEYS` and the server's `key_file`.
//!
//! Only the flat form the server documents is read: blank lines and `#` comments are
//! skipped, each value may be wrapped in single or double quotes, and white space around
//! keys and values is trimmed (so a secret never ends in a stray newline). Anything else,
//! such as nested maps, flow or block collections, anchors, tags or a tab after the colon
//! (on which YAML readers differ), is a syntax error rather than a guess. A value YAML
//! reads as null (nothing, only a comment, `~` or `null`) is refused as no secret: a key
//! file left as a template (`APIkey: # paste the secret here`) has none, and its comment
//! must not become one.

use std::collections::HashSet;

use super::secret::ApiSecret;
use crate::error::CredentialsError;

/// One parsed `key: secret` pair.
pub(crate) struct KeyEntry {
    pub(crate) api_key: String,
    pub(crate) secret: ApiSecret,
}

/// Parses a key list. `source_name` only labels errors; no error carries a secret.
pub(crate) fn parse_key_list(
    text: &str,
    source_name: &str,
) -> Result<Vec<KeyEntry>, CredentialsError> {
    let mut entries: Vec<KeyEntry> = Vec::new();
    let mut seen = HashSet::new();
    let mut indent = None;
    let mut lines = text.lines().enumerate();
    while let Some((index, raw)) = lines.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let syntax = || CredentialsError::KeyListSyntax {
            source_name: source_name.to_owned(),
            line: index.saturating_add(1),
        };
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
        let key = key.trim();
        if !key.starts_with(['"', '\'']) && comment_start(key).is_some() {
            return Err(syntax());
        }
        let key = scalar(key).ok_or_else(syntax)?;
        let value = value.trim();
        if reads_as_null(value) {
            return Err(CredentialsError::KeyListNoSecret {
                source_name: source_name.to_owned(),
                line: index.saturating_add(1),
            });
        }
        let value = scalar(value).ok_or_else(syntax)?;
        if key.is_empty() {
            return Err(syntax());
        }
        if !seen.insert(key) {
            return Err(CredentialsError::DuplicateKey {
                key: key.to_owned(),
                source_name: source_name.to_owned(),
            });
        }
        entries.push(KeyEntry {
            api_key: key.to_owned(),
            secret: ApiSecret::from(value),
        });
    }
    Ok(entries)
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
            let after = after.trim_start();
            // Only a comment may follow the closing quote.
            return (after.is_empty() || after.starts_with('#')).then_some(inner);
        }
    }
    // An unquoted trailing comment (`key: secret # note`) is YAML; keep the secret only.
    let plain = match comment_start(s) {
        Some(end) => s.get(..end)?.trim_end(),
        None => s,
    };
    // A plain scalar cannot start with an indicator (`-`, `?` and `:` only before a space).
    let indicator = plain.starts_with([
        '{', '}', '[', ']', ',', '|', '>', '&', '*', '!', '%', '@', '`',
    ]) || ["-", "?", ":"]
        .iter()
        .any(|i| plain == *i || plain.starts_with(&format!("{i} ")));
    let null = matches!(plain, "~" | "null" | "Null" | "NULL");
    (!plain.is_empty() && !indicator && !null && !plain.contains(": ") && !plain.ends_with(':'))
        .then_some(plain)
}

/// Whether YAML reads an unquoted value as null: nothing, only a comment, or `~` or `null`
/// (a comment may follow).
fn reads_as_null(value: &str) -> bool {
    let plain = match comment_start(value) {
        Some(end) => value.get(..end).unwrap_or(value).trim_end(),
        None => value,
    };
    plain.is_empty() || plain.starts_with('#') || matches!(plain, "~" | "null" | "Null" | "NULL")
}

/// Whether the next line that is neither blank nor a comment is the value of a `key:` at
/// `depth`: deeper (a nested map, or a scalar continued), or a list item (`- `), which YAML
/// lets stand at the key's own depth.
fn value_follows<'a>(mut rest: impl Iterator<Item = (usize, &'a str)>, depth: usize) -> bool {
    rest.find(|(_, raw)| {
        let line = raw.trim();
        !line.is_empty() && !line.starts_with('#')
    })
    .is_some_and(|(_, raw)| {
        let line = raw.trim();
        indent_of(raw) > depth || line == "-" || line.starts_with("- ")
    })
}

fn indent_of(raw: &str) -> usize {
    raw.len().saturating_sub(raw.trim_start().len())
}

/// Where a `#` comment starts: after white space, as a `#` inside a word is part of it.
fn comment_start(s: &str) -> Option<usize> {
    s.as_bytes()
        .windows(2)
        .position(|w| matches!(w, [b' ' | b'\t', b'#']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn parses_flat_map_with_comments_quotes_and_trailing_newlines() {
        let text = "# keys\nAPIa: secretA\n\nAPIb: \"quoted: secret\"\nAPIc: 'single'   # note\r\n";
        let entries = parse_key_list(text, "test").unwrap();
        let pairs: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.api_key.as_str(), e.secret.expose_secret()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("APIa", "secretA"),
                ("APIb", "quoted: secret"),
                ("APIc", "single")
            ]
        );
    }

    #[test]
    fn l05_duplicate_key_is_refused() {
        let err = parse_key_list("APIa: one\nAPIa: two\n", "keys.yaml").err();
        assert!(
            matches!(err, Some(CredentialsError::DuplicateKey { ref key, .. }) if key == "APIa")
        );
    }

    #[test]
    fn l05_trailing_newline_is_trimmed_from_the_secret() {
        // `\r\n` endings, and spaces and tabs on either side of key and secret.
        let entries = parse_key_list("  APIa:   secret \t\r\n  APIb: \tother  \n", "t").unwrap();
        assert_eq!(entries[0].api_key, "APIa");
        assert_eq!(entries[0].secret.expose_secret(), "secret");
        assert_eq!(entries[1].api_key, "APIb");
        assert_eq!(entries[1].secret.expose_secret(), "other");
    }

    #[test]
    fn syntax_errors_name_the_line_and_never_the_secret() {
        let err = parse_key_list("APIa: ok\nnot-a-pair-CANARY\n", "keys.yaml")
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("line 2"), "{msg}");
        assert!(!msg.contains("CANARY"), "{msg}");
        assert!(parse_key_list("APIa: \"unterminated\n", "t").is_err());
        // YAML would decode `\\` in double quotes; refused rather than read differently.
        assert!(parse_key_list("APIa: \"ab\\\\cd\"\n", "t").is_err());
        assert!(parse_key_list("APIa: 'ab\\cd'\n", "t").is_ok());
    }

    #[test]
    fn what_the_servers_yaml_reads_otherwise_is_a_syntax_error() {
        for text in [
            "livekit:\n  APIa: secret-0123456789\n", // a nested map
            "APIa: s1\n  APIb: s2\n",                // a deeper line
            "{APIa: secret}\n",                      // a flow map
            "APIa: [secret]\n",                      // a flow sequence
            "APIa: |\n  secret\n",                   // a block scalar
            "APIa: &anchor secret\n",
            "APIa: !tag secret\n",
            "APIa: - secret\n",
            "APIa: x: y\n",                        // a map where the secret would be
            "APIa:\n  # note\n\n  APIb: secret\n", // a nested map's start
            "APIa:\n# note\n\n  APIb: secret\n",   // past a comment and a blank line
            "APIa:\n  secret-0123456789\n",        // a scalar continued
            "APIa:\n- secret-0123456789\n",        // a list
            "APIa:\t# note\n",                     // a tab after the colon
        ] {
            assert!(
                matches!(
                    parse_key_list(text, "t").err(),
                    Some(CredentialsError::KeyListSyntax { .. })
                ),
                "{text:?}"
            );
        }
        // A map indented as a whole is the same flat map; a tab starts a comment too;
        // indicators inside a plain scalar are part of it.
        let entries = parse_key_list("  APIa: s-1:x#y\t# note\n  APIb: -s2\n", "t").unwrap();
        let pairs: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.api_key.as_str(), e.secret.expose_secret()))
            .collect();
        assert_eq!(pairs, [("APIa", "s-1:x#y"), ("APIb", "-s2")]);
    }
}

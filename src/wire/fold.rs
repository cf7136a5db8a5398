//! The LiveKit server's case folding of member names, so the verifier and the minter can
//! refuse names it would read differently from a careful reader.
//!
//! The server decodes the claims and each grant object into Go structs with
//! `encoding/json`, which matches member names to struct fields case-insensitively: it
//! honours an upper-case `VIDEO` as the video grant, and a lone `CanPublish` as the
//! video grant's publish flag. Maps (attributes, tags) and protojson (the room configuration) are
//! case-sensitive on the server too, so only the top level and the grant objects are
//! folded.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::claims::ALSO_READ_BY_THE_SERVER;
use super::{ClaimMember, Claims};

/// Names differ only in case where the server folds them together, or fold onto a known
/// member they are not spelt as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ambiguous;

const TOP_LEVEL_COUNT: usize = Claims::KEYS.len() + ALSO_READ_BY_THE_SERVER.len();

/// Top-level names the server reads into its claims struct: every [`Claims`] member, the
/// audience and Go's `identity`.
// Built at compile time: an index out of bounds fails the build, never a caller's process.
#[allow(clippy::indexing_slicing)]
pub(crate) const TOP_LEVEL_KEYS: [&str; TOP_LEVEL_COUNT] = {
    let mut keys = [""; TOP_LEVEL_COUNT];
    let mut i = 0;
    while i < Claims::KEYS.len() {
        keys[i] = Claims::KEYS[i];
        i += 1;
    }
    let mut j = 0;
    while j < ALSO_READ_BY_THE_SERVER.len() {
        keys[i + j] = ALSO_READ_BY_THE_SERVER[j];
        j += 1;
    }
    keys
};

/// Checks a claims object the way the server will fold it: the top level, and each grant
/// object the server reads into a struct.
pub(crate) fn check_claims(map: &Map<String, Value>) -> Result<(), Ambiguous> {
    check_struct_keys(map, &TOP_LEVEL_KEYS)?;
    for (name, value) in map {
        if let Value::Object(inner) = value
            && let Some(keys) = ClaimMember::from_name(name).and_then(ClaimMember::struct_keys)
        {
            check_struct_keys(inner, keys)?;
        }
    }
    Ok(())
}

/// Go's `encoding/json` folds an ASCII letter to its upper case and any other character
/// to the smallest one of its simple case-folding orbit (`unicode.SimpleFold`). Every
/// known name is ASCII, and the only non-ASCII characters whose orbit holds an ASCII
/// letter are U+017F (ſ, with s) and U+212A (Kelvin sign, with k); a name holding any
/// other non-ASCII character (`İ` and `ı` included: each is its own orbit) can never
/// match a known name. Folded here to lower case, which decides the same pairs.
pub(crate) fn go_fold(name: &str) -> Option<String> {
    name.chars()
        .map(|c| match c {
            '\u{017F}' => Some('s'),
            '\u{212A}' => Some('k'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// In an object the server reads into a struct: no two names may fold together, and a name
/// that folds onto a known member must be spelt exactly as the wire writes it. Linear in
/// the number of members.
pub(crate) fn check_struct_keys(map: &Map<String, Value>, known: &[&str]) -> Result<(), Ambiguous> {
    // The common case, a handful of ASCII names, needs no allocation; anything larger or
    // non-ASCII is hashed, so hostile input stays linear.
    if map.len() <= SMALL_OBJECT && map.keys().all(|k| k.is_ascii()) {
        let twins = map.keys().enumerate().any(|(i, a)| {
            map.keys()
                .skip(i.saturating_add(1))
                .any(|b| a.eq_ignore_ascii_case(b))
        });
        if twins || map.keys().any(|n| shadows_known(n, n, known)) {
            return Err(Ambiguous);
        }
        return Ok(());
    }
    let mut folded = HashSet::with_capacity(map.len());
    for name in map.keys() {
        let Some(fold) = go_fold(name) else {
            continue;
        };
        if shadows_known(name, &fold, known) || !folded.insert(fold) {
            return Err(Ambiguous);
        }
    }
    Ok(())
}

/// Objects up to this many members are checked pairwise, without allocating.
pub(crate) const SMALL_OBJECT: usize = 16;

/// Whether `name`, folded to `fold`, is not a known member as spelt but folds onto one:
/// the server would honour `"CanPublish"` as `canPublish` where a careful reader ignores
/// it. Most names are spelt exactly as a known member, so only the others are compared.
pub(crate) fn shadows_known(name: &str, fold: &str, known: &[&str]) -> bool {
    !known.contains(&name) && known.iter().any(|k| k.eq_ignore_ascii_case(fold))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::VideoClaims;

    fn check(json: &str) -> Result<(), Ambiguous> {
        check_claims(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn case_twins_and_shadows_are_refused_where_the_server_folds() {
        assert_eq!(check(r#"{"video":{},"VIDEO":{}}"#), Err(Ambiguous));
        assert_eq!(check(r#"{"Sub":"x"}"#), Err(Ambiguous));
        assert_eq!(check(r#"{"Identity":"x"}"#), Err(Ambiguous));
        assert_eq!(check(r#"{"video":{"CanPublish":false}}"#), Err(Ambiguous));
        assert_eq!(check(r#"{"sip":{"ADMIN":true}}"#), Err(Ambiguous));
        assert_eq!(
            check(r#"{"\u017fub":"x"}"#),
            Err(Ambiguous),
            "ſ folds onto s"
        );
        // Maps and protojson are case-sensitive on the server: not folded.
        assert_eq!(check(r#"{"attributes":{"a":"1","A":"2"}}"#), Ok(()));
        assert_eq!(check(r#"{"roomConfig":{"name":"a","Name":"b"}}"#), Ok(()));
        assert_eq!(
            check(r#"{"video":{"canPublish":false},"x":1,"y":2}"#),
            Ok(())
        );
    }

    #[test]
    fn only_long_s_and_the_kelvin_sign_fold_onto_ascii_as_in_go() {
        assert_eq!(go_fold("\u{17F}UB").as_deref(), Some("sub"));
        assert_eq!(go_fold("\u{212A}ind").as_deref(), Some("kind"));
        for alone in ["\u{130}ss", "\u{131}dentity", "na\u{EF}ve"] {
            assert_eq!(
                go_fold(alone),
                None,
                "{alone}: its own orbit, never a known name"
            );
        }
        assert_eq!(check(r#"{"\u212Aind":"agent"}"#), Err(Ambiguous));
        assert_eq!(
            check(r#"{"iss":"k","\u0130ss":"x","\u0131ss":"y"}"#),
            Ok(()),
            "Go reads İss and ıss as members of their own"
        );
    }

    #[test]
    fn the_top_level_names_are_every_claim_and_what_else_the_server_reads() {
        for name in Claims::KEYS.iter().chain(&ALSO_READ_BY_THE_SERVER) {
            assert!(TOP_LEVEL_KEYS.contains(name), "{name}");
        }
        assert!(!TOP_LEVEL_KEYS.contains(&""));
    }

    #[test]
    fn no_two_known_names_fold_together() {
        for known in [&TOP_LEVEL_KEYS[..], VideoClaims::KEYS] {
            for (i, a) in known.iter().enumerate() {
                for b in &known[i + 1..] {
                    assert!(!a.eq_ignore_ascii_case(b), "{a} and {b}");
                }
            }
        }
    }

    #[test]
    fn large_and_non_ascii_objects_take_the_hashed_path_with_the_same_verdicts() {
        let mut many: Map<String, Value> =
            (0..40).map(|i| (format!("k{i}"), Value::Null)).collect();
        assert_eq!(check_struct_keys(&many, VideoClaims::KEYS), Ok(()));
        many.insert("K7".into(), Value::Null);
        assert_eq!(check_struct_keys(&many, VideoClaims::KEYS), Err(Ambiguous));
        let mut shadow: Map<String, Value> =
            (0..40).map(|i| (format!("k{i}"), Value::Null)).collect();
        shadow.insert("ROOMJOIN".into(), Value::Null);
        assert_eq!(
            check_struct_keys(&shadow, VideoClaims::KEYS),
            Err(Ambiguous)
        );
        let accented: Map<String, Value> = [("é".into(), Value::Null), ("É".into(), Value::Null)]
            .into_iter()
            .collect();
        assert_eq!(
            check_struct_keys(&accented, VideoClaims::KEYS),
            Ok(()),
            "never a known name"
        );
    }
}

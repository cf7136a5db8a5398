//! One wire vocabulary: each member name a token carries is spelt in its table and, at
//! most, in one more file of the library (its documentation); never in a reader, a writer
//! or a check of its own. Counted in the library's code and docs: unit tests (which need
//! JSON literals) and the command-line tool's help are not the library.

use livekit_access_token::*;

mod common;

/// Every key of every table: the claims and each grant object.
fn all_keys() -> Vec<&'static str> {
    [
        Claims::KEYS,
        VideoClaims::KEYS,
        SipGrant::KEYS,
        AgentGrant::KEYS,
        AgentEndpointGrant::KEYS,
        AgentThreadGrant::KEYS,
        InferenceGrant::KEYS,
        ObservabilityGrant::KEYS,
    ]
    .concat()
}

/// Files that spell another vocabulary's names which coincide with a claim's key: the token
/// endpoint's request fields (`livekit.TokenSourceRequest`), whose JSON name `roomConfig`
/// is its own field's, spelt once there.
const OTHER_VOCABULARIES: &[&str] = &["token_source/request.rs"];

fn mentions(code: &str, key: &str) -> bool {
    code.match_indices(key).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + key.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// Keys written in camelCase are never a Rust name or an English word, so every mention
/// is a spelling of the key. (All-lowercase keys such as `room` or `name` are also plain
/// words and the names of other vocabularies' members; they are spelt once in code too,
/// through the tables, but a text search cannot tell their mentions apart.)
#[test]
fn every_camel_case_key_is_spelt_in_its_table_and_at_most_one_more_file() {
    let sources: Vec<_> = common::library_sources()
        .into_iter()
        .filter(|(path, _)| !OTHER_VOCABULARIES.contains(&path.as_str()))
        .collect();
    assert!(sources.len() > 30, "found the library's sources");
    let camel: Vec<&str> = all_keys()
        .into_iter()
        .filter(|k| k.chars().any(|c| c.is_ascii_uppercase()))
        .collect();
    assert!(camel.len() >= 20, "{camel:?}");
    for key in camel {
        let files: Vec<&str> = sources
            .iter()
            .filter(|(_, code)| mentions(code, key))
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(
            !files.is_empty() && files.len() <= 2,
            "{key} is spelt in {files:?}"
        );
    }
}

#[test]
fn the_tables_spell_each_key_once_per_object() {
    for keys in [
        Claims::KEYS,
        VideoClaims::KEYS,
        AgentThreadGrant::KEYS,
        AgentGrant::KEYS,
    ] {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len(), "{keys:?}");
    }
}

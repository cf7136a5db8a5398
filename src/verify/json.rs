//! Strict JSON for untrusted token segments: every object, at every depth, is checked for
//! duplicate member names; the objects the LiveKit server reads into Go structs are also
//! checked for names that differ only in case.
//!
//! RFC 7515 §4 lets a parser reject duplicates; the LiveKit server (Go `encoding/json`)
//! instead takes the last one, and matches struct field names case-insensitively, so
//! `{"video":{..},"VIDEO":{"roomAdmin":true}}` or a lone `"CanPublish":false` mean different
//! things to different parsers. Refusing those shapes removes the parser differential.
//! Maps (`attributes`, `tags`) and protojson (`roomConfig`) are case-sensitive on the server
//! too, so only the top level and the grant objects are folded.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{Malformed, VerifyError};

const DUPLICATE: &str = "livekit-access-token: duplicate member";

/// Objects the server decodes into Go structs, whose field names it matches the way Go's
/// `encoding/json` does (case-insensitively), with the wire names of their fields.
pub(crate) const STRUCT_OBJECTS: [(&str, &[&str]); 7] = [
    ("video", &VIDEO_KEYS),
    ("sip", &["admin", "call"]),
    (
        "agent",
        &["admin", "simulationAdmin", "databaseAdmin", "dispatchAdmin"],
    ),
    ("agentEndpoint", &["call", "agentName", "deployment"]),
    (
        "agentThread",
        &[
            "all",
            "scope",
            "threadIds",
            "list",
            "create",
            "write",
            "read",
            "delete",
        ],
    ),
    ("inference", &["perform"]),
    ("observability", &["write"]),
];

/// The `video` grant's wire names.
pub(crate) const VIDEO_KEYS: [&str; 18] = [
    "roomCreate",
    "roomList",
    "roomRecord",
    "roomAdmin",
    "roomJoin",
    "room",
    "canPublish",
    "canSubscribe",
    "canPublishData",
    "canPublishSources",
    "canUpdateOwnMetadata",
    "ingressAdmin",
    "hidden",
    "recorder",
    "agent",
    "canSubscribeMetrics",
    "canManageAgentSession",
    "destinationRoom",
];

/// Top-level names the server reads into its claims struct (Go's `ClaimGrants` and the
/// registered claims).
pub(crate) const TOP_LEVEL_KEYS: [&str; 23] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "identity",
    "name",
    "kind",
    "kindDetails",
    "video",
    "sip",
    "agent",
    "agentEndpoint",
    "agentThread",
    "inference",
    "observability",
    "roomPreset",
    "roomConfig",
    "metadata",
    "attributes",
    "sha256",
];

/// Parses a claims object strictly (see the module docs).
pub(crate) fn parse_claims(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    let map = parse_object(bytes)?;
    check_struct_keys(&map, &TOP_LEVEL_KEYS)?;
    for (name, keys) in STRUCT_OBJECTS {
        if let Some(Value::Object(inner)) = map.get(name) {
            check_struct_keys(inner, keys)?;
        }
    }
    Ok(map)
}

/// Go folds a name by mapping each character through `ToUpper(ToLower(c))`. Every known
/// name is ASCII, and the only non-ASCII characters that fold onto ASCII letters are
/// U+017F (ſ, onto s), U+212A (Kelvin sign, onto k) and U+0130 (İ, onto i); a name holding
/// any other non-ASCII character can never match a known name.
pub(crate) fn go_fold(name: &str) -> Option<String> {
    name.chars()
        .map(|c| match c {
            '\u{017F}' => Some('s'),
            '\u{212A}' => Some('k'),
            '\u{0130}' => Some('i'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// In an object the server reads into a struct: no two names may fold together, and a name
/// that folds onto a known field must be spelt exactly as the wire writes it, since the
/// server would honour `"CanPublish"` as `canPublish` where a careful reader ignores it.
/// Linear in the number of members.
pub(crate) fn check_struct_keys(
    map: &Map<String, Value>,
    known: &[&str],
) -> Result<(), VerifyError> {
    let ambiguous = |fold: &str, name: &str| shadows_known(name, fold, known);
    // The common case, a handful of ASCII names, needs no allocation; anything larger or
    // non-ASCII is hashed, so hostile input stays linear.
    if map.len() <= SMALL_OBJECT && map.keys().all(|k| k.is_ascii()) {
        let names: Vec<&str> = map.keys().map(String::as_str).collect();
        let twins = names
            .iter()
            .enumerate()
            .any(|(i, a)| names.iter().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)));
        if twins || names.iter().any(|n| ambiguous(n, n)) {
            return Err(VerifyError::Malformed(Malformed::AmbiguousClaim));
        }
        return Ok(());
    }
    let mut folded = HashSet::with_capacity(map.len());
    for name in map.keys() {
        let Some(fold) = go_fold(name) else {
            continue;
        };
        if ambiguous(&fold, name) || !folded.insert(fold) {
            return Err(VerifyError::Malformed(Malformed::AmbiguousClaim));
        }
    }
    Ok(())
}

/// Objects up to this many members are checked pairwise, without allocating.
pub(crate) const SMALL_OBJECT: usize = 16;

/// Whether `name`, folded to `fold`, is not a known field as spelt but folds onto one:
/// the server would honour `"CanPublish"` as `canPublish` where a careful reader ignores
/// it. Most names are spelt exactly as a known field, so only the others are compared.
pub(crate) fn shadows_known(name: &str, fold: &str, known: &[&str]) -> bool {
    !known.contains(&name) && known.iter().any(|k| k.eq_ignore_ascii_case(fold))
}

/// Parses a JSON object, refusing duplicate member names at any depth.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(Value::Object(map))) => Ok(map),
        Ok(_) => Err(VerifyError::Malformed(Malformed::Json)),
        Err(e) => {
            let msg = e.to_string();
            Err(VerifyError::Malformed(if msg.contains(DUPLICATE) {
                Malformed::DuplicateMember
            } else {
                Malformed::Json
            }))
        }
    }
}

/// A JSON value parsed with duplicate member names refused at every depth.
pub(crate) struct Strict(pub(crate) Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let Strict(value) = access.next_value()?;
            if map.contains_key(&key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<Malformed> {
        match parse_claims(s.as_bytes()) {
            Err(VerifyError::Malformed(m)) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn duplicates_and_case_folds_are_refused_at_any_depth() {
        assert_eq!(kind(r#"{"a":1,"a":2}"#), Some(Malformed::DuplicateMember));
        assert_eq!(
            kind(r#"{"v":{"x":[{"k":1,"k":1}]}}"#),
            Some(Malformed::DuplicateMember)
        );
        assert_eq!(
            kind(r#"{"video":{},"VIDEO":{}}"#),
            Some(Malformed::AmbiguousClaim)
        );
        assert_eq!(kind(r#"[1]"#), Some(Malformed::Json));
        assert_eq!(kind("\u{feff}{}"), Some(Malformed::Json));
        assert!(parse_object(br#"{"a":{"b":[1,2.5,"x",null,true]}}"#).is_ok());
    }
}

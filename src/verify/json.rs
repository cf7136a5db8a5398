//! Strict JSON for untrusted token segments: every object, at every depth, is checked for
//! duplicate member names; the objects the LiveKit server reads into Go structs are also
//! checked for names that differ only in case.
//!
//! RFC 7515 §4 lets a parser reject duplicates; the LiveKit server (Go `encoding/json`)
//! instead takes the last one, and matches struct field names case-insensitively, so
//! `{"video":{..},"VIDEO":{"roomAdmin":true}}` means different things to different parsers.
//! Refusing both shapes removes the parser differential. Maps (`attributes`, `tags`) and
//! protojson (`roomConfig`) are case-sensitive on the server too, so only the top level and
//! the grant objects are folded.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{Malformed, VerifyError};

const DUPLICATE: &str = "livekit-access-token: duplicate member";

/// Claims the server decodes into Go structs, whose field names it matches in any case.
const STRUCT_CLAIMS: [&str; 7] = [
    "video",
    "sip",
    "agent",
    "agentEndpoint",
    "agentThread",
    "inference",
    "observability",
];

/// Parses a claims object strictly (see the module docs).
pub(crate) fn parse_claims(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    let map = parse_object(bytes)?;
    no_case_twins(&map)?;
    for key in STRUCT_CLAIMS {
        if let Some(Value::Object(inner)) = map.get(key) {
            no_case_twins(inner)?;
        }
    }
    Ok(map)
}

fn no_case_twins(map: &Map<String, Value>) -> Result<(), VerifyError> {
    let ambiguous = if map.keys().all(|k| k.is_ascii()) {
        // Claims objects are small: comparing pairs beats hashing lower-cased copies.
        let keys: Vec<&String> = map.keys().collect();
        keys.iter()
            .enumerate()
            .any(|(i, a)| keys.iter().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)))
    } else {
        let mut folded = HashSet::with_capacity(map.len());
        !map.keys().all(|k| folded.insert(k.to_lowercase()))
    };
    if ambiguous {
        return Err(VerifyError::Malformed(Malformed::AmbiguousClaim));
    }
    Ok(())
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

struct Strict(Value);

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

//! Strict JSON for untrusted token segments: every object is checked for duplicate member
//! names and for names that differ only in case, at every depth.
//!
//! RFC 7515 §4 lets a parser reject duplicates; the LiveKit server (Go `encoding/json`)
//! instead takes the last one and matches names case-insensitively, so `{"video":{..},
//! "VIDEO":{"roomAdmin":true}}` means different things to different parsers. Refusing both
//! shapes removes the parser differential.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{Malformed, VerifyError};

const DUPLICATE: &str = "livekit-access-token: duplicate member";
const AMBIGUOUS: &str = "livekit-access-token: ambiguous member";

/// Parses a JSON object strictly.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(Value::Object(map))) => Ok(map),
        Ok(_) => Err(VerifyError::Malformed(Malformed::Json)),
        Err(e) => {
            let msg = e.to_string();
            Err(VerifyError::Malformed(if msg.contains(DUPLICATE) {
                Malformed::DuplicateMember
            } else if msg.contains(AMBIGUOUS) {
                Malformed::AmbiguousClaim
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
        let mut folded = HashSet::new();
        while let Some(key) = access.next_key::<String>()? {
            let Strict(value) = access.next_value()?;
            if map.contains_key(&key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            if !folded.insert(key.to_lowercase()) {
                return Err(de::Error::custom(AMBIGUOUS));
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
        match parse_object(s.as_bytes()) {
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

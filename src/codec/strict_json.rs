//! JSON for untrusted input: a member name that appears twice in one object, at any depth,
//! is refused rather than silently resolved.
//!
//! RFC 7515 §4 lets a parser reject duplicates; the LiveKit server (Go `encoding/json`)
//! takes the last one instead, and `serde_json` keeps the last one in a `Map`. Refusing them
//! removes that parser differential.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not JSON, not UTF-8, nested too deeply, or not an object.
    NotAnObject,
    /// An object names the same member twice.
    DuplicateMember,
}

/// The marker in the error text that tells a duplicate from other errors.
const DUPLICATE: &str = "livekit-access-token: duplicate member";

/// Parses a JSON object, refusing duplicate member names at any depth.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, Refused> {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(Value::Object(map))) => Ok(map),
        Ok(_) => Err(Refused::NotAnObject),
        Err(e) if e.to_string().contains(DUPLICATE) => Err(Refused::DuplicateMember),
        Err(_) => Err(Refused::NotAnObject),
    }
}

/// Whether the JSON object in `bytes` names a member twice in one object, at any depth.
/// What was read is wiped either way: a request may carry credentials.
pub(crate) fn repeats_a_member(bytes: &[u8]) -> bool {
    match parse_object(bytes) {
        Ok(mut members) => {
            members.values_mut().for_each(wipe_strings);
            false
        }
        Err(refused) => refused == Refused::DuplicateMember,
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
        let read = (|| {
            while let Some(Strict(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(())
        })();
        wiped_unless_read(read, Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        let read = (|| {
            while let Some(key) = access.next_key::<String>()? {
                let Strict(mut value) = access.next_value()?;
                if map.contains_key(&key) {
                    wipe_strings(&mut value);
                    return Err(de::Error::custom(DUPLICATE));
                }
                map.insert(key, value);
            }
            Ok(())
        })();
        wiped_unless_read(read, Value::Object(map)).map(number_if_arbitrary_precision)
    }
}

/// The one member of the map serde_json hands a visitor for a number that is not a 64-bit
/// integer (a fraction, an exponent, `-0`, a larger integer) when its
/// `arbitrary_precision` feature is on: the number's text. Any crate in a build can turn
/// the feature on, for every crate in it.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `value` as the number it stands for where serde_json's `arbitrary_precision` handed
/// a number over as a map; anything else as it is. Without the feature, such a map is an
/// object a token really holds, and stays one, as the server reads it. With it, one whose
/// text is a 64-bit integer stays an object too, as serde_json never hands those over; one
/// with any other number's text cannot be told from a number (serde_json's own `Value`
/// reads it as one).
fn number_if_arbitrary_precision(value: Value) -> Value {
    let number = match &value {
        Value::Object(map) if map.len() == 1 => match map.get(NUMBER_TOKEN) {
            Some(Value::String(text)) if !is_64_bit_integer(text) => {
                text.parse::<serde_json::Number>().ok()
            }
            _ => None,
        },
        _ => None,
    };
    match number {
        Some(number) if numbers_come_as_maps() => Value::Number(number),
        _ => value,
    }
}

/// Whether serde_json reads `text` as a 64-bit integer, which it hands to `visit_u64` or
/// `visit_i64` with the feature on too (`-0` excepted).
fn is_64_bit_integer(text: &str) -> bool {
    text.parse::<u64>().is_ok() || (text != "-0" && text.parse::<i64>().is_ok())
}

/// Whether this build's serde_json keeps a number's text, as its `arbitrary_precision`
/// feature does (the feature that hands a fraction to `visit_map`). Asked only of a map
/// shaped like a number's.
fn numbers_come_as_maps() -> bool {
    serde_json::from_str::<serde_json::Number>("0.50").is_ok_and(|read| read.to_string() == "0.50")
}

/// `value` once it is read whole; what was read of it before an error is wiped, as what the
/// minter reads back may hold egress credentials (each level of nesting wipes its own).
fn wiped_unless_read<E>(read: Result<(), E>, mut value: Value) -> Result<Value, E> {
    match read {
        Ok(()) => Ok(value),
        Err(error) => {
            wipe_strings(&mut value);
            Err(error)
        }
    }
}

/// Zeroes every string in `value` (member names are not secrets, values may be).
pub(crate) fn wipe_strings(value: &mut Value) {
    match value {
        Value::String(text) => zeroize::Zeroize::zeroize(text),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(members) => members.values_mut().for_each(wipe_strings),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth_and_only_objects_parse() {
        let refused = |s: &str| parse_object(s.as_bytes()).err();
        assert_eq!(refused(r#"{"a":1,"a":2}"#), Some(Refused::DuplicateMember));
        assert_eq!(
            refused(r#"{"v":{"x":[{"k":1,"k":1}]}}"#),
            Some(Refused::DuplicateMember)
        );
        assert_eq!(refused("[1]"), Some(Refused::NotAnObject));
        assert_eq!(refused("\u{feff}{}"), Some(Refused::NotAnObject));
        assert_eq!(refused(r#"{"a":1}x"#), Some(Refused::NotAnObject));
        // A string that merely contains the marker text is a value, not a refusal.
        assert!(parse_object(format!(r#"{{"a":"{DUPLICATE}"}}"#).as_bytes()).is_ok());
        assert!(parse_object(br#"{"a":{"b":[1,2.5,"x",null,true]}}"#).is_ok());
        assert!(repeats_a_member(br#"{"a":[{"k":1,"k":2}]}"#));
        assert!(!repeats_a_member(br#"{"a":[{"k":1},{"k":2}]}"#));
        assert!(!repeats_a_member(b"{not json"));
    }

    #[test]
    fn every_kind_of_value_reads_as_serde_json_reads_it() {
        let text = r#"{"t":true,"f":false,"neg":-7,"pos":7,"big":18446744073709551615,
            "frac":1.5,"exp":1e300,"s":"x","esc":"a\"\u00e9","n":null,"a":[1,"y",null,[]],
            "o":{"k":{}}}"#;
        let ours = parse_object(text.as_bytes()).unwrap();
        let theirs: Map<String, Value> = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn an_object_shaped_like_serde_jsons_number_map_stays_an_object() {
        // The workspace leaves `arbitrary_precision` off (tests/arbitrary_precision/ turns
        // it on): such a map is an object the token holds, as the server reads it.
        assert!(!numbers_come_as_maps());
        let text = format!(r#"{{"a":{{"{NUMBER_TOKEN}":"1.5"}}}}"#);
        let ours = parse_object(text.as_bytes()).unwrap();
        assert_eq!(ours["a"], serde_json::json!({ NUMBER_TOKEN: "1.5" }));
    }

    #[test]
    fn every_string_at_any_depth_is_zeroed_and_nothing_else_changes() {
        let mut value = serde_json::json!({
            "s3": {"secret": "S3CRET", "list": ["a", {"k": "deep"}], "n": 5, "b": true, "z": null}
        });
        wipe_strings(&mut value);
        let mut strings = Vec::new();
        fn collect<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
            match value {
                Value::String(text) => out.push(text),
                Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
                Value::Object(members) => members.values().for_each(|v| collect(v, out)),
                _ => {}
            }
        }
        collect(&value, &mut strings);
        assert_eq!(strings.len(), 3, "{value}");
        assert!(strings.iter().all(|s| s.is_empty()), "{value}");
        assert_eq!(value["s3"]["n"], 5);
        assert_eq!(value["s3"]["b"], true);
        assert!(value["s3"]["z"].is_null() && value["s3"]["list"][1]["k"] == "");
    }
}

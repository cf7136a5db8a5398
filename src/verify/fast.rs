//! The verifier's second fast reader: serde over the payload, straight into [`Claims`],
//! without building a JSON tree for the members it knows. It takes what the byte scanner
//! in [`super::scan`] leaves: escapes, unknown members, maps and nested grants.
//!
//! It only ever *accepts*. Anything it is not sure about (a name with escapes or non-ASCII
//! characters, a fractional or huge date, `aud`, a `null` where the strict path has
//! something to say, a duplicate or a case-folded twin) makes it give up, and the strict
//! path in [`super::strict`] decides, with its precise error. So the contract is one-sided:
//! whenever this returns claims, the strict path returns the same claims. A property test
//! and a fuzz target hold the whole verifier to it (`verify` equals the strict path on
//! every input).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};

use super::scan::{FAST_DATE_MAX, SeenFields};
use crate::codec::strict_json::Strict;
use crate::wire::fold::{SMALL_OBJECT, shadows_known};
use crate::wire::from_object::{FromObject, deserialize_object};
use crate::wire::{AUD, ClaimMember, Claims, ReadKind, TOP_LEVEL_KEYS, WireObject};

/// The serde reader alone.
pub(crate) fn read_claims_with_serde(payload: &[u8]) -> Option<Claims> {
    let mut de = serde_json::Deserializer::from_slice(payload);
    let TopLevel(claims) = deserialize_object(&mut de).ok()?;
    de.end().ok()?;
    Some(claims)
}

/// The error that sends a token to the strict path; its text is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("left to the strict path")
}

/// A member name without escapes, borrowed from the payload, ASCII only (the only names
/// Go's case folding can be checked on without folding tables).
struct Name<'de>(&'de str);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a plain ASCII member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Name<'de>, E> {
                if v.is_ascii() {
                    Ok(Name(v))
                } else {
                    Err(give_up())
                }
            }
        }
        d.deserialize_str(NameVisitor)
    }
}

/// The member names of one object seen so far: a bit per name this path reads itself,
/// and the others by name.
struct SeenNames<'de> {
    known: &'static [&'static str],
    fields: SeenFields,
    others: Vec<&'de str>,
}

impl<'de> SeenNames<'de> {
    fn new(known: &'static [&'static str]) -> Self {
        SeenNames {
            known,
            fields: SeenFields::default(),
            others: Vec::new(),
        }
    }

    /// A member this path knows, by its bit.
    fn field<E: de::Error>(&mut self, bit: u32) -> Result<(), E> {
        self.fields.first(bit).ok_or_else(give_up)
    }

    /// Any other name: it must not fold onto a known name it is not spelt as, nor onto
    /// another name of the object (names are ASCII here, so each is its own fold). Known
    /// names never fold onto each other (a test in `wire::fold` checks), so with
    /// [`SeenNames::field`] every pair of names in the object is covered. Objects with more such names than the
    /// strict path checks pairwise are left to it.
    fn other<E: de::Error>(&mut self, name: &'de str) -> Result<(), E> {
        if shadows_known(name, name, self.known)
            || self.others.len() >= SMALL_OBJECT
            || self.others.iter().any(|o| o.eq_ignore_ascii_case(name))
        {
            return Err(give_up());
        }
        self.others.push(name);
        Ok(())
    }
}

/// A NumericDate this path handles: a whole number of seconds up to [`FAST_DATE_MAX`].
struct Date(u64);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("whole seconds")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
                if v <= FAST_DATE_MAX {
                    Ok(Date(v))
                } else {
                    Err(give_up())
                }
            }
        }
        d.deserialize_u64(DateVisitor)
    }
}

/// This path's reading of each kind, for a member of a claims object or of a grant: the
/// value next in `map`.
struct Fast<'m, 'de, A> {
    map: &'m mut A,
    de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> ReadKind for Fast<'_, 'de, A> {
    type Error = A::Error;
    fn flag(&mut self) -> Result<Option<bool>, A::Error> {
        self.map.next_value()
    }
    /// Registered claims must be strings: `null` is refused by the strict path.
    fn id(&mut self) -> Result<Option<String>, A::Error> {
        self.map.next_value().map(Some)
    }
    fn text(&mut self) -> Result<Option<String>, A::Error> {
        self.map.next_value()
    }
    fn texts(&mut self) -> Result<Option<Vec<String>>, A::Error> {
        self.map.next_value()
    }
    fn date(&mut self) -> Result<Option<u64>, A::Error> {
        self.map.next_value::<Date>().map(|date| Some(date.0))
    }
    fn grant<T: WireObject>(&mut self) -> Result<Option<T>, A::Error> {
        Ok(self.map.next_value::<Option<Object<T>>>()?.map(|o| o.0))
    }
    /// Parsed strictly (duplicates refused at any depth), then read as the strict path reads
    /// it. No case-folding check: the kinds read here (`map`, `value`) are not Go structs,
    /// whose names the server folds; grants are, and are read member by member.
    fn value<T: DeserializeOwned>(&mut self) -> Result<Option<T>, A::Error> {
        let Strict(value) = self.map.next_value()?;
        serde_json::from_value(value).map_err(|_| give_up())
    }
}

/// The claims object, read member by member. A type of its own because `Claims` is a
/// table object, whose `FromObject` is serde's reading: reading a bare `Claims` here would
/// compile, and miss this path's give-ups (a case-folded twin, `aud`).
struct TopLevel(Claims);

impl<'de> FromObject<'de> for TopLevel {
    const EXPECTING: &'static str = "a claims object";

    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut c = Claims::default();
        let mut seen = SeenNames::new(&TOP_LEVEL_KEYS);
        while let Some(Name(name)) = map.next_key()? {
            // The audience check needs the verifier's configuration.
            if name == AUD {
                return Err(give_up());
            }
            let Some(member) = ClaimMember::from_name(name) else {
                // Stored the way the strict path stores it.
                seen.other(name)?;
                let Strict(value) = map.next_value()?;
                c.extra.insert(name.to_owned(), value);
                continue;
            };
            seen.field(member.bit())?;
            let mut fast = Fast {
                map: &mut map,
                de: PhantomData,
            };
            c.read_member(member, &mut fast)?;
        }
        Ok(TopLevel(c))
    }
}

/// A grant object, read member by member.
struct Object<T>(T);

impl<'de, T: WireObject> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_object(d)
    }
}

impl<'de, T: WireObject> FromObject<'de> for Object<T> {
    const EXPECTING: &'static str = "a grant object";

    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut object = T::default();
        let mut seen = SeenNames::new(T::keys());
        while let Some(Name(name)) = map.next_key()? {
            let Some(member) = T::member(name) else {
                // Stored the way the strict path stores it.
                seen.other(name)?;
                let Strict(value) = map.next_value()?;
                object.extra_mut().insert(name.to_owned(), value);
                continue;
            };
            seen.field(T::bit(member))?;
            // `null` reads as absent here, as it does on the strict path.
            let mut fast = Fast {
                map: &mut map,
                de: PhantomData,
            };
            object.read(member, &mut fast)?;
        }
        Ok(Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_shape_and_gives_up_on_the_unusual() {
        let common = br#"{"iss":"k","sub":"u","nbf":1,"exp":2,"name":"n","video":{"room":"r","roomJoin":true,"canPublish":false}}"#;
        let c = read_claims_with_serde(common).expect("the common shape is read");
        assert_eq!(
            c,
            crate::verify::strict::claims_from_map(serde_json::from_slice(common).unwrap())
                .unwrap()
        );
        for unusual in [
            r#"{"iss":"k","iss":"k"}"#,
            r#"{"iss":"k","ISS":"k"}"#,
            r#"{"x":1,"X":1}"#,
            r#"{"video":{"room":"a","ROOM":"b"}}"#,
            r#"{"video":{"roomJoin":true,"roomJoin":false}}"#,
            r#"{"video":{"x":{"a":1,"a":2}}}"#,
            r#"{"sip":{"admin":true,"ADMIN":false}}"#,
            r#"{"attributes":{"a":"1","a":"2"}}"#,
            r#"{"\u0069ss":"k"}"#,
            r#"{"exp":1.5}"#,
            r#"{"exp":-1}"#,
            r#"{"exp":1099511627777}"#,
            r#"{"sub":null}"#,
            r#"{"aud":"x"}"#,
            r#"{"video":1}"#,
            r#"{} "#,
            r#"{}x"#,
            r#"[]"#,
        ] {
            let parsed = read_claims_with_serde(unusual.as_bytes());
            // Trailing white space is valid JSON; everything else here is left to the
            // strict path.
            assert_eq!(parsed.is_some(), unusual == "{} ", "{unusual}");
        }
    }
}

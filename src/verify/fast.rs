//! The verifier's fast path: reads the claims of a token in the shape LiveKit's minters
//! write straight into [`Claims`], without building a JSON tree first.
//!
//! It only ever *accepts*. Anything it is not sure about (a key with escapes or non-ASCII
//! characters, a fractional or huge date, `aud`, a `null` where the strict path has
//! something to say, a duplicate or a case-folded twin) makes it give up, and the strict
//! path in [`super::json`] decides, with its precise error. So the contract is one-sided:
//! whenever this returns claims, the strict path returns the same claims. A property test
//! and a fuzz target hold the whole verifier to it (`verify` equals the strict path on
//! every input).

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::json::{
    SMALL_OBJECT, STRUCT_OBJECTS, Strict, TOP_LEVEL_KEYS, VIDEO_KEYS, check_struct_keys,
    shadows_known,
};
use super::members::{TopMember, VideoMember};
use crate::claims::Claims;
use crate::claims_from_map::{set_claim, set_video_claim};
use crate::grants::VideoClaims;

/// Dates and clocks above this (year 36812) are left to the strict path, whose `f64`
/// arithmetic this path then matches exactly.
pub(crate) const FAST_DATE_MAX: u64 = 1 << 40;

/// A bit per member a fast reader reads into a field of its own (its
/// [`TopMember`] or [`VideoMember`] bit), to refuse a duplicate.
#[derive(Default)]
pub(crate) struct SeenFields(u32);

impl SeenFields {
    /// Marks `bit`; `None` if it was already marked (a duplicate member).
    pub(crate) fn first(&mut self, bit: u32) -> Option<()> {
        let mask = 1 << bit;
        let first = self.0 & mask == 0;
        self.0 |= mask;
        first.then_some(())
    }
}

/// Reads the claims in `payload` into `claims` (which must be empty), or returns `false`
/// when the strict path must decide: the byte scanner for exactly the usual shape first,
/// then the serde reader for the rest of this path.
pub(crate) fn read_claims_into(payload: &[u8], claims: &mut Claims) -> bool {
    if super::scan::scan_claims_into(payload, claims).is_some() {
        return true;
    }
    match read_claims_with_serde(payload) {
        Some(read) => {
            *claims = read;
            true
        }
        None => false,
    }
}

/// The serde reader alone.
pub(crate) fn read_claims_with_serde(payload: &[u8]) -> Option<Claims> {
    let mut de = serde_json::Deserializer::from_slice(payload);
    let claims = de.deserialize_map(ClaimsVisitor).ok()?;
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

    /// A member this path reads into a field of its own, by its bit.
    fn field<E: de::Error>(&mut self, bit: u32) -> Result<(), E> {
        self.fields.first(bit).ok_or_else(give_up)
    }

    /// Any other name: it must not fold onto a known name it is not spelt as, nor onto
    /// another name of the object (names are ASCII here, so each is its own fold). Known
    /// names never fold onto each other (a test checks), so with [`SeenNames::field`] every
    /// pair of names in the object is covered. Objects with more such names than the
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

/// A member this path does not read itself: parsed strictly (duplicates refused at any
/// depth), checked for case-folded names if the server reads it into a struct, then
/// stored the way the strict path stores it.
struct OtherMember<'c> {
    name: &'c str,
    claims: &'c mut Claims,
}

impl<'de> DeserializeSeed<'de> for OtherMember<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let Strict(value) = Strict::deserialize(d)?;
        if let Value::Object(inner) = &value
            && let Some((_, keys)) = STRUCT_OBJECTS.iter().find(|(n, _)| *n == self.name)
        {
            check_struct_keys(inner, keys).map_err(|_| give_up())?;
        }
        set_claim(self.claims, self.name.to_owned(), value).map_err(|_| give_up())
    }
}

struct ClaimsVisitor;

impl<'de> Visitor<'de> for ClaimsVisitor {
    type Value = Claims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claims object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Claims, A::Error> {
        let mut c = Claims::default();
        let mut seen = SeenNames::new(&TOP_LEVEL_KEYS);
        while let Some(Name(name)) = map.next_key()? {
            // The audience check needs the verifier's configuration.
            if name == "aud" {
                return Err(give_up());
            }
            let Some(member) = TopMember::from_name(name.as_bytes()) else {
                seen.other(name)?;
                map.next_value_seed(OtherMember {
                    name,
                    claims: &mut c,
                })?;
                continue;
            };
            seen.field(member.bit())?;
            // `sub`, `jti` and `iss` must be strings: `null` is refused by the strict path.
            match member {
                TopMember::Iss => c.iss = Some(map.next_value()?),
                TopMember::Sub => c.sub = Some(map.next_value()?),
                TopMember::Jti => c.jti = Some(map.next_value()?),
                TopMember::Exp => c.exp = Some(map.next_value::<Date>()?.0),
                TopMember::Nbf => c.nbf = Some(map.next_value::<Date>()?.0),
                TopMember::Iat => c.iat = Some(map.next_value::<Date>()?.0),
                TopMember::Name => c.name = map.next_value()?,
                TopMember::Metadata => c.metadata = map.next_value()?,
                TopMember::Kind => c.kind = map.next_value()?,
                TopMember::KindDetails => c.kind_details = map.next_value()?,
                TopMember::RoomPreset => c.room_preset = map.next_value()?,
                TopMember::Sha256 => c.sha256 = map.next_value()?,
                TopMember::Video => {
                    c.video = map.next_value::<Option<Video>>()?.map(|v| v.0);
                }
            }
        }
        Ok(c)
    }
}

/// The `video` object, read field by field.
struct Video(VideoClaims);

impl<'de> Deserialize<'de> for Video {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(VideoVisitor).map(Video)
    }
}

struct VideoVisitor;

impl<'de> Visitor<'de> for VideoVisitor {
    type Value = VideoClaims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a video grant")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VideoClaims, A::Error> {
        let mut v = VideoClaims::default();
        let mut seen = SeenNames::new(&VIDEO_KEYS);
        while let Some(Name(name)) = map.next_key()? {
            let Some(member) = VideoMember::from_name(name.as_bytes()) else {
                // Stored the way the strict path stores it.
                seen.other(name)?;
                let Strict(value) = map.next_value()?;
                set_video_claim(&mut v, name.to_owned(), value).map_err(|_| give_up())?;
                continue;
            };
            seen.field(member.bit())?;
            // `null` reads as absent here, as it does on the strict path.
            match member {
                VideoMember::Flag(flag) => *flag.slot(&mut v) = map.next_value()?,
                VideoMember::Room => v.room = map.next_value()?,
                VideoMember::DestinationRoom => v.destination_room = map.next_value()?,
                VideoMember::CanPublishSources => v.can_publish_sources = map.next_value()?,
            }
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_known_names_fold_together() {
        for known in [&TOP_LEVEL_KEYS[..], &VIDEO_KEYS[..]] {
            for (i, a) in known.iter().enumerate() {
                for b in &known[i + 1..] {
                    assert!(!a.eq_ignore_ascii_case(b), "{a} and {b}");
                }
            }
        }
    }

    #[test]
    fn reads_the_common_shape_and_gives_up_on_the_unusual() {
        let common = br#"{"iss":"k","sub":"u","nbf":1,"exp":2,"name":"n","video":{"room":"r","roomJoin":true,"canPublish":false}}"#;
        let c = read_claims_with_serde(common).expect("the common shape is read");
        assert_eq!(
            c,
            crate::claims_from_map::claims_from_map(serde_json::from_slice(common).unwrap())
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

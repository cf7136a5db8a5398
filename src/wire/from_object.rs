//! One serde visitor for the JSON objects this crate reads member by member with its own
//! loop (the table objects, the verifier's fast reading of claims and grants, the token
//! endpoint's request and response): each reader says what it expects and how it reads the
//! members, and the visitor only hands it the map.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{MapAccess, Visitor};

/// A value read from a JSON object, member by member.
pub(crate) trait FromObject<'de>: Sized {
    /// What an error says was expected, when the value is not an object.
    const EXPECTING: &'static str;

    /// Reads the object's members from `map`.
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a `T` from `d`, which must hold a JSON object.
pub(crate) fn deserialize_object<'de, T: FromObject<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// `impl Deserialize` for a type through its [`FromObject`] reading.
macro_rules! deserialize_from_object {
    ($name:ty) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::from_object::deserialize_object(d)
            }
        }
    };
}
pub(crate) use deserialize_from_object;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts an object's members.
    #[derive(Debug, PartialEq)]
    struct Members(usize);

    impl<'de> FromObject<'de> for Members {
        const EXPECTING: &'static str = "an object to count";

        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut n = 0;
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {
                n = usize::saturating_add(n, 1);
            }
            Ok(Members(n))
        }
    }

    fn read(json: &str) -> Result<Members, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        deserialize_object(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn an_object_goes_to_its_reader_and_anything_else_is_told_what_was_expected() {
        assert_eq!(read(r#"{"a":1,"b":[2]}"#), Ok(Members(2)));
        let err = read("[1]").unwrap_err();
        assert!(err.contains("expected an object to count"), "{err}");
    }
}

//! [`wire_object!`]: a table's rows turned into a data type, and the serde reading shared
//! by every such type.

use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess};
use serde_json::Value;

use super::from_object::FromObject;
use super::{ReadKind, WireObject};

/// Defines a wire object from a table's rows: the public struct (one field per row, and
/// `extra` for members this crate does not know), its member enum, its serde form, and on
/// request a grant's `merge` and `is_empty` and builder-style setters. The serde form is
/// written here rather than derived so that each JSON key is spelt once, in the table, and
/// so that reading refuses a member given twice.
macro_rules! wire_object {
    ([grant setters] $($rest:tt)*) => {
        $crate::wire::wire_object!(@core $($rest)*);
        $crate::wire::wire_object!(@grant $($rest)*);
        $crate::wire::wire_object!(@setters $($rest)*);
    };
    ([grant] $($rest:tt)*) => {
        $crate::wire::wire_object!(@core $($rest)*);
        $crate::wire::wire_object!(@grant $($rest)*);
    };
    ([] $($rest:tt)*) => {
        $crate::wire::wire_object!(@core $($rest)*);
    };
    (@core $(#[$meta:meta])* $name:ident / $member:ident {
        $( $(#[$doc:meta])* $field:ident, $variant:ident: $kind:ident $(($ty:ty))? = $key:literal; )+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\nJSON member `", $key, "`.")]
                pub $field: $crate::wire::wire_type!($kind $(($ty))?),
            )+
            /// Members this crate does not know, kept as they were read.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        /// The members of
        #[doc = concat!("[`", stringify!($name), "`],")]
        /// in wire order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $member {
            $( $variant, )+
        }

        // Generated for every table; each object's readers and writers use a part.
        #[allow(dead_code)]
        impl $member {
            /// Every member, in wire order.
            pub(crate) const ALL: &'static [$member] = &[$($member::$variant),+];

            /// The JSON key.
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $( $member::$variant => $key, )+
                }
            }

            /// `"key":`, as written before the member's value.
            #[inline(always)]
            pub(crate) const fn json_key(self) -> &'static str {
                match self {
                    $( $member::$variant => concat!("\"", $key, "\":"), )+
                }
            }

            /// The member spelt exactly `name`.
            #[inline(always)]
            pub(crate) fn from_name(name: &str) -> Option<Self> {
                Some(match name {
                    $( $key => $member::$variant, )+
                    _ => return None,
                })
            }

            /// Its bit in a set of members seen.
            #[inline(always)]
            pub(crate) const fn bit(self) -> u32 {
                1 << self as u32
            }

            /// Whether it is a boolean (`flag`, `state` or `tri`).
            pub(crate) const fn is_flag(self) -> bool {
                match self {
                    $( $member::$variant => $crate::wire::is_flag!($kind $(($ty))?), )+
                }
            }

            /// Whether it is a boolean whose server default is `false` (written only when
            /// `true`).
            pub(crate) const fn is_default_false(self) -> bool {
                match self {
                    $( $member::$variant => $crate::wire::is_default_false!($kind $(($ty))?), )+
                }
            }

            /// The member names of the grant object it holds, if the server reads that
            /// object into a Go struct.
            pub(crate) fn struct_keys(self) -> Option<&'static [&'static str]> {
                match self {
                    $( $member::$variant => $crate::wire::struct_keys!($kind $(($ty))?), )+
                }
            }
        }

        // Every member has a bit of its own in a `u32`.
        const _: () = assert!($member::ALL.len() <= 32);

        impl $name {
            /// An empty object: nothing set.
            pub fn new() -> Self {
                Self::default()
            }

            /// The field of a boolean member, `None` for any other member.
            #[allow(dead_code)]
            #[inline(always)]
            pub(crate) fn flag_mut(&mut self, member: $member) -> Option<&mut Option<bool>> {
                match member {
                    $( $member::$variant => $crate::wire::flag_slot!(&mut self.$field, $kind $(($ty))?), )+
                }
            }

            /// The JSON keys of its members, in wire order (members this crate does not
            /// know are kept in `extra`).
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// Reads `member`'s value from `reader` into its field.
            #[inline(always)]
            pub(crate) fn read_member<R: $crate::wire::ReadKind>(
                &mut self,
                member: $member,
                reader: &mut R,
            ) -> Result<(), R::Error> {
                match member {
                    $( $member::$variant => {
                        self.$field = $crate::wire::read_kind!(reader, $kind $(($ty))?)?;
                    } )+
                }
                Ok(())
            }
        }

        impl $crate::wire::WireObject for $name {
            type Member = $member;
            fn keys() -> &'static [&'static str] {
                Self::KEYS
            }
            #[inline(always)]
            fn member(name: &str) -> Option<$member> {
                $member::from_name(name)
            }
            fn key(member: $member) -> &'static str {
                member.name()
            }
            #[inline(always)]
            fn bit(member: $member) -> u32 {
                member.bit()
            }
            #[inline(always)]
            fn read<R: $crate::wire::ReadKind>(
                &mut self,
                member: $member,
                reader: &mut R,
            ) -> Result<(), R::Error> {
                self.read_member(member, reader)
            }
            fn extra(&self) -> &serde_json::Map<String, serde_json::Value> {
                &self.extra
            }
            fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.extra
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $(
                    if $crate::wire::is_written!(&self.$field, $kind $(($ty))?) {
                        map.serialize_entry($key, &self.$field)?;
                    }
                )+
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        $crate::wire::from_object::deserialize_from_object!($name);
    };
    (@grant $(#[$meta:meta])* $name:ident / $member:ident {
        $( $(#[$doc:meta])* $field:ident, $variant:ident: $kind:ident $(($ty:ty))? = $key:literal; )+
    }) => {
        impl $name {
            /// Merges `other` into `self`: members set in `other` win, the ones it leaves
            /// unset keep `self`'s value, and unknown members are added.
            pub fn merge(&mut self, other: Self) {
                $( if other.$field.is_some() { self.$field = other.$field; } )+
                self.extra.extend(other.extra);
            }

            /// Whether nothing would be written for this grant.
            pub fn is_empty(&self) -> bool {
                $( !$crate::wire::is_written!(&self.$field, $kind $(($ty))?) && )+
                self.extra.is_empty()
            }
        }
    };
    (@setters $(#[$meta:meta])* $name:ident / $member:ident {
        $( $(#[$doc:meta])* $field:ident, $variant:ident: $kind:ident $(($ty:ty))? = $key:literal; )+
    }) => {
        impl $name {
            $( $crate::wire::setter!($(#[$doc])* $field, $kind); )+
        }
    };
}
pub(crate) use wire_object;

/// Serde's reading of any table-defined object, refusing a member given twice.
impl<'de, T: WireObject> FromObject<'de> for T {
    const EXPECTING: &'static str = "a JSON object";

    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        let mut seen = 0u32;
        while let Some(key) = map.next_key::<String>()? {
            match T::member(&key) {
                Some(member) => {
                    let bit = T::bit(member);
                    if seen & bit != 0 {
                        return Err(de::Error::duplicate_field(T::key(member)));
                    }
                    seen |= bit;
                    object.read(member, &mut NextValue(&mut map, PhantomData))?;
                }
                None => {
                    let value: Value = map.next_value()?;
                    if object.extra_mut().insert(key, value).is_some() {
                        return Err(de::Error::custom("a member is given twice"));
                    }
                }
            }
        }
        Ok(object)
    }
}

/// Serde's reading of each kind: the next value of a map, `null` as absent.
struct NextValue<'a, 'de, A>(&'a mut A, PhantomData<&'de ()>);

impl<'de, A: MapAccess<'de>> ReadKind for NextValue<'_, 'de, A> {
    type Error = A::Error;
    fn flag(&mut self) -> Result<Option<bool>, A::Error> {
        self.0.next_value()
    }
    fn id(&mut self) -> Result<Option<String>, A::Error> {
        self.0.next_value()
    }
    fn text(&mut self) -> Result<Option<String>, A::Error> {
        self.0.next_value()
    }
    fn texts(&mut self) -> Result<Option<Vec<String>>, A::Error> {
        self.0.next_value()
    }
    fn date(&mut self) -> Result<Option<u64>, A::Error> {
        self.0.next_value()
    }
    fn grant<T: WireObject>(&mut self) -> Result<Option<T>, A::Error> {
        self.0.next_value()
    }
    fn value<T: DeserializeOwned>(&mut self) -> Result<Option<T>, A::Error> {
        self.0.next_value()
    }
}

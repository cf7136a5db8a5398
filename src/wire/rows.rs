//! What each kind of table row means, one small macro per question: its Rust type,
//! whether it is written, how it is read, its setter. The row kinds are listed in the
//! [module docs](super).

/// The Rust type of a member of the given kind.
macro_rules! wire_type {
    (flag) => { Option<bool> };
    (state) => { Option<bool> };
    (tri) => { Option<bool> };
    (id) => { Option<String> };
    (text) => { Option<String> };
    (texts) => { Option<Vec<String>> };
    (date) => { Option<u64> };
    (map) => { Option<std::collections::BTreeMap<String, String>> };
    (grant($t:ty)) => { Option<$t> };
    (value($t:ty)) => { Option<$t> };
}
pub(crate) use wire_type;

/// Whether a member of the given kind is written: flags whose server default is `false`
/// only when `true`, everything else whenever it is set.
macro_rules! is_written {
    ($value:expr, flag) => {
        *$value == Some(true)
    };
    ($value:expr, state) => {
        *$value == Some(true)
    };
    ($value:expr, $($kind:tt)+) => {
        $value.is_some()
    };
}
pub(crate) use is_written;

/// Reads a member of the given kind through the [`ReadKind`](super::ReadKind) method
/// named after it.
macro_rules! read_kind {
    ($r:expr, $kind:ident($t:ty)) => {
        $r.$kind::<$t>()
    };
    ($r:expr, $kind:ident) => {
        $r.$kind()
    };
}
pub(crate) use read_kind;

/// The member names of a grant object the server reads into a Go struct (whose names it
/// folds), `None` for every other kind.
macro_rules! struct_keys {
    (grant($t:ty)) => {
        Some(<$t>::KEYS)
    };
    ($($kind:tt)+) => {
        None
    };
}
pub(crate) use struct_keys;

/// `Some($place)` for a boolean member, `None` for any other kind.
macro_rules! flag_slot {
    ($place:expr, flag) => {
        Some($place)
    };
    ($place:expr, state) => {
        Some($place)
    };
    ($place:expr, tri) => {
        Some($place)
    };
    ($place:expr, $($kind:tt)+) => {
        None
    };
}
pub(crate) use flag_slot;

/// Whether a member of the given kind is a boolean whose server default is `false`.
macro_rules! is_default_false {
    (flag) => {
        true
    };
    (state) => {
        true
    };
    ($($kind:tt)+) => {
        false
    };
}
pub(crate) use is_default_false;

/// Whether a member of the given kind is a boolean.
macro_rules! is_flag {
    (flag) => {
        true
    };
    (state) => {
        true
    };
    (tri) => {
        true
    };
    ($($kind:tt)+) => {
        false
    };
}
pub(crate) use is_flag;

/// A builder-style setter for a member of the given kind.
macro_rules! setter {
    ($(#[$doc:meta])* $field:ident, text) => {
        $(#[$doc])*
        #[must_use]
        pub fn $field(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ($(#[$doc:meta])* $field:ident, texts) => {
        $(#[$doc])*
        #[must_use]
        pub fn $field<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
            self.$field = Some(values.into_iter().map(Into::into).collect());
            self
        }
    };
    ($(#[$doc:meta])* $field:ident, $flag:ident) => {
        $(#[$doc])*
        #[must_use]
        pub fn $field(mut self, value: bool) -> Self {
            self.$field = Some(value);
            self
        }
    };
}
pub(crate) use setter;

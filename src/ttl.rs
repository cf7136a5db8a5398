//! How long a token is valid.

use std::time::Duration;

/// A token's time to live: whole seconds (`add_ttl(3600)`) or a [`Duration`]
/// (`add_ttl(Duration::from_secs(600))`). Sub-second parts are dropped, since JWT times
/// are whole seconds. Defaults to one hour, as in the Elixir library this crate follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ttl(u64);

impl Ttl {
    /// One hour: the default.
    pub const DEFAULT: Ttl = Ttl(3600);

    /// A TTL of `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        Ttl(secs)
    }

    /// The TTL in whole seconds.
    pub const fn as_secs(self) -> u64 {
        self.0
    }
}

impl Default for Ttl {
    fn default() -> Self {
        Ttl::DEFAULT
    }
}

impl From<u64> for Ttl {
    fn from(secs: u64) -> Self {
        Ttl(secs)
    }
}

impl From<Duration> for Ttl {
    fn from(d: Duration) -> Self {
        Ttl(d.as_secs())
    }
}

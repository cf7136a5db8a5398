//! Names made up for a request that brings no identity or room: a prefix and 16
//! hexadecimal digits.
//!
//! LiveKit's own starter endpoint makes `voice_assistant_user_` and `voice_assistant_room_`
//! followed by a number below 10 000: two callers share a generated room after about a
//! hundred requests (the birthday bound). Here the suffix is 64 bits, so a collision is
//! not expected before some four billion names.
//!
//! The bits come from `std`, with no random-number crate: SipHash (`RandomState`) keyed
//! with the process's random keys, over a per-process counter and the time. A name, not a
//! secret: it is unique, not unguessable, and nothing may rely on a room name being hard
//! to guess (a policy that lets clients choose rooms lets them name any room).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The prefix of a generated identity, after LiveKit's starter endpoint.
pub(crate) const IDENTITY_PREFIX: &str = "voice_assistant_user_";

/// The prefix of a generated room name, after LiveKit's starter endpoint.
pub(crate) const ROOM_PREFIX: &str = "voice_assistant_room_";

/// Counts the names made by this process, so two are never hashed from the same input.
static MADE: AtomicU64 = AtomicU64::new(0);

/// `prefix` and 16 hexadecimal digits, different at every call.
pub(crate) fn generate(prefix: &str) -> String {
    // `RandomState::new` draws keys from the OS once per thread and moves them on at every
    // call; the counter and the time make each input distinct as well.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(MADE.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    format!("{prefix}{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_the_prefix_and_16_hex_digits_and_do_not_repeat() {
        let names: HashSet<String> = (0..10_000).map(|_| generate(ROOM_PREFIX)).collect();
        assert_eq!(names.len(), 10_000);
        for name in &names {
            let suffix = name.strip_prefix(ROOM_PREFIX).unwrap();
            assert_eq!(suffix.len(), 16, "{name}");
            assert!(suffix.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
        }
        let threads: Vec<_> = (0..2)
            .map(|_| std::thread::spawn(|| generate(IDENTITY_PREFIX)))
            .collect();
        let two: HashSet<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(two.len(), 2);
    }
}

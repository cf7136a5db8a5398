//! Where "now" comes from, so tests and callers can pin time.

/// A source of the current time in whole seconds since the Unix epoch.
pub trait Clock {
    /// Seconds since 1970-01-01T00:00:00Z, or `None` when the clock reads earlier.
    fn now_unix_secs(&self) -> Option<u64>;
}

/// The system's wall clock.
///
/// On Linux it reads `CLOCK_REALTIME_COARSE`: the wall clock as of the kernel's last timer
/// tick, so at most a tick (1 to 10 ms) behind and never ahead. Tokens carry whole seconds,
/// so a fresh token's `nbf`, `iat` and `exp` are at worst one second earlier than a precise
/// clock would make them, and never later (no server sees the token as not yet valid); a
/// verifier checking `exp` a few milliseconds late is far inside its leeway. Elsewhere it
/// reads [`SystemTime::now`](std::time::SystemTime::now).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix_secs(&self) -> Option<u64> {
        wall_clock_secs()
    }
}

// The coarse clock is read from the vDSO in about 10 ns where `SystemTime::now` takes about
// 40 ns on the benchmark VM: some 5 % of every mint and verify (BENCHMARKS.md). Should the
// kernel refuse it (a seccomp filter, a kernel without coarse clocks), the precise one is
// read instead.
#[cfg(target_os = "linux")]
fn wall_clock_secs() -> Option<u64> {
    use nix::time::{ClockId, clock_gettime};
    match clock_gettime(ClockId::CLOCK_REALTIME_COARSE) {
        Ok(now) => u64::try_from(now.tv_sec()).ok(),
        Err(_) => precise_wall_clock_secs(),
    }
}

#[cfg(not(target_os = "linux"))]
fn wall_clock_secs() -> Option<u64> {
    precise_wall_clock_secs()
}

fn precise_wall_clock_secs() -> Option<u64> {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

/// A clock stopped at a given second: for tests and reproducible tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now_unix_secs(&self) -> Option<u64> {
        Some(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn precise_secs() -> u64 {
        precise_wall_clock_secs().unwrap_or_default()
    }

    #[test]
    fn the_system_clock_is_never_a_second_ahead_of_the_wall_clock_nor_more_than_one_behind() {
        for _ in 0..1000 {
            let before = precise_secs();
            let now = SystemClock.now_unix_secs();
            let after = precise_secs();
            assert!(
                before > 1_700_000_000,
                "the test machine's clock is not set"
            );
            let now = now.unwrap_or_default();
            assert!(now <= after, "{now} is ahead of the wall clock ({after})");
            assert!(now + 1 >= before, "{now} lags the wall clock ({before})");
        }
    }
}

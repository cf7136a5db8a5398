//! Minting: what a token carries as the builders hold it, the checks it passes, and the
//! payload writer and signer that turn it into a JWT. Both builders
//! ([`AccessToken`](crate::AccessToken) and
//! [`RuntimeCheckedToken`](crate::RuntimeCheckedToken)) end in [`mint`].
//!
//! Values the types cannot see (string lengths, an empty identity, the TTL, credentials
//! in the room configuration) are checked at `to_jwt()` time, so a builder chain never has to stop
//! for a `?` and every error names its field.

pub(crate) mod checks;
pub(crate) mod data;
pub(crate) mod payload;
pub(crate) mod sign;
pub(crate) mod video_data;

use crate::clock::Clock;
use crate::credentials::Credentials;
use crate::error::TokenError;
use checks::limits::MAX_EXP;
use data::TokenData;
use payload::Payload;

/// Checks, then signs. `data` is borrowed, not moved: a move copies all of it, a couple of
/// hundred bytes, for nothing.
pub(crate) fn mint(
    credentials: &Credentials,
    data: &TokenData,
    clock: &dyn Clock,
) -> Result<String, TokenError> {
    data.check_values()?;
    let now = clock.now_unix_secs().ok_or(TokenError::ClockBeforeEpoch)?;
    let exp = now
        .checked_add(data.ttl.as_secs())
        .filter(|exp| *exp <= MAX_EXP)
        .ok_or(TokenError::TtlOverflow)?;
    sign::sign(credentials, &Payload { data, now, exp })
}

/// The length of the token `data` makes at `now`, counted without writing or signing it:
/// the size [`mint`] holds to `limits::MAX_TOKEN_BYTES`. `None` where the dates overflow.
pub(crate) fn token_len(credentials: &Credentials, data: &TokenData, now: u64) -> Option<usize> {
    let exp = now.checked_add(data.ttl.as_secs())?;
    sign::token_len(credentials, &Payload { data, now, exp })
}

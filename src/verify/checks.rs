//! The checks on a token's claims once its signature is authentic: time with the
//! verifier's leeway, and the registered claims' types.

use serde_json::{Map, Value};

use super::{TokenVerifier, VerifyError};
use crate::wire::{AUD, ClaimMember, GO_IDENTITY};
use ClaimMember::{Exp, Iat, Nbf};

/// NumericDates above this (2^53 − 1, the largest exact JavaScript integer) are refused
/// as out of range rather than read as "never expires".
const MAX_NUMERIC_DATE: f64 = 9_007_199_254_740_991.0;

impl TokenVerifier {
    pub(super) fn check_time(
        &self,
        payload: &mut Map<String, Value>,
        now: u64,
    ) -> Result<(), VerifyError> {
        let now = now as f64;
        let leeway = self.leeway_secs as f64;
        // The server reads every date as its whole seconds before comparing (golang-jwt
        // truncates to `TimePrecision`, one second): a fraction past the boundary buys no
        // time. A `null` `exp` is read as absent, which is refused: the token never expires.
        let exp = match numeric_date(payload, Exp)? {
            Date::Number(exp) => exp.floor(),
            Date::Absent | Date::Null => return Err(VerifyError::MissingClaim(Exp.name())),
        };
        // The server rejects at equality: valid while now < exp + leeway.
        if now >= exp + leeway {
            return Err(VerifyError::Expired);
        }
        // A `null` `nbf` is a type error, as in the official verifiers: reading it as absent
        // would let a token claim no start at all.
        match numeric_date(payload, Nbf)? {
            Date::Number(nbf) if nbf.floor() > now + leeway => {
                return Err(VerifyError::NotYetValid);
            }
            Date::Number(_) | Date::Absent => {}
            Date::Null => return Err(VerifyError::InvalidClaim(Nbf.name())),
        }
        if let Some(max) = self.max_lifetime_secs
            && exp - now > max as f64
        {
            return Err(VerifyError::LifetimeTooLong);
        }
        normalize_dates(payload);
        Ok(())
    }

    pub(super) fn check_registered(&self, payload: &Map<String, Value>) -> Result<(), VerifyError> {
        check_registered_types(payload)?;
        if let Some(aud) = payload.get(AUD) {
            let expected = self.audience.as_deref();
            let ok = match aud {
                Value::String(a) => Some(a.as_str()) == expected,
                // Every item is a string (`check_registered_types`).
                Value::Array(list) => list.iter().any(|a| a.as_str() == expected),
                _ => return Err(VerifyError::InvalidClaim(AUD)),
            };
            if !ok {
                return Err(VerifyError::UnexpectedAudience);
            }
        }
        Ok(())
    }
}

/// The registered claims' types, whatever the verifier's settings: `sub` and `jti` are
/// strings, `aud` a string or a list of strings (`["x", 5]` is not an audience of `x`, as
/// jsonwebtoken and golang-jwt read it), `nbf` is not `null` (read as absent, it would claim
/// no start at all), and `exp` and `nbf` are dates in range. `iat` and Go's `identity`,
/// whose values the server ignores, must still be of the type it reads them into (a
/// number, a string; or `null`), or it refuses the token. Untrusted decoding holds tokens
/// to them too.
pub(super) fn check_registered_types(payload: &Map<String, Value>) -> Result<(), VerifyError> {
    for member in [ClaimMember::Sub, ClaimMember::Jti] {
        if !matches!(payload.get(member.name()), None | Some(Value::String(_))) {
            return Err(VerifyError::InvalidClaim(member.name()));
        }
    }
    if !matches!(
        payload.get(Iat.name()),
        None | Some(Value::Null | Value::Number(_))
    ) {
        return Err(VerifyError::InvalidClaim(Iat.name()));
    }
    if !matches!(
        payload.get(GO_IDENTITY),
        None | Some(Value::Null | Value::String(_))
    ) {
        return Err(VerifyError::InvalidClaim(GO_IDENTITY));
    }
    if payload.get(AUD).is_some_and(|aud| match aud {
        Value::String(_) => false,
        Value::Array(list) => !list.iter().all(Value::is_string),
        _ => true,
    }) {
        return Err(VerifyError::InvalidClaim(AUD));
    }
    if matches!(payload.get(Nbf.name()), Some(Value::Null)) {
        return Err(VerifyError::InvalidClaim(Nbf.name()));
    }
    // In range, as the time checks hold them: never `u64::MAX` read as "never expires".
    for member in [Exp, Nbf] {
        numeric_date(payload, member)?;
    }
    Ok(())
}

/// NumericDates may be fractional (RFC 7519 §2); `Claims` holds whole seconds. The server
/// ignores `iat`'s value, so a `null` one or a number out of range is dropped rather than
/// refused (one of another type is refused by `check_registered_types`).
pub(super) fn normalize_dates(payload: &mut Map<String, Value>) {
    for member in [Exp, Nbf, Iat] {
        let name = member.name();
        match numeric_date(payload, member) {
            // Whole numbers already are what `Claims` reads; rewrite only the others.
            Ok(Date::Number(_)) if payload.get(name).is_some_and(Value::is_u64) => {}
            Ok(Date::Number(v)) => {
                if let Some(slot) = payload.get_mut(name) {
                    *slot = Value::from(v.max(0.0).floor() as u64);
                }
            }
            Ok(Date::Null) if member == Iat => {
                payload.remove(name);
            }
            Err(_) if member == Iat && payload.get(name).is_some_and(Value::is_number) => {
                payload.remove(name);
            }
            _ => {}
        }
    }
}

/// A NumericDate member as found.
enum Date {
    Absent,
    Null,
    Number(f64),
}

fn numeric_date(payload: &Map<String, Value>, member: ClaimMember) -> Result<Date, VerifyError> {
    match payload.get(member.name()) {
        None => Ok(Date::Absent),
        Some(Value::Null) => Ok(Date::Null),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v <= MAX_NUMERIC_DATE => Ok(Date::Number(v)),
            _ => Err(VerifyError::InvalidClaim(member.name())),
        },
        Some(_) => Err(VerifyError::InvalidClaim(member.name())),
    }
}

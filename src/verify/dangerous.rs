//! Reading tokens **without checking their signature**. The result is attacker-controlled:
//! use it to display or route, never to authorise.

use super::checks::{check_registered_types, normalize_dates};
use super::strict::typed_claims;
use super::{VerifyError, decode};
use crate::wire::Claims;

/// Claims read from a token whose signature, issuer and times were **not** checked.
#[derive(Debug, Clone, PartialEq)]
pub struct UntrustedClaims(Claims);

impl UntrustedClaims {
    /// The **untrusted** claims.
    pub fn untrusted_claims(&self) -> &Claims {
        &self.0
    }

    /// The **untrusted** claims, by value. Never mint from them
    /// ([`RuntimeCheckedToken::from_claims`](crate::RuntimeCheckedToken::from_claims) would
    /// sign whatever their author granted).
    pub fn into_untrusted_claims(self) -> Claims {
        self.0
    }
}

/// Decodes `token` with the same structural and type checks as the verifier (size, strict
/// base64url and JSON, HS256 header, each claim's type) but **without** checking the
/// signature, the issuer, the audience or the times.
///
/// The size limit is the verifier's default,
/// [`DEFAULT_MAX_TOKEN_BYTES`](crate::DEFAULT_MAX_TOKEN_BYTES): a token that verifies only
/// under a raised `with_max_token_bytes` is refused here as too large.
pub fn decode_untrusted(token: &str) -> Result<UntrustedClaims, VerifyError> {
    let mut payload = decode::decode_unverified(token, super::DEFAULT_MAX_TOKEN_BYTES)?;
    check_registered_types(&payload)?;
    normalize_dates(&mut payload);
    typed_claims(payload).map(UntrustedClaims)
}

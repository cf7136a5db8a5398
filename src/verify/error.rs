//! Verification errors, by phase. None carries a secret, a whole token or a signature.

use std::fmt;

/// Which part of a token was too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenPart {
    /// The whole token.
    Token,
    /// The encoded header.
    Header,
}

impl TokenPart {
    /// What to do about a part over its limit: only the token's limit is a setting.
    fn too_large_fix(self) -> &'static str {
        match self {
            TokenPart::Token => "refuse it (or raise the limit with `with_max_token_bytes`)",
            TokenPart::Header => {
                "refuse it (this limit is fixed: no LiveKit minter writes a header that long)"
            }
        }
    }
}

impl fmt::Display for TokenPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenPart::Token => "token",
            TokenPart::Header => "token header",
        })
    }
}

/// How a token is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Malformed {
    /// Not exactly three dot-separated segments (JWS compact form).
    Segments,
    /// A segment is not strict, unpadded, canonical base64url.
    Base64,
    /// The header or payload is not a JSON object, or is one this verifier does not read:
    /// not UTF-8, a number out of range, or nested too deeply.
    Json,
    /// A JSON object names the same member twice.
    DuplicateMember,
    /// In the claims or a grant, member names the LiveKit server folds together (`video`
    /// and `VIDEO`), or a name it folds onto a known member that is not spelled as that
    /// member (`CanPublish` in the video grant).
    AmbiguousClaim,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Malformed::Segments => {
                "it is not three dot-separated segments: pass the JWT itself (header.payload.signature), with no `Bearer ` prefix"
            }
            Malformed::Base64 => {
                "a segment is not strict unpadded base64url: pass the bare token, with no `Bearer ` prefix and no white space"
            }
            Malformed::Json => {
                "the header or payload is not a JSON object this verifier reads (not an object, not UTF-8, a number out of range, or nested too deeply); refuse the token"
            }
            Malformed::DuplicateMember => {
                "a JSON member name appears twice, which readers take differently; refuse the token"
            }
            Malformed::AmbiguousClaim => {
                "a member name the LiveKit server folds onto another (`VIDEO` next to `video`, or `CanPublish` in the video grant), which readers take differently; refuse the token"
            }
        })
    }
}

/// Verifying a token failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Rejected before decoding: the token over the verifier's limit (see
    /// [`TokenVerifier::with_max_token_bytes`](crate::TokenVerifier::with_max_token_bytes)),
    /// or its encoded header over a fixed 8 KiB.
    #[error("the {part} is {len} bytes, over the limit of {max}: {}", .part.too_large_fix())]
    TooLarge {
        /// What was too large.
        part: TokenPart,
        /// Its size in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The token is not a well-formed JWS.
    #[error("malformed token: {0}")]
    Malformed(Malformed),
    /// The header names another algorithm than HS256 (or none).
    #[error("unsupported algorithm: LiveKit tokens are HS256 only; refuse this one")]
    UnsupportedAlgorithm,
    /// The header's `typ` is not `JWT`, or it has a `cty`.
    #[error(
        "unsupported token type: `typ` must be absent or `JWT`, and `cty` absent; refuse this one"
    )]
    UnsupportedType,
    /// The header has a `crit` member (RFC 7515 §4.1.11: unknown extensions are fatal).
    #[error(
        "the header has `crit`, which this verifier does not support (no LiveKit minter sets it); refuse the token"
    )]
    CritUnsupported,
    /// The header's `b64` is not `true`: RFC 7797's unencoded payload.
    #[error(
        "the header's `b64` is not `true` (an unencoded payload, RFC 7797), which no LiveKit minter writes; refuse the token"
    )]
    UnencodedPayload,
    /// The token's `iss` is not a known API key.
    #[error(
        "unknown API key in `iss`: the token was not issued with any configured key; if the key is yours, give the verifier its credentials (a `KeyRing` holds several), else refuse the token"
    )]
    UnknownApiKey,
    /// The signature does not match.
    #[error(
        "invalid signature: the token was not signed with the secret of its API key, or was altered; if you rotated the secret, give the verifier the current one, else refuse the token"
    )]
    InvalidSignature,
    /// A required claim is absent.
    #[error("the token has no `{0}` claim, which LiveKit tokens need: mint it with one")]
    MissingClaim(&'static str),
    /// A claim has the wrong type or an out-of-range value; the claim's name, such as
    /// `"exp"` (for any member of `video`, `"video"`).
    #[error(
        "the `{0}` claim has the wrong type or an out-of-range value: the minter wrote it wrongly; refuse the token"
    )]
    InvalidClaim(&'static str),
    /// The token names an audience (`aud`) other than the one configured, or one when none
    /// is configured (RFC 7519: a token meant for someone else is refused).
    #[error(
        "the token is for an audience (`aud`) this verifier was not told to expect: refuse it, or name the audience with `with_audience(..)`"
    )]
    UnexpectedAudience,
    /// `exp` has passed (beyond the leeway).
    #[error("the token has expired: mint a new one")]
    Expired,
    /// `nbf` is in the future (beyond the leeway).
    #[error("the token is not valid yet: check the clocks of minter and verifier")]
    NotYetValid,
    /// `exp` is further away than the configured maximum lifetime.
    #[error(
        "the token lives longer than the configured maximum lifetime: mint shorter-lived tokens, or raise `with_max_lifetime(..)`"
    )]
    LifetimeTooLong,
    /// The verifier's clock reads before 1970.
    #[error("the verifier's clock reads a time before 1970: fix the clock")]
    Clock,
    /// `verify_room_join`: the token does not grant room join.
    #[error("the token does not grant room join: mint it with a video grant that joins the room")]
    NotRoomJoin,
}

/// Building a verifier with unsafe settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifierConfigError {
    /// Leeway over the cap.
    #[error(
        "a leeway of {secs} s is over the cap of {max} s: clocks that far apart need fixing, not tolerance"
    )]
    LeewayTooLarge {
        /// The requested leeway in seconds.
        secs: u64,
        /// The cap in seconds.
        max: u64,
    },
    /// A token size limit under [`MIN_MAX_TOKEN_BYTES`](crate::MIN_MAX_TOKEN_BYTES).
    #[error(
        "a token size limit of {bytes} bytes is below the minimum of {min}: pass at least {min} (the limit is in bytes)"
    )]
    TokenLimitTooSmall {
        /// The requested limit.
        bytes: usize,
        /// The minimum.
        min: usize,
    },
    /// No key to verify with.
    #[error("the key ring is empty: add at least one API key")]
    NoKeys,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each refusal's message ends in what to do about it: fix something, or refuse.
    #[test]
    fn every_message_says_what_to_do() {
        let malformed = [
            Malformed::Segments,
            Malformed::Base64,
            Malformed::Json,
            Malformed::DuplicateMember,
            Malformed::AmbiguousClaim,
        ];
        let errors = malformed.into_iter().map(VerifyError::Malformed).chain([
            VerifyError::TooLarge {
                part: TokenPart::Token,
                len: 70_000,
                max: 65_536,
            },
            VerifyError::UnsupportedAlgorithm,
            VerifyError::UnsupportedType,
            VerifyError::CritUnsupported,
            VerifyError::UnencodedPayload,
            VerifyError::UnknownApiKey,
            VerifyError::InvalidSignature,
            VerifyError::MissingClaim("exp"),
            VerifyError::InvalidClaim("exp"),
            VerifyError::UnexpectedAudience,
            VerifyError::Expired,
            VerifyError::NotYetValid,
            VerifyError::LifetimeTooLong,
            VerifyError::Clock,
            VerifyError::NotRoomJoin,
        ]);
        let actions = [
            "refuse", "pass ", "mint ", "check ", "fix ", "raise", "give ",
        ];
        let mut listed = 0;
        for error in errors {
            // No wildcard: a new variant does not compile here until it is listed above.
            listed += match &error {
                VerifyError::Malformed(
                    Malformed::Segments
                    | Malformed::Base64
                    | Malformed::Json
                    | Malformed::DuplicateMember
                    | Malformed::AmbiguousClaim,
                )
                | VerifyError::TooLarge { .. }
                | VerifyError::UnsupportedAlgorithm
                | VerifyError::UnsupportedType
                | VerifyError::CritUnsupported
                | VerifyError::UnencodedPayload
                | VerifyError::UnknownApiKey
                | VerifyError::InvalidSignature
                | VerifyError::MissingClaim(_)
                | VerifyError::InvalidClaim(_)
                | VerifyError::UnexpectedAudience
                | VerifyError::Expired
                | VerifyError::NotYetValid
                | VerifyError::LifetimeTooLong
                | VerifyError::Clock
                | VerifyError::NotRoomJoin => 1,
            };
            let message = error.to_string();
            let (_, advice) = message
                .rsplit_once([':', ';'])
                .unwrap_or_else(|| panic!("no advice after `:` or `;`: {message}"));
            assert!(
                actions.iter().any(|a| advice.contains(a)),
                "{error:?} says what is wrong, not what to do: {message}"
            );
        }
        assert_eq!(
            listed,
            5 + 15,
            "every variant, each kind of malformed token"
        );
    }
}

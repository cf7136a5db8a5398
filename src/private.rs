//! Internals exposed for this crate's macros, test vectors and fuzz targets only. Not part
//! of the API: no semver promise, may change or vanish in any release. Only the macros'
//! checks are in every build; the verifier's layers need the `__internals` feature, so
//! an application's build holds no verifier that skips a check.

pub use crate::builder::literal::{literal_identity, literal_room};

#[cfg(feature = "__internals")]
pub use internals::*;

#[cfg(feature = "__internals")]
mod internals {
    use crate::verify::{TokenVerifier, VerifyError, decode, fast, scan, strict};

    /// The strict path's member-by-member reading of claims from a JSON object (tests hold it
    /// equal to `Claims`' `Deserialize`).
    pub fn claims_from_map(
        map: serde_json::Map<String, serde_json::Value>,
    ) -> Result<crate::Claims, &'static str> {
        strict::claims_from_map(map)
    }

    /// [`TokenVerifier::verify`] with every token on the strict path (tests hold
    /// the fast path's results equal to it).
    pub fn verify_strict(
        verifier: &TokenVerifier,
        token: &str,
    ) -> Result<crate::Claims, VerifyError> {
        verifier.verify_with(token, false)
    }

    /// Which reader takes this payload: `"scan"` (the byte scanner), `"serde"` (the
    /// fast path's serde reader) or `"strict"` (tests check the usual shapes take the
    /// fast ones).
    pub fn reader_for(payload: &[u8]) -> &'static str {
        if scan::scan_claims_into(payload, &mut crate::Claims::default()).is_some() {
            "scan"
        } else if fast::read_claims_with_serde(payload).is_some() {
            "serde"
        } else {
            "strict"
        }
    }

    /// The JWS structure alone (size, segments, strict base64url, header policy): the
    /// signing input and the encoded signature, for tests to check the MAC with a
    /// reference implementation.
    pub fn jws_parts(token: &str) -> Result<(String, String), VerifyError> {
        let jws = decode::decode_jws(token, crate::DEFAULT_MAX_TOKEN_BYTES)?;
        // The signature is the segment after the last dot, which `decode_jws` checked.
        let signature = token
            .rsplit_once('.')
            .map_or("", |(_, signature)| signature);
        Ok((jws.signing_input.to_owned(), signature.to_owned()))
    }

    /// The keyed HMAC state as `Credentials` builds it, with the state after
    /// `usual_start`'s first 64 bytes precomputed (none if it is shorter).
    fn keyed(
        secret: &[u8],
        usual_start: &[u8],
    ) -> Result<crate::credentials::KeyedMac, VerifyError> {
        let mut keyed =
            crate::credentials::KeyedMac::new(secret).ok_or(VerifyError::InvalidSignature)?;
        if let Some(block) = usual_start.first_chunk::<64>() {
            keyed.precompute_usual_block(*block);
        }
        Ok(keyed)
    }

    /// The verifier's MAC check alone, the very function every token goes through: whether
    /// `tag` is the HMAC-SHA256 of `message` under `secret` (tests hold it to the Wycheproof
    /// vectors and to jsonwebtoken).
    pub fn mac_accepts(secret: &[u8], usual_start: &[u8], message: &[u8], tag: &[u8]) -> bool {
        keyed(secret, usual_start)
            .is_ok_and(|keyed| crate::verify::mac_matches(&keyed, message, tag))
    }

    /// The JWS layer with the verifier's MAC: structure, header policy and HS256 under
    /// `secret`, returning the payload bytes (which need not be JSON). Tests hold its
    /// verdicts equal to jsonwebtoken's whether or not a token starts with `usual_start`.
    pub fn verify_jws_hs256(
        token: &str,
        secret: &[u8],
        usual_start: &[u8],
    ) -> Result<Vec<u8>, VerifyError> {
        let keyed = keyed(secret, usual_start)?;
        let jws = decode::decode_jws(token, crate::DEFAULT_MAX_TOKEN_BYTES)?;
        if crate::verify::mac_matches(&keyed, jws.signing_input.as_bytes(), &jws.signature_bytes) {
            Ok(jws.payload.to_vec())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

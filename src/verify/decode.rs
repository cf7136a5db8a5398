//! The structural half of verification, before any key is involved: size, segments,
//! strict base64url, strict JSON, header policy. Shared by the verifier and `dangerous`.

use serde_json::{Map, Value};

use super::error::{Malformed, TokenPart, VerifyError};
use super::json::{parse_claims, parse_object};

/// Encoded headers longer than this are refused before decoding (ours is 36 bytes).
pub(crate) const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Encoded headers that pass [`check_header`], as LiveKit's minters write them: this
/// crate and jsonwebtoken (`{"typ":"JWT","alg":"HS256"}`), Go and Python
/// (`{"alg":"HS256","typ":"JWT"}`), Node (`{"alg":"HS256"}`). A unit test proves each one
/// decodes to a header `check_header` accepts.
const KNOWN_GOOD_HEADERS: [&str; 3] = [
    crate::sign::HEADER_B64,
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "eyJhbGciOiJIUzI1NiJ9",
];

/// A structurally valid HS256 JWS whose signature is not checked yet.
pub(crate) struct Jws<'a> {
    pub(crate) payload: Vec<u8>,
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: &'a str,
    /// The signature segment, still encoded (already checked to be strict base64url).
    pub(crate) signature: &'a str,
    /// The signature, decoded.
    pub(crate) signature_bytes: Vec<u8>,
}

/// [`decode_jws`], then the payload as a strict JSON object; the signature is not checked.
pub(crate) fn decode_unverified(
    token: &str,
    max_token_bytes: usize,
) -> Result<Map<String, Value>, VerifyError> {
    parse_claims(&decode_jws(token, max_token_bytes)?.payload)
}

/// Size, segments, strict base64url and the header policy; the payload stays bytes.
pub(crate) fn decode_jws(token: &str, max_token_bytes: usize) -> Result<Jws<'_>, VerifyError> {
    if token.len() > max_token_bytes {
        return Err(VerifyError::TooLarge {
            part: TokenPart::Token,
            len: token.len(),
            max: max_token_bytes,
        });
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload_segment), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed(Malformed::Segments));
    };
    // Empty header or payload (`..`) is a missing segment; an empty signature is a bad one.
    if header.is_empty() || payload_segment.is_empty() {
        return Err(VerifyError::Malformed(Malformed::Segments));
    }
    if header.len() > MAX_HEADER_BYTES {
        return Err(VerifyError::TooLarge {
            part: TokenPart::Header,
            len: header.len(),
            max: MAX_HEADER_BYTES,
        });
    }
    // The headers LiveKit's minters write are checked once, here, as text; any other
    // header is decoded and checked member by member.
    if !KNOWN_GOOD_HEADERS.contains(&header) {
        check_header(&parse_object(&strict_b64(header)?)?)?;
    }
    let payload_bytes = strict_b64(payload_segment)?;
    let signature_bytes = strict_b64(signature)?;
    let signing_input = token
        .get(..header.len() + 1 + payload_segment.len())
        .ok_or(VerifyError::Malformed(Malformed::Segments))?;
    Ok(Jws {
        payload: payload_bytes,
        signing_input,
        signature,
        signature_bytes,
    })
}

/// Strict base64url: no padding, URL-safe alphabet only, canonical trailing bits (the
/// same verdicts as the `base64` crate's `URL_SAFE_NO_PAD`; a test compares them).
fn strict_b64(segment: &str) -> Result<Vec<u8>, VerifyError> {
    crate::b64::decode(segment.as_bytes()).map_err(|_| VerifyError::Malformed(Malformed::Base64))
}

/// HS256 only; `typ` absent or `JWT` in any case; no `cty`, no `crit`.
fn check_header(header: &Map<String, Value>) -> Result<(), VerifyError> {
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(VerifyError::UnsupportedAlgorithm);
    }
    if header.contains_key("crit") {
        return Err(VerifyError::CritUnsupported);
    }
    match header.get("typ") {
        None => {}
        Some(Value::String(t)) if t.eq_ignore_ascii_case("JWT") => {}
        Some(_) => return Err(VerifyError::UnsupportedType),
    }
    if header.contains_key("cty") {
        return Err(VerifyError::UnsupportedType);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn every_known_good_header_is_one_check_header_accepts() {
        for h in KNOWN_GOOD_HEADERS {
            let bytes = strict_b64(h).unwrap();
            assert!(check_header(&parse_object(&bytes).unwrap()).is_ok(), "{h}");
            assert_eq!(URL_SAFE_NO_PAD.encode(&bytes), h, "canonical encoding");
        }
    }
}

//! The structural half of verification, before any key is involved: size, segments,
//! strict base64url, strict JSON, header policy. Shared by the verifier and `dangerous`.

use serde_json::{Map, Value};

use super::error::{Malformed, TokenPart, VerifyError};
use super::strict::{parse_claims, parse_object};
use crate::codec::{HEADER_B64, TAG_B64_LEN, base64url};

/// Encoded headers longer than this are refused before decoding (ours is 36 bytes).
pub(crate) const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Encoded headers that pass [`check_header`], as LiveKit's minters write them: this
/// crate and jsonwebtoken (`{"typ":"JWT","alg":"HS256"}`), Go and Python
/// (`{"alg":"HS256","typ":"JWT"}`), Node (`{"alg":"HS256"}`). A unit test proves each one
/// decodes to a header `check_header` accepts.
const KNOWN_GOOD_HEADERS: [&str; 3] = [
    HEADER_B64,
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "eyJhbGciOiJIUzI1NiJ9",
];

/// A structurally valid HS256 JWS whose signature is not checked yet.
pub(crate) struct Jws<'a> {
    pub(crate) payload: PayloadBuffer,
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: &'a str,
    /// The signature, decoded.
    pub(crate) signature_bytes: SignatureBytes,
}

/// A decoded signature: an HS256 tag on the stack, anything else (which can never match,
/// but is still checked to be strict base64url) on the heap.
pub(crate) enum SignatureBytes {
    Tag([u8; 32]),
    Other(Vec<u8>),
}

impl std::ops::Deref for SignatureBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            SignatureBytes::Tag(tag) => tag,
            SignatureBytes::Other(bytes) => bytes,
        }
    }
}

/// The decoded payload, in a buffer the thread reuses: taken from a thread-local slot
/// (empty if a verification on this thread is already using it) and put back on drop,
/// so verifying allocates nothing for it once warm. No lock: each thread has its own.
pub(crate) struct PayloadBuffer(Vec<u8>);

/// Buffers above this are dropped after use rather than kept by the thread.
const KEEP_BUFFER_BYTES: usize = 64 * 1024;

thread_local! {
    static SPARE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl PayloadBuffer {
    fn take() -> Self {
        PayloadBuffer(
            SPARE_BUFFER
                .try_with(std::cell::Cell::take)
                .unwrap_or_default(),
        )
    }
}

impl std::ops::Deref for PayloadBuffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for PayloadBuffer {
    fn drop(&mut self) {
        let mut buffer = std::mem::take(&mut self.0);
        if buffer.capacity() > 0 && buffer.capacity() <= KEEP_BUFFER_BYTES {
            buffer.clear();
            // A thread-local already destroyed just means the buffer is freed.
            let _ = SPARE_BUFFER.try_with(|spare| spare.set(buffer));
        }
    }
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
    // The signature is short and the header usually one of three, so the dots are found
    // from the ends; a dot inside the payload segment means more than three segments.
    let Some((signing_input, signature)) = token.rsplit_once('.') else {
        return Err(VerifyError::Malformed(Malformed::Segments));
    };
    let Some((header, payload_segment)) = signing_input.split_once('.') else {
        return Err(VerifyError::Malformed(Malformed::Segments));
    };
    let extra_dot = || payload_segment.contains('.');
    // Empty header or payload (`..`) is a missing segment; an empty signature is a bad one.
    if header.is_empty() || payload_segment.is_empty() {
        return Err(VerifyError::Malformed(Malformed::Segments));
    }
    // The headers LiveKit's minters write are checked once, here, as text; any other
    // header is decoded and checked member by member, after the segment count.
    if !KNOWN_GOOD_HEADERS.contains(&header) {
        if extra_dot() {
            return Err(VerifyError::Malformed(Malformed::Segments));
        }
        if header.len() > MAX_HEADER_BYTES {
            return Err(VerifyError::TooLarge {
                part: TokenPart::Header,
                len: header.len(),
                max: MAX_HEADER_BYTES,
            });
        }
        check_header(&parse_object(&strict_b64(header)?)?)?;
    }
    // A dot never decodes, so with a known header the count is checked only on failure.
    let mut payload_bytes = PayloadBuffer::take();
    base64url::decode_to(payload_segment.as_bytes(), &mut payload_bytes.0).map_err(|_| {
        VerifyError::Malformed(if extra_dot() {
            Malformed::Segments
        } else {
            Malformed::Base64
        })
    })?;
    let signature_bytes = if signature.len() == TAG_B64_LEN {
        base64url::decode_array(signature.as_bytes())
            .map(SignatureBytes::Tag)
            .map_err(|_| VerifyError::Malformed(Malformed::Base64))?
    } else {
        SignatureBytes::Other(strict_b64(signature)?)
    };
    Ok(Jws {
        payload: payload_bytes,
        signing_input,
        signature_bytes,
    })
}

/// Strict base64url: no padding, URL-safe alphabet only, canonical trailing bits (the
/// same verdicts as the `base64` crate's `URL_SAFE_NO_PAD`; a test compares them).
fn strict_b64(segment: &str) -> Result<Vec<u8>, VerifyError> {
    base64url::decode(segment.as_bytes()).map_err(|_| VerifyError::Malformed(Malformed::Base64))
}

/// HS256 only; `typ` absent or `JWT` in any case; no `cty`, no `crit`; `b64` absent or
/// `true`.
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
    // RFC 7797: `b64: false` signs the payload unencoded, so a reader that honours it
    // checks the signature over other bytes than one that ignores it. (`true` is the
    // default; jsonwebtoken refuses any other value too.)
    if header
        .get("b64")
        .is_some_and(|b64| b64 != &Value::Bool(true))
    {
        return Err(VerifyError::UnencodedPayload);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn any_count_of_segments_but_three_is_a_segment_error() {
        let pieces = [HEADER_B64, "eyJhbGciOiJub25lIn0", "e30", "", "QQ", "@"];
        let mut tokens = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = tokens
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}.{p}")))
                .collect();
            tokens.extend(longer);
        }
        for token in tokens.iter().map(|t| t.trim_start_matches('.')) {
            let segments = token.split('.').count();
            let result = decode_jws(token, 1 << 16);
            if segments != 3 {
                assert!(
                    matches!(result, Err(VerifyError::Malformed(Malformed::Segments))),
                    "{token}"
                );
            } else {
                assert!(
                    !matches!(result, Err(VerifyError::Malformed(Malformed::Segments)))
                        || token.split('.').take(2).any(str::is_empty),
                    "{token}"
                );
            }
        }
    }

    #[test]
    fn every_known_good_header_is_one_check_header_accepts() {
        for h in KNOWN_GOOD_HEADERS {
            let bytes = strict_b64(h).unwrap();
            assert!(check_header(&parse_object(&bytes).unwrap()).is_ok(), "{h}");
            assert_eq!(URL_SAFE_NO_PAD.encode(&bytes), h, "canonical encoding");
        }
    }
}

//! Encoding and signing a token, the hot path of minting.
//!
//! The output is byte for byte what `jsonwebtoken::encode` writes for the same claims (a
//! test proves it): the same fixed header, the same serde_json payload, HMAC-SHA256. It is
//! faster because the work that does not change between tokens is done once per
//! [`Credentials`]: the HMAC key schedule (a keyed state, cloned per token) and the `iss`
//! prefix; the payload is serialised into a per-thread scratch buffer (no lock, no shared
//! state) and encoded straight into the one output string.

use std::cell::RefCell;

use hmac::Mac;

use crate::credentials::Credentials;
use crate::error::TokenError;
use crate::payload::PayloadParts;

/// `{"typ":"JWT","alg":"HS256"}`, base64url: the header jsonwebtoken writes for HS256.
pub(crate) const HEADER_B64: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9";

/// The start of the signing input of every token minted under a key for a participant:
/// the header, the dot, and the base64url of `{"iss":"<key>","sub":"` up to its last whole
/// 3-byte group (the symbols after that depend on the identity). `iss_prefix` is
/// [`Credentials::iss_prefix`]; the signer writes `,"sub":"` next when there is a `sub`.
pub(crate) fn usual_signing_start(iss_prefix: &str) -> Vec<u8> {
    let json = format!("{iss_prefix},\"sub\":\"");
    let whole = json
        .as_bytes()
        .get(..json.len() / 3 * 3)
        .unwrap_or_default();
    let mut start = format!("{HEADER_B64}.").into_bytes();
    let at = start.len();
    start.resize(at + crate::b64::encoded_len(whole.len()), 0);
    // Sized exactly, so this cannot fail; were it to, the start would match no token
    // and every signature would simply take the plain path.
    if let Some(slot) = start.get_mut(at..) {
        crate::b64::encode_into(whole, slot);
    }
    start
}

/// Base64url length of the 32-byte tag.
const TAG_B64_LEN: usize = 43;

/// Scratch buffers above this are dropped after use rather than kept by the thread.
const KEEP_SCRATCH_BYTES: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Signs `claims`; the credentials' API key is written as `iss`, first, exactly where
/// `Claims` would serialise it.
pub(crate) fn sign(
    credentials: &Credentials,
    claims: &PayloadParts<'_>,
) -> Result<String, TokenError> {
    let scratch = SCRATCH.try_with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let result = sign_with(credentials, claims, &mut scratch);
            forget_payload(&mut scratch, claims);
            if scratch.capacity() > KEEP_SCRATCH_BYTES {
                *scratch = Vec::new();
            }
            Some(result)
        }
        // Only reachable if serialising claims re-entered signing.
        Err(_) => None,
    });
    // A fresh buffer when the scratch one is busy, or gone (a thread-local destructor).
    match scratch {
        Ok(Some(result)) => result,
        _ => {
            let mut fresh = Vec::new();
            let result = sign_with(credentials, claims, &mut fresh);
            forget_payload(&mut fresh, claims);
            result
        }
    }
}

/// Empties the payload buffer. A `roomConfig` may carry egress credentials the caller
/// opted into, so that payload is wiped, not just forgotten; the rest is what the token
/// itself carries, readable by whoever holds it.
fn forget_payload(json: &mut Vec<u8>, claims: &PayloadParts<'_>) {
    if claims.room_config.is_some() {
        zeroize::Zeroize::zeroize(json);
    }
    json.clear();
}

fn sign_with(
    credentials: &Credentials,
    claims: &PayloadParts<'_>,
    json: &mut Vec<u8>,
) -> Result<String, TokenError> {
    json.clear();
    json.extend_from_slice(credentials.iss_prefix().as_bytes());
    // `iss` is written here; the writer starts at `sub`.
    crate::payload::write_claims_after_iss(claims, json)
        .map_err(|e| TokenError::Encoding(e.to_string()))?;
    let payload_len = crate::b64::encoded_len(json.len());
    let header_len = HEADER_B64.len();
    let signing_len = header_len + 1 + payload_len;
    // One allocation, sized exactly; each part is encoded straight into its slot.
    let mut out = vec![b'.'; signing_len + 1 + TAG_B64_LEN];
    let overflow = || TokenError::Encoding("output buffer too small".into());
    out.get_mut(..header_len)
        .ok_or_else(overflow)?
        .copy_from_slice(HEADER_B64.as_bytes());
    let payload_slot = out
        .get_mut(header_len + 1..signing_len)
        .ok_or_else(overflow)?;
    if !crate::b64::encode_into(json, payload_slot) {
        return Err(overflow());
    }
    let mac = credentials
        .keyed_mac()
        .absorb(out.get(..signing_len).ok_or_else(overflow)?);
    let tag = mac.finalize().into_bytes();
    let tag_slot = out.get_mut(signing_len + 1..).ok_or_else(overflow)?;
    if !crate::b64::encode_into(&tag, tag_slot) {
        return Err(overflow());
    }
    // Base64url and the header are ASCII, so this never fails; it is checked all the same.
    String::from_utf8(out).map_err(|e| TokenError::Encoding(e.to_string()))
}

//! Encoding and signing a token, the hot path of minting.
//!
//! The output is byte for byte what `jsonwebtoken::encode` writes for the same claims (a
//! test proves it): the same fixed header, the same serde_json payload, HMAC-SHA256. It is
//! faster because the work that does not change between tokens is done once per
//! [`Credentials`]: the HMAC key schedule (a keyed state, cloned per token) and the issuer
//! prefix; the payload is serialised into a buffer on the stack (or, when it does not fit
//! there, a per-thread scratch buffer: no lock, no shared state) and encoded straight into
//! the one output string.

use std::cell::RefCell;

use hmac::Mac;

use super::checks::within;
use super::payload::{Payload, write_claims_after_iss};
use crate::codec::sink::{ByteCount, Fixed, Sink};
use crate::codec::{HEADER_B64, TAG_B64_LEN, base64url};
use crate::credentials::Credentials;
use crate::error::{Field, TokenError};

/// A payload up to this size is written on the stack; a larger one (long metadata, many
/// attributes) in the thread's scratch buffer. A payload with a room configuration goes to neither (see
/// [`sign_sensitive`]).
const STACK_PAYLOAD_BYTES: usize = 512;

/// Scratch buffers above this are dropped after use rather than kept by the thread.
const KEEP_SCRATCH_BYTES: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Signs `claims`; the credentials' API key is written as the issuer, first, exactly where
/// `Claims` would serialise it.
pub(crate) fn sign(credentials: &Credentials, claims: &Payload<'_>) -> Result<String, TokenError> {
    if claims
        .data
        .rare
        .as_deref()
        .is_some_and(|r| r.room_config.is_some())
    {
        return sign_sensitive(credentials, claims);
    }
    // The usual payload fits on the stack.
    if may_fit_on_the_stack(credentials, claims) {
        let mut stack = [0u8; STACK_PAYLOAD_BYTES];
        let mut payload = Fixed::new(&mut stack);
        payload.put(credentials.iss_prefix());
        // Any failure here (most often: it did not fit) is left to the path below, which
        // writes the payload again and reports a genuine error itself.
        if write_claims_after_iss(claims, &mut payload).is_ok()
            && let Some(json) = payload.written()
        {
            return encode_and_sign(credentials, json);
        }
    }
    let scratch = SCRATCH.try_with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let result = sign_with(credentials, claims, &mut scratch);
            scratch.clear();
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
        _ => sign_with(credentials, claims, &mut Vec::new()),
    }
}

/// Signs a token with a room configuration, which may carry egress credentials the caller opted
/// into. Its payload is written into a buffer of its own, sized by a first pass that only
/// counts, so no reallocation leaves a copy behind, and wiped when dropped. It never goes
/// on the stack (not wiped) nor into the thread's scratch buffer (which grows by
/// reallocating).
fn sign_sensitive(credentials: &Credentials, claims: &Payload<'_>) -> Result<String, TokenError> {
    let encoding = |e: serde_json::Error| TokenError::Encoding(e.to_string());
    let iss = credentials.iss_prefix();
    let mut size = ByteCount::default();
    size.put(iss);
    write_claims_after_iss(claims, &mut size).map_err(encoding)?;
    let mut json = zeroize::Zeroizing::new(Vec::with_capacity(size.count()));
    json.extend_from_slice(iss);
    write_claims_after_iss(claims, &mut *json).map_err(encoding)?;
    encode_and_sign(credentials, &json)
}

/// The length of the token `claims` make, counted without writing or signing it.
pub(crate) fn token_len(credentials: &Credentials, claims: &Payload<'_>) -> Option<usize> {
    let mut payload = ByteCount::default();
    payload.put(credentials.iss_prefix());
    write_claims_after_iss(claims, &mut payload).ok()?;
    // The header, the payload and the tag, a `.` between each two.
    HEADER_B64
        .len()
        .checked_add(base64url::encoded_len(payload.count()))?
        .checked_add(TAG_B64_LEN + 2)
}

/// Whether the payload's strings alone leave it small enough to try the stack buffer. A
/// payload that turns out too big there is written twice; this keeps that to payloads near
/// the limit, rather than every one with long strings (which would be scanned twice).
fn may_fit_on_the_stack(credentials: &Credentials, claims: &Payload<'_>) -> bool {
    let data = claims.data;
    let video = data.video.as_ref();
    let rare = data.rare.as_deref();
    let strings = [
        data.identity.as_ref().map_or(0, |t| t.as_bytes().len()),
        data.name.as_ref().map_or(0, |t| t.as_bytes().len()),
        data.metadata.as_deref().map_or(0, str::len),
        rare.and_then(|r| r.room_preset.as_deref())
            .map_or(0, str::len),
        rare.and_then(|r| r.sha256.as_deref()).map_or(0, str::len),
        video
            .and_then(|v| v.room.as_ref())
            .map_or(0, |room| room.as_bytes().len()),
        video.and_then(|v| v.destination_room()).map_or(0, str::len),
        rare.and_then(|r| r.attributes.as_ref())
            .map_or(0, |attributes| {
                attributes
                    .iter()
                    .map(|(k, v)| k.len().saturating_add(v.len()))
                    .fold(0, usize::saturating_add)
            }),
    ];
    strings
        .into_iter()
        .fold(credentials.iss_prefix().len(), usize::saturating_add)
        <= STACK_PAYLOAD_BYTES
}

fn sign_with(
    credentials: &Credentials,
    claims: &Payload<'_>,
    json: &mut Vec<u8>,
) -> Result<String, TokenError> {
    json.clear();
    json.extend_from_slice(credentials.iss_prefix());
    // The issuer is written here; the writer starts after it.
    write_claims_after_iss(claims, json).map_err(|e| TokenError::Encoding(e.to_string()))?;
    encode_and_sign(credentials, json)
}

/// The token for the payload `json`: header, payload and tag, each base64url-encoded.
fn encode_and_sign(credentials: &Credentials, json: &[u8]) -> Result<String, TokenError> {
    let overflow = || TokenError::Encoding("output buffer too small".into());
    let header_len = HEADER_B64.len();
    // Each part and the `.` after it.
    let payload_start = header_len.checked_add(1).ok_or_else(overflow)?;
    let signing_len = base64url::encoded_len(json.len())
        .checked_add(payload_start)
        .ok_or_else(overflow)?;
    let tag_start = signing_len.checked_add(1).ok_or_else(overflow)?;
    // One allocation, sized exactly; each part is encoded straight into its slot.
    let total = tag_start.checked_add(TAG_B64_LEN).ok_or_else(overflow)?;
    within(total, Field::Token)?;
    let mut out = vec![b'.'; total];
    out.get_mut(..header_len)
        .ok_or_else(overflow)?
        .copy_from_slice(HEADER_B64.as_bytes());
    let payload_slot = out
        .get_mut(payload_start..signing_len)
        .ok_or_else(overflow)?;
    if !base64url::encode_into(json, payload_slot) {
        return Err(overflow());
    }
    let mac = credentials
        .keyed_mac()
        .absorb(out.get(..signing_len).ok_or_else(overflow)?);
    let tag = mac.finalize().into_bytes();
    let tag_slot = out.get_mut(tag_start..).ok_or_else(overflow)?;
    if !base64url::encode_into(&tag, tag_slot) {
        return Err(overflow());
    }
    // Base64url and the header are ASCII, so this never fails; it is checked all the same.
    String::from_utf8(out).map_err(|e| TokenError::Encoding(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::text::Text;
    use crate::mint::data::TokenData;

    /// Whether the payload of `claims` fits the stack buffer.
    fn fits_on_the_stack(credentials: &Credentials, claims: &Payload<'_>) -> bool {
        let mut stack = [0u8; STACK_PAYLOAD_BYTES];
        let mut payload = Fixed::new(&mut stack);
        payload.put(credentials.iss_prefix());
        write_claims_after_iss(claims, &mut payload).is_ok() && payload.written().is_some()
    }

    /// Payloads on both sides of the stack buffer's size, plain and with escapes (which
    /// grow as they are written): each token is the one the scratch-buffer path writes.
    #[test]
    fn the_stack_path_and_the_scratch_path_write_the_same_token() {
        let creds = Credentials::new("APIsign", "sign-test-secret-0123456789abcdef").unwrap();
        let (mut on_stack, mut off_stack) = (0, 0);
        for fill in ["m", "\u{1}", "é"] {
            for len in 300..=560 {
                let data = TokenData {
                    identity: Some(Text::new("user-123")),
                    metadata: Some(fill.repeat(len / fill.len())),
                    ..TokenData::default()
                };
                let claims = Payload {
                    data: &data,
                    now: 1_795_845_122,
                    exp: 1_795_848_722,
                };
                if fits_on_the_stack(&creds, &claims) {
                    on_stack += 1;
                } else {
                    off_stack += 1;
                }
                let by_scratch = sign_with(&creds, &claims, &mut Vec::new()).unwrap();
                assert_eq!(sign(&creds, &claims).unwrap(), by_scratch, "{fill:?} {len}");
            }
        }
        // Both paths were taken, each many times.
        assert!(on_stack > 100 && off_stack > 100, "{on_stack} {off_stack}");
    }

    /// A `roomConfig` payload is counted, then written into a buffer of exactly that size
    /// (so it never reallocates, leaving an unwiped copy), and the token is the one the
    /// scratch path writes.
    #[test]
    fn a_room_config_payload_is_counted_exactly_and_signed_as_the_scratch_path_signs_it() {
        use crate::wire::RoomConfiguration;
        let creds = Credentials::new("APIsign", "sign-test-secret-0123456789abcdef").unwrap();
        let egress = serde_json::json!({"room": {"fileOutputs": [{"s3": {"secret": "S\u{1}"}}]}});
        for size in [0, 10, 600, 5000] {
            let config = RoomConfiguration::builder()
                .name("r".repeat(size))
                .egress(egress.clone())
                .build();
            let mut data = TokenData {
                identity: Some(Text::new("user-123")),
                ..TokenData::default()
            };
            data.rare_mut().room_config = Some(config);
            let claims = Payload {
                data: &data,
                now: 7,
                exp: 9,
            };
            let mut count = ByteCount::default();
            count.put(creds.iss_prefix());
            write_claims_after_iss(&claims, &mut count).unwrap();
            let mut json = creds.iss_prefix().to_vec();
            write_claims_after_iss(&claims, &mut json).unwrap();
            assert_eq!(count.count(), json.len(), "{size}");
            let by_scratch = sign_with(&creds, &claims, &mut Vec::new()).unwrap();
            assert_eq!(sign(&creds, &claims).unwrap(), by_scratch, "{size}");
        }
    }

    #[test]
    fn participant_tokens_start_with_the_precomputed_block_for_any_key_of_four_or_more() {
        for key in ["APIk", "APIbench", "APIxxxxxxxxxxxx", "k\"y\u{e9}"] {
            let creds = Credentials::new(key, "mac-test-secret-0123456789abcdef").unwrap();
            let data = TokenData {
                identity: Some(Text::new("user-123")),
                ..TokenData::default()
            };
            let claims = Payload {
                data: &data,
                now: 0,
                exp: 1,
            };
            let jwt = sign(&creds, &claims).unwrap();
            assert!(creds.keyed_mac().starts_usually(jwt.as_bytes()), "{key}");
            // Another minter's header (Go's) takes the plain path.
            let go = jwt.replacen(HEADER_B64, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", 1);
            assert!(!creds.keyed_mac().starts_usually(go.as_bytes()), "{key}");
        }
    }
}

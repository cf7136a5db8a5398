//! HMAC-SHA256 with as much of the work as possible done once per key: the key schedule,
//! and the first 64-byte block of the signing input this crate writes for the usual token.
//!
//! SHA-256 absorbs its input in 64-byte blocks. Every token this crate mints for a
//! participant starts with the same 64 bytes per key (the fixed header, then the base64url
//! of `{"iss":"<key>","sub":"`), so the hash state after that block is computed once and
//! cloned. The saving is taken only when a signing input's first 64 bytes *are* that
//! block, compared byte for byte; any other input (another minter's header or claim order,
//! a token without `sub`) is hashed from the keyed state. The result is the same HMAC
//! either way; a unit test and every jsonwebtoken comparison in the test suite hold it so.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::codec::{HEADER_B64, base64url};
use crate::wire::ClaimMember;

/// SHA-256's block size.
const BLOCK: usize = 64;

/// The start of the signing input of every token minted under a key for a participant:
/// the header, the dot, and the base64url of `{"iss":"<key>","sub":"` up to its last whole
/// 3-byte group (the symbols after that depend on the identity). `iss_prefix` is the
/// payload's opening, `{"iss":"<key>"`; the signer writes `,"sub":"` next when there is a
/// `sub`.
pub(crate) fn usual_signing_start(iss_prefix: &str) -> Vec<u8> {
    let json = format!("{iss_prefix},{}\"", ClaimMember::Sub.json_key());
    let whole = json
        .as_bytes()
        .get(..json.len() / 3 * 3)
        .unwrap_or_default();
    let mut start = format!("{HEADER_B64}.").into_bytes();
    let at = start.len();
    start.resize(at + base64url::encoded_len(whole.len()), 0);
    // Sized exactly, so this cannot fail; were it to, the start would match no token
    // and every signature would simply take the plain path.
    if let Some(slot) = start.get_mut(at..) {
        base64url::encode_into(whole, slot);
    }
    start
}

/// A key's HMAC state, and the state after the usual first block.
///
/// Both are key-equivalent and, like every `hmac` 0.12 state, not zeroized on drop (the
/// exception recorded in the security matrix); they live inside `Credentials`' `Arc`.
#[derive(Clone)]
pub(crate) struct KeyedMac {
    keyed: Hmac<Sha256>,
    after_usual_block: Option<([u8; BLOCK], Hmac<Sha256>)>,
}

impl KeyedMac {
    /// `usual_start`: the bytes most signing inputs under this key begin with; used only
    /// if at least a whole block long.
    pub(crate) fn new(keyed: Hmac<Sha256>, usual_start: &[u8]) -> Self {
        let after_usual_block = usual_start.first_chunk::<BLOCK>().map(|block| {
            let mut state = keyed.clone();
            state.update(block);
            (*block, state)
        });
        KeyedMac {
            keyed,
            after_usual_block,
        }
    }

    /// Whether `signing_input` starts with the precomputed block.
    #[cfg(test)]
    pub(crate) fn starts_usually(&self, signing_input: &[u8]) -> bool {
        self.after_usual_block
            .as_ref()
            .is_some_and(|(block, _)| signing_input.starts_with(block))
    }

    /// The HMAC state with `signing_input` absorbed, ready to finalize or verify.
    pub(crate) fn absorb(&self, signing_input: &[u8]) -> Hmac<Sha256> {
        if let Some((block, state)) = &self.after_usual_block
            && let Some((first, rest)) = signing_input.split_first_chunk::<BLOCK>()
            && first == block
        {
            let mut mac = state.clone();
            mac.update(rest);
            return mac;
        }
        let mut mac = self.keyed.clone();
        mac.update(signing_input);
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorbing_equals_plain_hmac_whatever_the_input_starts_with() {
        let key = b"mac-test-secret-0123456789abcdef";
        let keyed = Hmac::<Sha256>::new_from_slice(key).unwrap();
        let usual: Vec<u8> = (0..80u8).collect();
        let mac = KeyedMac::new(keyed.clone(), &usual);
        assert!(mac.after_usual_block.is_some());
        assert!(
            KeyedMac::new(keyed, &usual[..63])
                .after_usual_block
                .is_none()
        );
        let mut other = usual.clone();
        other[63] ^= 1;
        for input in [
            &usual[..],
            &usual[..64],
            &usual[..63],
            &[][..],
            &other[..],
            &usual[1..],
        ] {
            let mut plain = Hmac::<Sha256>::new_from_slice(key).unwrap();
            plain.update(input);
            assert_eq!(
                mac.absorb(input).finalize().into_bytes(),
                plain.finalize().into_bytes()
            );
        }
    }
}

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

use hmac::block_api::HmacCore;
use hmac::digest::block_api::{CoreProxy, UpdateCore};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::codec::{HEADER_B64, base64url};
use crate::wire::ClaimMember;

/// SHA-256's block size.
const BLOCK: usize = 64;

/// The first block of the signing input of every token minted under a key for a
/// participant: the header, the dot, and the first 27 base64url symbols of the payload,
/// which starts `{"iss":"<key>","sub":"`. `iss_prefix` is the payload's opening,
/// `{"iss":"<key>"`; the signer writes `,"sub":"` next when there is a `sub`. `None` for a
/// key so short that those symbols already depend on the identity. Built on the stack:
/// credentials made for one token pay for no allocation here.
pub(crate) fn usual_first_block(iss_prefix: &[u8]) -> Option<[u8; BLOCK]> {
    // 27 symbols are 162 bits: they depend on the payload's first 21 bytes (7 groups of 3).
    const SYMBOLS: usize = BLOCK - HEADER_B64.len() - 1;
    const KNOWN: usize = 21;
    let sub = ClaimMember::Sub.json_key().as_bytes();
    let mut json = [0u8; KNOWN];
    let mut known = iss_prefix.iter().chain(b",").chain(sub).chain(b"\"");
    for slot in &mut json {
        *slot = *known.next()?;
    }
    let mut symbols = [0u8; KNOWN / 3 * 4];
    if !base64url::encode_into(&json, &mut symbols) {
        return None;
    }
    let mut block = [b'.'; BLOCK];
    let (header, rest) = block.split_at_mut(HEADER_B64.len());
    header.copy_from_slice(HEADER_B64.as_bytes());
    rest.get_mut(1..)?.copy_from_slice(symbols.get(..SYMBOLS)?);
    Some(block)
}

/// A key's HMAC state, and the state after the usual first block.
///
/// Both are key-equivalent, and wiped on drop (`hmac` and `sha2` with their `zeroize`
/// feature), as is each copy a token's MAC starts from; they live in the one allocation of
/// the `Credentials` that derived them. They are kept as bare cores, without the input buffer
/// a running MAC needs (always empty here), and the usual block's state is boxed,
/// credentials made for one token having none: the credentials `with_api_key` builds for
/// every token stay small to move, and a token's MAC starts from a fresh empty buffer
/// rather than a copied one.
#[derive(Clone)]
pub(crate) struct KeyedMac {
    keyed: HmacCore<Sha256>,
    after_usual_block: Option<Box<UsualBlock>>,
}

/// The usual first block and the state after it. Aligned to whole cache lines, so that
/// threads minting with shared credentials never read it from a line some other
/// allocation's writes keep taking away.
#[derive(Clone)]
#[repr(align(64))]
struct UsualBlock {
    block: [u8; BLOCK],
    state: HmacCore<Sha256>,
}

// The claim above, held by the compiler: a layout change that let the block share a
// cache line with another allocation would not build.
const _: () = assert!(
    std::mem::align_of::<UsualBlock>() == 64
        && std::mem::size_of::<UsualBlock>().is_multiple_of(64)
);

impl KeyedMac {
    /// The HMAC key schedule of `secret` (HMAC takes keys of any length).
    pub(crate) fn new(secret: &[u8]) -> Option<Self> {
        Some(KeyedMac {
            keyed: HmacCore::<Sha256>::new_from_slice(secret).ok()?,
            after_usual_block: None,
        })
    }

    /// Precomputes the state after `block`, the first block most signing inputs under
    /// this key begin with (see [`usual_first_block`]).
    pub(crate) fn precompute_usual_block(&mut self, block: [u8; BLOCK]) {
        let mut state = self.keyed.clone();
        state.update_blocks(&[block.into()]);
        self.after_usual_block = Some(Box::new(UsualBlock { block, state }));
    }

    /// Whether `signing_input` starts with the precomputed block.
    #[cfg(test)]
    pub(crate) fn starts_usually(&self, signing_input: &[u8]) -> bool {
        self.after_usual_block
            .as_ref()
            .is_some_and(|usual| signing_input.starts_with(&usual.block))
    }

    /// The HMAC state with `signing_input` absorbed, ready to finalize or verify.
    pub(crate) fn absorb(&self, signing_input: &[u8]) -> Hmac<Sha256> {
        if let Some(usual) = &self.after_usual_block
            && let Some((first, rest)) = signing_input.split_first_chunk::<BLOCK>()
            && *first == usual.block
        {
            let mut mac = Hmac::compose(usual.state.clone(), Default::default());
            mac.update(rest);
            return mac;
        }
        let mut mac = Hmac::compose(self.keyed.clone(), Default::default());
        mac.update(signing_input);
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_block_is_the_first_block_of_every_participant_token_payload() {
        for len in 0..12 {
            for unit in ["k", "\"", "\u{e9}"] {
                let key = unit.repeat(len);
                let prefix = format!("{{\"iss\":{}", serde_json::to_string(&key).unwrap());
                // Two identities that differ from the top bits of their first byte on.
                let inputs: Vec<Vec<u8>> = ["a", "\u{e9}"]
                    .iter()
                    .map(|sub| {
                        let payload = format!("{prefix},\"sub\":\"{sub}user\",\"exp\":1}}");
                        let mut b64 = vec![0; base64url::encoded_len(payload.len())];
                        assert!(base64url::encode_into(payload.as_bytes(), &mut b64));
                        [HEADER_B64.as_bytes(), b".", &b64].concat()
                    })
                    .collect();
                let same_first_block = inputs[0][..BLOCK] == inputs[1][..BLOCK];
                match usual_first_block(prefix.as_bytes()) {
                    Some(block) => {
                        assert!(same_first_block, "{key:?}");
                        assert_eq!(block[..], inputs[0][..BLOCK], "{key:?}");
                    }
                    // Only a key so short that the identity reaches the first block.
                    None => assert!(prefix.len() < 13 && !same_first_block, "{key:?}"),
                }
            }
        }
    }

    #[test]
    fn absorbing_equals_plain_hmac_whatever_the_input_starts_with() {
        let key = b"mac-test-secret-0123456789abcdef";
        let usual: Vec<u8> = (0..80u8).collect();
        let mut mac = KeyedMac::new(key).unwrap();
        assert!(mac.after_usual_block.is_none());
        mac.precompute_usual_block(*usual.first_chunk::<BLOCK>().unwrap());
        assert!(mac.after_usual_block.is_some());
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
            let mut plain = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
            plain.update(input);
            assert_eq!(
                mac.absorb(input).finalize().into_bytes(),
                plain.finalize().into_bytes()
            );
        }
    }
}

//! Base64url without padding, the only encoding a JWS uses, table-driven for the two hot
//! paths (the payload and tag of every minted token, every segment of every verified
//! one). Decoding is strict: URL-safe alphabet only, no padding, no white space, and the
//! unused bits of a final partial group must be zero, so each byte string has exactly one
//! accepted encoding. A property test holds both directions equal to the `base64` crate's
//! `URL_SAFE_NO_PAD` engine, which the rest of the crate uses.

// Lengths and offsets of slices in memory (at most `isize::MAX` bytes), scaled by 4/3 at
// most: no sum or product here can overflow, and checked arithmetic would cost the two
// hot paths of every token.
#![allow(clippy::arithmetic_side_effects)]

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks a byte outside the alphabet; its top bit is what the decoder tests.
const INVALID: u8 = 0xFF;

// Tables are built at compile time: an index out of bounds there fails the build, it can
// never panic in a caller's process.
#[allow(clippy::indexing_slicing)]
static DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// [`DECODE`] shifted into each of the four positions of a group; invalid bytes map to
/// the top bit.
#[allow(clippy::indexing_slicing)]
static PLACED: [[u32; 256]; 4] = {
    let mut tables = [[0u32; 256]; 4];
    let mut byte = 0;
    while byte < 256 {
        let v = DECODE[byte];
        let mut position = 0;
        while position < 4 {
            tables[position][byte] = if v == INVALID {
                0x8000_0000
            } else {
                (v as u32) << (18 - 6 * position)
            };
            position += 1;
        }
        byte += 1;
    }
    tables
};

fn placed(table: &[u32; 256], byte: u8) -> u32 {
    table.get(usize::from(byte)).copied().unwrap_or(0x8000_0000)
}

fn sextet(byte: u8) -> u8 {
    // A `u8` always indexes a 256-entry table; `get` keeps the lint honest at no cost.
    DECODE.get(usize::from(byte)).copied().unwrap_or(INVALID)
}

fn symbol(sextet: u32) -> u8 {
    ALPHABET
        .get((sextet & 63) as usize)
        .copied()
        .unwrap_or(b'A')
}

/// The input does not decode: a byte outside the alphabet, a length that leaves one
/// symbol over, or non-zero unused bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidBase64;

/// The length of `input_len` bytes once encoded, without padding.
pub(crate) const fn encoded_len(input_len: usize) -> usize {
    input_len / 3 * 4
        + match input_len % 3 {
            0 => 0,
            1 => 2,
            _ => 3,
        }
}

/// Every 12-bit value as its two symbols, first in the low byte, so a 3-byte group costs
/// two lookups and four of them shift into one `u64` of symbols.
#[allow(clippy::indexing_slicing)]
static PAIRS: [u16; 4096] = {
    let mut table = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        table[i] = u16::from_le_bytes([ALPHABET[i >> 6], ALPHABET[i & 63]]);
        i += 1;
    }
    table
};

fn pair_bits(twelve_bits: u64) -> u16 {
    PAIRS
        .get((twelve_bits & 0xFFF) as usize)
        .copied()
        .unwrap_or(0)
}

fn pair(twelve_bits: u32) -> [u8; 2] {
    pair_bits(u64::from(twelve_bits)).to_le_bytes()
}

/// The eight symbols of the 48 bits at the bottom of `n`, first symbol in the low byte.
fn eight_symbols(n: u64) -> u64 {
    let two = |bits: u64| u64::from(pair_bits(bits));
    two(n >> 36) | two(n >> 24) << 16 | two(n >> 12) << 32 | two(n) << 48
}

/// Encodes `input` into `out`, which must be exactly [`encoded_len`] long; returns
/// `false` if it is not, and then `out` holds nothing useful. (The other `false` returns
/// below cannot be reached once the length matches; they stand in for slicing that could
/// panic.)
pub(crate) fn encode_into(input: &[u8], out: &mut [u8]) -> bool {
    if out.len() != encoded_len(input.len()) {
        return false;
    }
    // Twelve bytes at a time: two 8-byte loads (bytes 0..8 and 4..12; the 48 bits used
    // from each are bytes 0..6 and 6..12), eight 12-bit lookups and one 16-byte store.
    let (wide, rest) = input.as_chunks::<12>();
    let Some((out_wide, out_rest)) = out.split_at_mut_checked(wide.len() * 16) else {
        return false;
    };
    for (chunk, o) in wide.iter().zip(out_wide.as_chunks_mut::<16>().0) {
        // Whole-word loads: naming the twelve bytes one by one makes twelve loads of them.
        let (Some(head), Some(tail)) = (chunk.first_chunk::<8>(), chunk.last_chunk::<8>()) else {
            return false;
        };
        let first = eight_symbols(u64::from_be_bytes(*head) >> 16);
        let second = eight_symbols(u64::from_be_bytes(*tail));
        *o = (u128::from(first) | u128::from(second) << 64).to_le_bytes();
    }
    // What is left (under twelve bytes): six at a time, then three.
    let (six, rest) = rest.as_chunks::<6>();
    let Some((out_six, out_rest)) = out_rest.split_at_mut_checked(six.len() * 8) else {
        return false;
    };
    for (&[a, b, c, d, e, f], o) in six.iter().zip(out_six.as_chunks_mut::<8>().0) {
        *o = eight_symbols(u64::from_be_bytes([0, 0, a, b, c, d, e, f])).to_le_bytes();
    }
    let (groups, tail) = rest.as_chunks::<3>();
    let (out_groups, out_tail) = out_rest.as_chunks_mut::<4>();
    for (&[a, b, c], o) in groups.iter().zip(out_groups.iter_mut()) {
        let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
        let ([w, x], [y, z]) = (pair(n >> 12), pair(n));
        *o = [w, x, y, z];
    }
    match (tail, out_tail) {
        ([a], [x, y]) => {
            [*x, *y] = pair(u32::from(*a) << 4);
        }
        ([a, b], [x, y, z]) => {
            let n = u32::from(*a) << 16 | u32::from(*b) << 8;
            [*x, *y] = pair(n >> 12);
            *z = symbol(n >> 6);
        }
        _ => {}
    }
    true
}

/// The length `input_len` symbols decode to, or `None` if one symbol is left over.
const fn decoded_len(input_len: usize) -> Option<usize> {
    match input_len % 4 {
        1 => None,
        0 => Some(input_len / 4 * 3),
        r => Some(input_len / 4 * 3 + r - 1),
    }
}

/// Decodes `input` strictly (see the module docs).
pub(crate) fn decode(input: &[u8]) -> Result<Vec<u8>, InvalidBase64> {
    let mut out = Vec::new();
    decode_to(input, &mut out)?;
    Ok(out)
}

/// Decodes `input` strictly into `out`, replacing what it held (a reused buffer).
pub(crate) fn decode_to(input: &[u8], out: &mut Vec<u8>) -> Result<(), InvalidBase64> {
    let len = decoded_len(input.len()).ok_or(InvalidBase64)?;
    out.clear();
    out.resize(len, 0);
    decode_into(input, out)
}

/// Decodes `input` strictly into exactly `N` bytes (a MAC tag, on the stack).
pub(crate) fn decode_array<const N: usize>(input: &[u8]) -> Result<[u8; N], InvalidBase64> {
    let mut out = [0; N];
    decode_into(input, &mut out)?;
    Ok(out)
}

/// Decodes `input` strictly into `out`, which must be exactly as long as it decodes to.
fn decode_into(input: &[u8], out: &mut [u8]) -> Result<(), InvalidBase64> {
    if decoded_len(input.len()) != Some(out.len()) {
        return Err(InvalidBase64);
    }
    let (groups, tail) = input.as_chunks::<4>();
    let (out_groups, out_tail) = out.as_chunks_mut::<3>();
    // Each table holds a symbol's six bits already in place for its position in a
    // group, and the top bit for an invalid byte: four lookups OR into the 24 output
    // bits, and one test of the accumulated top bit at the end covers every symbol.
    let mut flags = 0u32;
    for (&[a, b, c, d], o) in groups.iter().zip(out_groups.iter_mut()) {
        let n = placed(&PLACED[0], a)
            | placed(&PLACED[1], b)
            | placed(&PLACED[2], c)
            | placed(&PLACED[3], d);
        flags |= n;
        let [_, x, y, z] = n.to_be_bytes();
        *o = [x, y, z];
    }
    let mut seen = (flags >> 24) as u8;
    match (tail, out_tail) {
        ([], []) => {}
        ([a, b], [x]) => {
            let (a, b) = (sextet(*a), sextet(*b));
            seen |= a | b;
            if b & 0x0F != 0 {
                return Err(InvalidBase64);
            }
            *x = a << 2 | b >> 4;
        }
        ([a, b, c], [x, y]) => {
            let (a, b, c) = (sextet(*a), sextet(*b), sextet(*c));
            seen |= a | b | c;
            if c & 0x03 != 0 {
                return Err(InvalidBase64);
            }
            let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6;
            (*x, *y) = ((n >> 16) as u8, (n >> 8) as u8);
        }
        _ => return Err(InvalidBase64),
    }
    if seen & 0x80 != 0 {
        return Err(InvalidBase64);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::tests::Rng;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn encode(input: &[u8]) -> String {
        let mut out = vec![0; encoded_len(input.len())];
        assert!(encode_into(input, &mut out));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn random_bytes_encode_exactly_as_the_base64_crate() {
        let mut rng = Rng::new(3);
        for _ in 0..4096 {
            let input = rng.any_bytes(80);
            assert_eq!(encode(&input), URL_SAFE_NO_PAD.encode(&input));
        }
    }

    #[test]
    fn random_text_decodes_exactly_as_the_base64_crate() {
        // Mostly the alphabet, with the bytes a lax decoder would let through.
        let mut from = ALPHABET.repeat(8);
        from.extend_from_slice(b"=+/ .\n\0\xff\x80");
        let mut rng = Rng::new(5);
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let input = rng.bytes(len, &from);
            let expected = URL_SAFE_NO_PAD.decode(&input).ok();
            assert_eq!(decode(&input).ok(), expected, "{input:?}");
            let mut reused = vec![7; 5];
            let reused = decode_to(&input, &mut reused).ok().map(|()| reused);
            assert_eq!(reused, expected);
            let as_array = decode_array::<3>(&input).ok().map(|a| a.to_vec());
            assert_eq!(as_array, expected.filter(|e| e.len() == 3));
        }
    }

    #[test]
    fn every_length_up_to_a_hundred_encodes_and_decodes_as_the_base64_crate() {
        // Lengths are where the twelve-, six- and three-byte steps and the tail hand over.
        for len in 0..=100usize {
            for seed in [0u8, 0xFF, 0x5A] {
                let input: Vec<u8> = (0..len)
                    .map(|i| seed ^ (i as u8).wrapping_mul(37))
                    .collect();
                let expected = URL_SAFE_NO_PAD.encode(&input);
                assert_eq!(encode(&input), expected, "length {len}");
                assert_eq!(decode(expected.as_bytes()).unwrap(), input, "length {len}");
            }
        }
    }

    #[test]
    fn non_canonical_trailing_bits_and_stray_symbols_are_refused() {
        assert_eq!(decode(b"QQ").unwrap(), b"A");
        assert!(decode(b"QR").is_err(), "unused bits set");
        assert!(decode(b"QUE").is_ok() && decode(b"QUF").is_err());
        assert!(decode(b"Q").is_err() && decode(b"QQ==").is_err() && decode(b"Q+").is_err());
        assert!(!encode_into(b"abc", &mut [0; 3]));
    }
}

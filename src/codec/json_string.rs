//! The bytes of a JSON string: finding the ones that need an escape, and writing a string
//! escaped exactly as `serde_json` escapes it. The verifier's scanner uses the first to
//! find where a plain string ends; the minter uses both to write the strings it carries
//! (identity, name, room, ...) without going through serde for each one.

use super::sink::Sink;
use super::text::Text;

/// A string's bytes, UTF-8 by construction: made only from a `str` or from a builder's
/// [`Text`] (itself copied from a `str`). The writer takes this rather than `&str` so that a
/// `Text` is not checked as UTF-8 again on every token, and rather than `&[u8]` so that no
/// other bytes can reach the payload.
#[derive(Clone, Copy)]
pub(crate) struct Utf8<'a>(&'a [u8]);

impl<'a> From<&'a str> for Utf8<'a> {
    fn from(text: &'a str) -> Self {
        Utf8(text.as_bytes())
    }
}

impl<'a> From<&'a Text> for Utf8<'a> {
    fn from(text: &'a Text) -> Self {
        Utf8(text.as_bytes())
    }
}

/// The bytes JSON does not allow raw inside a string: the quote, the backslash and the
/// control characters. A reader stops at them; a writer escapes them.
#[allow(clippy::indexing_slicing)]
static STRING_STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

fn ends_plain_string(byte: u8) -> bool {
    STRING_STOPS.get(usize::from(byte)).copied().unwrap_or(true)
}

/// How many bytes at the start of `rest` come before the first one in [`STRING_STOPS`]
/// (all of them if none does). Eight bytes per step: in each little-endian word the
/// classic has-zero-byte test flags a quote, a backslash or a byte below 0x20; a flag can
/// be spurious only above a genuine one (the borrow runs upwards), so the lowest flag is
/// exact. The rest goes byte by byte through the table.
#[inline]
// Offsets within `rest` (a word's index times 8 is below its length): none can overflow,
// and this runs over every string of every token.
#[allow(clippy::arithmetic_side_effects)]
pub(crate) fn plain_run(rest: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let (words, tail) = rest.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        let x = u64::from_le_bytes(*word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let stops = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | x.wrapping_sub(ONES * 0x20) & !x)
            & HIGHS;
        if stops != 0 {
            return i * 8 + (stops.trailing_zeros() / 8) as usize;
        }
    }
    let before_tail = words.len() * 8;
    before_tail
        + tail
            .iter()
            .position(|&b| ends_plain_string(b))
            .unwrap_or(tail.len())
}

/// Lower-case hex digits, the ones serde_json writes in `\u00XX`.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `text` as a quoted JSON string, byte for byte what `serde_json` writes for it:
/// `\"`, `\\`, the short escapes `\b \f \n \r \t`, `\u00XX` (lower-case hex) for the
/// other control characters, and every other byte (DEL and non-ASCII included) as is.
pub(crate) fn write_escaped(out: &mut impl Sink, text: Utf8<'_>) {
    let mut rest = text.0;
    out.reserve(rest.len().saturating_add(2));
    out.put_byte(b'"');
    loop {
        // `plain_run` never goes past the end. Were it to, nothing would count as plain and
        // every byte would go through `push_escape`, which writes the ones that need no
        // escape as they are: slower, and still the same text.
        let (plain, after) = rest
            .split_at_checked(plain_run(rest))
            .unwrap_or((&[], rest));
        out.put(plain);
        let Some((&byte, next)) = after.split_first() else {
            break;
        };
        push_escape(out, byte);
        rest = next;
    }
    out.put_byte(b'"');
}

/// Appends `byte` escaped if JSON needs it escaped, and as it is otherwise.
fn push_escape(out: &mut impl Sink, byte: u8) {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x00..=0x1F => {
            let hex = |nibble: u8| HEX.get(usize::from(nibble & 0xF)).copied().unwrap_or(b'0');
            out.put(&[b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte)]);
            return;
        }
        plain => {
            out.put_byte(plain);
            return;
        }
    };
    out.put(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::tests::Rng;

    fn plain_run_byte_by_byte(rest: &[u8]) -> usize {
        rest.iter()
            .position(|&b| ends_plain_string(b))
            .unwrap_or(rest.len())
    }

    #[test]
    fn plain_run_stops_at_the_first_stop_byte_in_any_lane() {
        let stops = [b'"', b'\\', 0x00, 0x01, 0x1F];
        let plain = [b' ', b'!', b'#', b'[', b']', 0x20, 0x7F, 0x80, 0xC3, 0xFF];
        for len in 0..20 {
            for at in 0..=len {
                for &stop in &stops {
                    for &fill in &plain {
                        // A stop byte at `at` (or none when `at == len`), plain bytes before
                        // it, and other stops after it that must not be reported first.
                        let mut bytes = vec![fill; len];
                        if let Some(b) = bytes.get_mut(at) {
                            *b = stop;
                        }
                        for b in bytes.iter_mut().skip(at + 1).step_by(3) {
                            *b = 0x00;
                        }
                        assert_eq!(plain_run(&bytes), at.min(len), "{bytes:?}");
                        assert_eq!(plain_run(&bytes), plain_run_byte_by_byte(&bytes));
                    }
                }
            }
        }
    }

    #[test]
    fn plain_run_agrees_with_the_table_on_random_bytes() {
        let mut rng = Rng::new(13);
        for _ in 0..20_000 {
            let bytes = rng.any_bytes(64);
            assert_eq!(
                plain_run(&bytes),
                plain_run_byte_by_byte(&bytes),
                "{bytes:?}"
            );
        }
    }

    fn escaped(text: &str) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        write_escaped(&mut out, text.into());
        out
    }

    fn by_serde(text: &str) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        serde_json::to_writer(&mut out, text).unwrap();
        out
    }

    #[test]
    fn every_ascii_byte_is_escaped_as_serde_escapes_it() {
        for byte in 0..=0x7Fu8 {
            let alone = char::from(byte).to_string();
            assert_eq!(escaped(&alone), by_serde(&alone), "{byte:#04x}");
            // In every lane of a word, with plain text around it.
            for at in 0..10 {
                let text = format!("{}{alone}{}", "a".repeat(at), "b".repeat(9 - at));
                assert_eq!(escaped(&text), by_serde(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn a_byte_that_needs_no_escape_is_written_as_it_is_even_byte_by_byte() {
        // The path `write_escaped` would take if the scan ever stopped early.
        for text in ["a", "é\"a", "\u{7f}😀\n"] {
            let mut out = b"prefix\"".to_vec();
            text.bytes().for_each(|b| push_escape(&mut out, b));
            out.push(b'"');
            assert_eq!(out, by_serde(text), "{text:?}");
        }
    }

    /// Random strings of every kind of character, and strings dense in the ones that need
    /// an escape.
    #[test]
    fn random_strings_are_escaped_as_serde_escapes_them() {
        let mut rng = Rng::new(17);
        let dense: Vec<char> = (0..0x20u8)
            .map(char::from)
            .chain(['"', '\\', 'a', '\u{7f}', '\u{e9}'])
            .collect();
        for _ in 0..10_000 {
            let any: String = (0..rng.below(80))
                .filter_map(|_| char::from_u32(rng.below(0x11_0000) as u32))
                .collect();
            assert_eq!(escaped(&any), by_serde(&any), "{any:?}");
            let escapes: String = (0..rng.below(40))
                .map(|_| dense[rng.below(dense.len() as u64) as usize])
                .collect();
            assert_eq!(escaped(&escapes), by_serde(&escapes), "{escapes:?}");
        }
    }
}

//! Unsigned integers in decimal, byte for byte as `serde_json` (through `itoa`) writes
//! them, for the dates of every minted token.

use super::sink::Sink;

/// Dates up to here (16 digits; every date a token carries is at most
/// `limits::MAX_EXP`, 2^53 − 1) take the fast path of [`Decimal`].
pub(crate) const MAX_FAST_U64: u64 = 10_u64.pow(16) - 1;

/// Every byte of a `u64` set to `byte`.
const fn lanes(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// `value` (below 10^8) as eight ASCII digits, zero-padded, first digit in the low byte
/// (so `to_le_bytes` gives them in order). No table and no per-digit division: the number
/// is split into two 4-digit halves in 32-bit lanes, each lane into two 2-digit parts in
/// 16-bit lanes, each of those into two digits in bytes, all lanes at once. The quotients
/// come from multiplying by a scaled reciprocal (`n * 5243 >> 19` is `n / 100` for
/// `n < 10_000`, `n * 103 >> 10` is `n / 10` for `n < 100`); the products stay inside their
/// lanes, and the mask drops what shifts in from the lane above.
fn eight_digits(value: u32) -> u64 {
    let (high, low) = (u64::from(value / 10_000), u64::from(value % 10_000));
    let fours = high | low << 32;
    let hundreds = ((fours * 5243) >> 19) & 0x0000_007F_0000_007F;
    let twos = hundreds | (fours - hundreds * 100) << 16;
    let tens = ((twos * 103) >> 10) & 0x000F_000F_000F_000F;
    (tens | (twos - tens * 10) << 8) | lanes(b'0')
}

/// A number's decimal digits, as serde_json (through `itoa`) writes them, held in a
/// register: first digit in the low byte, `len` of the sixteen bytes used.
#[derive(Clone, Copy)]
pub(crate) struct Decimal {
    text: u128,
    len: usize,
}

impl Decimal {
    /// The digits of `value`, or `None` above [`MAX_FAST_U64`] (serde writes those).
    /// Built as two zero-padded halves of eight and shifted past the padding; a date
    /// between 2001 and 2286 has exactly ten digits and skips the digit count.
    pub(crate) fn new(value: u64) -> Option<Decimal> {
        if value > MAX_FAST_U64 {
            return None;
        }
        // Both halves are below 10^8 because `value` is below 10^16.
        let (high, low) = ((value / 100_000_000) as u32, (value % 100_000_000) as u32);
        let low_digits = u128::from(eight_digits(low));
        if (1_000_000_000..10_000_000_000).contains(&value) {
            // `high` is two digits here.
            let high_digits = u128::from((high / 10) | ((high % 10) << 8)) | 0x3030;
            return Some(Decimal {
                text: high_digits | low_digits << 16,
                len: 10,
            });
        }
        let len = value.checked_ilog10().map_or(1, |log| log + 1);
        let padded = u128::from(eight_digits(high)) | low_digits << 64;
        Some(Decimal {
            text: padded >> (8 * (16 - len)),
            len: len as usize,
        })
    }

    /// Appends the digits as one 16-byte value of which the sink keeps `len`: no `memcpy`
    /// call, and no byte-wise stores read back as a block (a store-forwarding stall).
    pub(crate) fn append_to(self, out: &mut impl Sink) {
        out.put_first(self.text.to_le_bytes(), self.len);
    }
}

/// Appends `value` in decimal, as serde_json writes it; returns the digits when they were
/// built here rather than by serde.
#[inline(always)]
pub(crate) fn append_u64(out: &mut impl Sink, value: u64) -> serde_json::Result<Option<Decimal>> {
    match Decimal::new(value) {
        Some(digits) => {
            digits.append_to(out);
            Ok(Some(digits))
        }
        None => serde_json::to_writer(out, &value).map(|()| None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: u64) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        let digits = append_u64(&mut out, value).unwrap();
        // The digits handed back for a second date are the ones just written.
        if let Some(digits) = digits {
            let mut again = b"prefix".to_vec();
            digits.append_to(&mut again);
            assert_eq!(again, out, "{value}");
        }
        out
    }

    fn by_serde(value: u64) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        out.extend_from_slice(serde_json::to_string(&value).unwrap().as_bytes());
        out
    }

    #[test]
    fn integers_are_written_as_serde_writes_them_at_every_digit_count() {
        let mut edges = vec![0, u64::MAX];
        for power in 0..20 {
            let p = 10u64.pow(power);
            edges.extend([p - 1, p, p + 1]);
        }
        for value in edges {
            assert_eq!(written(value), by_serde(value), "{value}");
        }
    }

    #[test]
    fn eight_digits_agree_with_format_across_the_range() {
        let step = (0..100_000_000).step_by(7_919);
        let edges = [0, 9, 10, 99, 100, 9_999, 10_000, 99_999_999];
        for value in step.chain(edges) {
            let text = eight_digits(value).to_le_bytes();
            assert_eq!(text, *format!("{value:08}").as_bytes(), "{value}");
        }
    }

    #[test]
    fn random_integers_of_every_size_are_written_as_serde_writes_them() {
        // Random `u64`s are almost all above the fast path's 16 digits, so the values are
        // drawn at every digit count, and densely among ten-digit dates (2001 to 2286),
        // the path every real token's dates take.
        let mut rng = crate::codec::tests::Rng::new(0x5eed);
        for _ in 0..20_000 {
            let digits = rng.below(20) as u32 + 1;
            let value = rng.next() % 10u64.saturating_pow(digits).max(1);
            assert_eq!(written(value), by_serde(value), "{value}");
            let date = 1_000_000_000 + rng.next() % 9_000_000_000;
            assert_eq!(written(date), by_serde(date), "{date}");
        }
    }
}

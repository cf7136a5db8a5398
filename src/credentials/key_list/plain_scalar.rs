//! Which unquoted values YAML reads as something other than text, as the LiveKit server's
//! reader (go-yaml v3) resolves a plain scalar: `LIVEKIT_KEYS` is read into a map of any
//! values, and a key whose value is not a string is dropped without a word.

use zeroize::Zeroizing;

/// The words YAML reads as a boolean, an infinity or not-a-number (null's words are
/// refused before this, as no secret).
const WORDS: [&str; 18] = [
    "true", "True", "TRUE", "false", "False", "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
    ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

/// Whether YAML reads the unquoted scalar `s` as a number, a boolean or a date rather than
/// a string. Where its reading turns on what the syntax does not show (a float's exponent
/// out of range, a date that is not in the calendar) this says yes: a secret the server
/// keeps may be refused, with the advice to quote it, never the reverse.
pub(super) fn reads_as_other_than_text(s: &str) -> bool {
    if WORDS.contains(&s) {
        return true;
    }
    let first = s.as_bytes().first();
    if !matches!(first, Some(b'.' | b'0'..=b'9' | b'+' | b'-')) {
        return false;
    }
    // Without its `_`, as YAML reads a number. The value is a secret: the copy is made at
    // its full size at once (no smaller buffer left behind) and wiped when dropped.
    let mut plain = Zeroizing::new(String::with_capacity(s.len()));
    plain.extend(s.chars().filter(|&c| c != '_'));
    match first {
        // Read with Go's `ParseFloat`, which takes `_` between two digits.
        Some(b'.') => go_underscores(s) && float(&plain),
        // YAML drops every `_` before reading a number, not a date.
        _ => date(s) || integer(&plain) || float(&plain) || signed_after_prefix(&plain),
    }
}

/// Whether each `_` in `s` stands between two digits, where Go's number syntax takes it.
fn go_underscores(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        let digit = |at: Option<usize>| {
            at.and_then(|at| bytes.get(at))
                .is_some_and(u8::is_ascii_digit)
        };
        b != b'_' || (digit(i.checked_sub(1)) && digit(i.checked_add(1)))
    })
}

/// Go's integer syntax with its base prefixes (`0x`, `0o`, `0b`), within what Go reads it
/// into: 64 bits, signed if it has a sign. A prefixed one past that is text to YAML; a
/// decimal one past it is a float.
fn integer(s: &str) -> bool {
    let (max, body) = match (s.strip_prefix('-'), s.strip_prefix('+')) {
        (Some(body), _) => (1u128 << 63, body),
        (_, Some(body)) => (i64::MAX as u128, body),
        _ => (u64::MAX as u128, s),
    };
    let prefixed = |lower: &str, upper: &str| {
        body.strip_prefix(lower)
            .or_else(|| body.strip_prefix(upper))
    };
    let (radix, digits) = if let Some(digits) = prefixed("0x", "0X") {
        (16, digits)
    } else if let Some(digits) = prefixed("0o", "0O") {
        (8, digits)
    } else if let Some(digits) = prefixed("0b", "0B") {
        (2, digits)
    } else {
        // Go's octal with a leading `0` needs no case: digits alone are a float to YAML
        // whatever their value.
        (10, body)
    };
    fits(digits, radix, max)
}

/// go-yaml's second reading of a lower-case `0b` or `0o`: the digits after it in that base,
/// where a sign may come first (`0b-101`), as Go's parser takes one in a given base.
fn signed_after_prefix(s: &str) -> bool {
    let (radix, rest) = match (s.strip_prefix("0b"), s.strip_prefix("0o")) {
        (Some(rest), _) => (2, rest),
        (_, Some(rest)) => (8, rest),
        _ => return false,
    };
    match (rest.strip_prefix('-'), rest.strip_prefix('+')) {
        (Some(digits), _) => fits(digits, radix, 1u128 << 63),
        (_, Some(digits)) => fits(digits, radix, i64::MAX as u128),
        _ => false,
    }
}

/// Whether `digits` are a number in `radix` of at most `max`.
fn fits(digits: &str, radix: u32, max: u128) -> bool {
    !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
        && u128::from_str_radix(digits, radix).is_ok_and(|value| value <= max)
}

/// YAML's float syntax: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (s, None),
    };
    let mantissa = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && fraction.bytes().all(|b| b.is_ascii_digit()),
        None => digits(mantissa),
    };
    mantissa && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// A date as YAML reads one: `YYYY-M-D`, alone or before a time (after `T`, `t` or a
/// space).
fn date(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let (Some(year), Some(month), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let day_len = rest.find(['T', 't', ' ']).unwrap_or(rest.len());
    let one_or_two = |part: &str| (1..=2).contains(&part.len()) && digits(part);
    year.len() == 4
        && digits(year)
        && one_or_two(month)
        && rest.get(..day_len).is_some_and(one_or_two)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::reads_as_other_than_text;

    // What go-yaml v3.0.1, the server's reader, does with `K: <value>` read into a map of
    // any values (as `LIVEKIT_KEYS` is): the value dropped, as not a string, or kept.
    #[rustfmt::skip]
    const DROPPED: &[&str] = &[
        "true", "True", "TRUE", "false", "False", "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "-.inf", "+.Inf", "-.INF", "0", "00", "07", "08", "0123", "0789", "1",
        "12", "-1", "+1", "1_000", "1_", "1__0", "0x1", "0X1F", "0x_1f", "0x0123456789abcdef",
        "0x0123456789abcdef0", "0xffffffffffffffff", "-0x8000000000000000", "+0x7fffffffffffffff",
        "-0xff", "0b1", "0B101", "-0b101",
        "0b1111111111111111111111111111111111111111111111111111111111111111", "0o7", "0O17",
        "-0o17", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "12345678901234567890123456789012345", "-9223372036854775808",
        "-9223372036854775809", "+9223372036854775807", "+9223372036854775808",
        "+18446744073709551615", ".5", ".5e3", ".5E+3", "1.", "1.5", "1e5", "1E5", "1e+5", "1e-5",
        "1.e5", "-.5", "+.5", "-1.5e-3", "1e-400", "1_0.5", "1.5_0", "1_e5", "2024-01-01",
        "2024-1-1", "2024-01-01T10:00:00Z", "2024-01-01t10:00:00Z", "0e0", "0x12ab",
        "01234567890123456789012345678901", "2024-01-01 10:00:00", "2024-01-01T10:00:00.5+07:00",
        "2024-1-2T3:4:5-07:00",
        // go-yaml's second reading of `0b` and `0o`, which takes a sign after them, and
        // Go's float reader, which takes `_` between digits after a leading `.`.
        "0b-101", "0b+101", "0o-17", "0o+17", "0_b-1", "0b_+1", "0o+7_7", "0b-1_0", ".5_0",
        ".1_2_3", ".5_0e1", ".5e1_0",
    ];
    #[rustfmt::skip]
    const KEPT: &[&str] = &[
        "0B-1", "-0b-1", "0x-1", ".5_", ".5__0", ".5_e1", "yes", "no", "on", "off", "y", "n",
        ".nan2", "inf", "+inf", "nan", "+", "--", "++1", "+-1", "_1", "0x", "0xg",
        "0x10000000000000000", "-0x8000000000000001", "+0x8000000000000000", "0b", "0b2",
        "0b11111111111111111111111111111111111111111111111111111111111111111", "0o", "0o8", ".5e",
        "._5", ".", ".e5", "1.5.1", "1e", "1e+", "1e400", ".1e400", "2024-13-45", "10:00:00",
        "2024-01-01T", "2024-01-01Tgarbage", "2024-01", "2024-01-01x", "02024-01-01", "-2024-01-01",
        "2024-001-01", "2024-01-001", "3f9a0b", "1a2b3c", "0e", "1f", "12ab", "1-2", "1:2", "1,2",
        "12:30", "1/2", "<<", "abc", "APIkey", "secretABC", "0123456789abcdef0123456789abcdef",
    ];

    /// Kept by the server, refused here: whether they are numbers or dates turns on a
    /// range or the calendar, not on their syntax.
    const REFUSED_BY_CHOICE: &[&str] = &[
        "1e400",
        ".1e400",
        "2024-13-45",
        "2024-01-01T",
        "2024-01-01Tgarbage",
    ];

    #[test]
    fn what_the_servers_yaml_reader_drops_is_refused_and_what_it_keeps_is_not() {
        for value in DROPPED {
            assert!(reads_as_other_than_text(value), "{value:?} is dropped");
        }
        for value in KEPT {
            let refused = reads_as_other_than_text(value);
            assert_eq!(refused, REFUSED_BY_CHOICE.contains(value), "{value:?}");
        }
    }
}

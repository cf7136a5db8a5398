//! `--valid-for`: durations in the grammar of Go's `time.ParseDuration`, which is what
//! `lk token create --valid-for` accepts, so an `lk` command line means the same here.
//!
//! The grammar: an optional sign, then one or more decimal numbers (`1`, `1.5`, `.5`, `1.`)
//! each followed by a unit (`ns`, `us`/`µs`/`μs`, `ms`, `s`, `m`, `h`), as in `1h30m`; `0`
//! alone is zero. Like Go, the result must fit a signed 64-bit count of nanoseconds (about
//! 292 years), and a bare number other than `0` has no unit and is refused: `90` could mean
//! seconds or minutes. One extension, kept from this tool's first release: `d`, 24 hours.

use std::time::Duration;

const NANOS_PER_SEC: u128 = 1_000_000_000;
const HOUR: u128 = 3600 * NANOS_PER_SEC;

/// Go's bound: a duration is an `i64` of nanoseconds.
const MAX_NANOS: u128 = i64::MAX as u128;
const MIN_NANOS_MAGNITUDE: u128 = MAX_NANOS + 1;

const EXAMPLES: &str = "write one like 90s, 10m, 1h30m or 1.5h";

fn unit_nanos(unit: &str) -> Option<u128> {
    Some(match unit {
        "ns" => 1,
        "us" | "µs" | "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => NANOS_PER_SEC,
        "m" => 60 * NANOS_PER_SEC,
        "h" => HOUR,
        "d" => 24 * HOUR,
        _ => return None,
    })
}

/// Parses `s` as Go does, to signed nanoseconds.
pub fn parse_go_duration(s: &str) -> Result<i128, String> {
    let invalid = || format!("not a duration: {EXAMPLES}");
    if s.is_empty() {
        return Err(format!("the duration is empty: {EXAMPLES}"));
    }
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(unsigned) => (true, unsigned),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let body = rest;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let (whole, after_whole) = split_digits(rest);
        let (fraction, after_number) = match after_whole.strip_prefix('.') {
            Some(after_dot) => split_digits(after_dot),
            None => ("", after_whole),
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(invalid());
        }
        let unit_len = after_number
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(after_number.len());
        let (unit, after_unit) = after_number.split_at(unit_len);
        if unit.is_empty() {
            // A bare number, the likeliest slip: say what each reading would be written as.
            return Err(if after_unit.is_empty() && rest.len() == body.len() {
                format!("no unit: write {body}s for seconds, or {body}m or {body}h")
            } else {
                "a number without a unit: add one of ns, us, ms, s, m, h".to_owned()
            });
        }
        // The unit is not quoted back: it is part of a value that may be a secret given
        // to the wrong flag.
        let Some(nanos) = unit_nanos(unit) else {
            return Err(
                "unknown unit: use ns, us, ms, s, m or h (or d for 24h), right after the number"
                    .to_owned(),
            );
        };
        total = total
            .checked_add(number_nanos(whole, fraction, nanos).ok_or_else(too_long)?)
            .filter(|t| *t <= MIN_NANOS_MAGNITUDE)
            .ok_or_else(too_long)?;
        rest = after_unit;
    }
    match negative {
        true => Ok((total as i128).saturating_neg()),
        false if total > MAX_NANOS => Err(too_long()),
        false => Ok(total as i128),
    }
}

fn too_long() -> String {
    "too long: a duration must stay under 2562047h (about 292 years)".to_owned()
}

/// The leading ASCII digits of `s`, and what follows them.
fn split_digits(s: &str) -> (&str, &str) {
    s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()))
}

/// `whole.fraction` units of `unit` nanoseconds, truncated to whole nanoseconds; `None` on
/// overflow. Go reads at most ~18 fraction digits and ignores the rest; so does this, and
/// since a unit is at most 8.64e13 ns, digits past the eighteenth cannot reach a nanosecond.
fn number_nanos(whole: &str, fraction: &str, unit: u128) -> Option<u128> {
    let digit = |d: char| d.to_digit(10).map(u128::from);
    let mut value: u128 = 0;
    for d in whole.chars() {
        value = value.checked_mul(10)?.checked_add(digit(d)?)?;
        if value > MIN_NANOS_MAGNITUDE {
            return None;
        }
    }
    let nanos = value.checked_mul(unit)?;
    let (mut numerator, mut scale): (u128, u128) = (0, 1);
    for d in fraction.chars().take(18) {
        numerator = numerator.checked_mul(10)?.checked_add(digit(d)?)?;
        scale = scale.checked_mul(10)?;
    }
    nanos.checked_add(numerator.checked_mul(unit)?.checked_div(scale)?)
}

/// `--valid-for`: a positive whole number of seconds, since token times are whole seconds.
pub fn parse_valid_for(s: &str) -> Result<Duration, String> {
    let nanos = parse_go_duration(s)?;
    if nanos < 0 {
        return Err(
            "a token cannot be valid for a negative time: pass a positive duration such as 5m"
                .into(),
        );
    }
    if nanos == 0 {
        return Err(
            "it is zero, so the token would be born expired: pass a positive duration such as 5m"
                .into(),
        );
    }
    let nanos = nanos.unsigned_abs();
    let secs = nanos / NANOS_PER_SEC;
    if nanos % NANOS_PER_SEC != 0 {
        let hint = match secs {
            0 => "1s or more".to_owned(),
            n => format!("{n}s or {}s", n.saturating_add(1)),
        };
        return Err(format!(
            "not a whole number of seconds, which token times are: pass {hint}"
        ));
    }
    u64::try_from(secs)
        .map(Duration::from_secs)
        .map_err(|_| too_long())
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = NANOS_PER_SEC as i128;

    fn secs(s: &str) -> Result<u64, String> {
        parse_valid_for(s).map(|d| d.as_secs())
    }

    #[test]
    fn go_examples_parse_to_gos_values() {
        for (text, nanos) in [
            ("1h30m", 5400 * S),
            ("1.5h", 5400 * S),
            ("90s", 90 * S),
            ("300ms", 300_000_000),
            ("-1h", -3600 * S),
            ("+5m", 300 * S),
            ("0", 0),
            ("-0", 0),
            ("0s", 0),
            (".5s", S / 2),
            ("1.s", S),
            ("1h1m1s1ms1us1µs1μs1ns", 3661 * S + 1_003_001),
            ("2d", 2 * 86_400 * S),
            ("1.0000000001s", S),
            ("2562047h47m16.854775807s", i64::MAX as i128),
            ("-2562047h47m16.854775808s", i64::MIN as i128),
            // One number at the bound itself, as Go's leadingInt allows it.
            ("-9223372036854775808ns", i64::MIN as i128),
        ] {
            assert_eq!(parse_go_duration(text), Ok(nanos), "{text}");
        }
    }

    #[test]
    fn go_refusals_are_refused_with_a_reason() {
        for (text, reason) in [
            ("", "empty"),
            ("-", "not a duration"),
            ("h", "not a duration"),
            (".s", "not a duration"),
            ("1..5s", "without a unit"),
            ("garbage", "not a duration"),
            ("90", "write 90s for seconds"),
            ("1h30", "without a unit"),
            ("1y", "unknown unit: use ns"),
            ("1 h", "right after the number"),
            ("2562047h47m16.854775808s", "too long"),
            ("9999999999999999999999h", "too long"),
            ("99999999999999999999999999999999999999999ns", "too long"),
        ] {
            let err = parse_go_duration(text).expect_err(text);
            assert!(err.contains(reason), "{text}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }

    #[test]
    fn valid_for_is_positive_whole_seconds() {
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs("1.5h"), Ok(5400));
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("2000ms"), Ok(2));
        assert!(secs("-1h").is_err_and(|e| e.contains("negative")));
        assert!(secs("0s").is_err_and(|e| e.contains("zero")));
        assert!(secs("0").is_err_and(|e| e.contains("zero")));
        assert!(secs("300ms").is_err_and(|e| e.contains("1s or more")));
        assert!(secs("1500ms").is_err_and(|e| e.contains("pass 1s or 2s")));
        assert!(secs("garbage").is_err());
        assert!(secs("99999999h").is_err_and(|e| e.contains("too long")));
    }
}

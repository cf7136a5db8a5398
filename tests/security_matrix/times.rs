//! Time claims: `exp`, `nbf`, `iat`, leeway, clocks, lifetimes (T rules).

use super::*;

fn at_exp(exp: Value) -> Result<Claims, VerifyError> {
    verifier().verify_both(&signed(HEADER, &claims(json!({"exp": exp}))))
}

#[test]
fn t01_missing_exp() {
    assert_eq!(at_exp(Value::Null), Err(VerifyError::MissingClaim("exp")));
}

#[test]
fn t02_exp_boundary_with_60s_leeway() {
    assert!(at_exp(json!(NOW - 59)).is_ok());
    assert_eq!(
        at_exp(json!(NOW - 60)),
        Err(VerifyError::Expired),
        "the server rejects at equality"
    );
    assert_eq!(at_exp(json!(NOW - 61)), Err(VerifyError::Expired));
}

/// The server reads a date as its whole seconds before it compares (golang-jwt truncates
/// to one second), so half a second past either boundary changes nothing.
#[test]
fn t02_t03_a_fractional_date_is_compared_as_its_whole_seconds() {
    let half = |secs: u64| json!(secs as f64 + 0.5);
    assert_eq!(at_exp(half(NOW - 60)), Err(VerifyError::Expired));
    assert_eq!(at_exp(half(NOW - 59)).unwrap().exp, Some(NOW - 59));
    let at_nbf = |nbf: Value| {
        verifier()
            .verify_both(&signed(
                HEADER,
                &claims(json!({"nbf": nbf, "exp": NOW + 600})),
            ))
            .map(|c| c.nbf)
    };
    assert_eq!(at_nbf(half(NOW + 60)), Ok(Some(NOW + 60)));
    assert_eq!(at_nbf(half(NOW + 61)), Err(VerifyError::NotYetValid));
    // The lifetime is the whole seconds' too.
    let capped = verifier().with_max_lifetime(std::time::Duration::from_secs(600));
    let exp = |exp: Value| capped.verify_both(&signed(HEADER, &claims(json!({"exp": exp}))));
    assert!(exp(half(NOW + 600)).is_ok());
    assert_eq!(exp(half(NOW + 601)), Err(VerifyError::LifetimeTooLong));
}

#[test]
fn t03_nbf_boundary_with_60s_leeway() {
    let t = |nbf: u64| {
        verifier()
            .verify_both(&signed(
                HEADER,
                &claims(json!({"nbf": nbf, "exp": NOW + 600})),
            ))
            .map(|_| ())
    };
    assert!(t(NOW + 60).is_ok());
    assert_eq!(t(NOW + 61), Err(VerifyError::NotYetValid));
}

#[test]
fn t02_t03_a_configured_leeway_moves_both_boundaries() {
    let at = |leeway: u64, dates: Value| {
        verifier()
            .with_leeway(std::time::Duration::from_secs(leeway))
            .unwrap()
            .verify_both(&signed(HEADER, &claims(dates)))
            .map(|_| ())
    };
    assert_eq!(at(0, json!({"exp": NOW})), Err(VerifyError::Expired));
    assert!(at(0, json!({"exp": NOW + 1})).is_ok());
    assert_eq!(
        at(0, json!({"nbf": NOW + 1, "exp": NOW + 600})),
        Err(VerifyError::NotYetValid)
    );
    assert!(at(300, json!({"exp": NOW - 299})).is_ok());
    assert_eq!(
        at(300, json!({"exp": NOW - 300})),
        Err(VerifyError::Expired)
    );
    assert!(at(300, json!({"nbf": NOW + 300, "exp": NOW + 600})).is_ok());
    assert_eq!(
        at(300, json!({"nbf": NOW + 301, "exp": NOW + 600})),
        Err(VerifyError::NotYetValid)
    );
}

#[test]
fn t04_string_exp_or_nbf_is_invalid() {
    // Stricter than the server: Go's json.Number reads numeric strings (the CVE-2026-25537 class).
    for (member, value) in [
        ("exp", r#""1700000600""#),
        ("nbf", r#""x""#),
        ("nbf", r#""1700000000""#),
        ("nbf", r#""0""#),
        ("nbf", r#""1.7e9""#),
    ] {
        assert_eq!(
            verifier().verify_both(&signed_with_raw(member, value)),
            Err(VerifyError::InvalidClaim(member)),
            "{member}: {value}"
        );
    }
}

/// A token whose `member` is written as the raw JSON `value`, with an `exp` a minute ahead
/// unless `exp` is the member.
fn signed_with_raw(member: &str, value: &str) -> String {
    let exp = match member {
        "exp" => String::new(),
        _ => format!(r#","exp":{}"#, NOW + 60),
    };
    signed(
        HEADER,
        &format!(r#"{{"iss":"{KEY}","sub":"u"{exp},"{member}":{value}}}"#),
    )
}

#[test]
fn t05_negative_zero_null_and_bool_exp() {
    assert_eq!(at_exp(json!(-1)), Err(VerifyError::Expired));
    assert_eq!(at_exp(json!(0)), Err(VerifyError::Expired));
    assert_eq!(at_exp(Value::Null), Err(VerifyError::MissingClaim("exp")));
    let t = signed(HEADER, &format!(r#"{{"iss":"{KEY}","exp":null}}"#));
    assert_eq!(
        verifier().verify_both(&t),
        Err(VerifyError::MissingClaim("exp"))
    );
    assert_eq!(at_exp(json!(true)), Err(VerifyError::InvalidClaim("exp")));
    // A negative `nbf` or `iat` is before 1970: it reads as 0, as the server reads it.
    let t = signed(
        HEADER,
        &format!(
            r#"{{"iss":"{KEY}","nbf":-5,"iat":-1e300,"exp":{}}}"#,
            NOW + 600
        ),
    );
    let c = verifier().verify_both(&t).unwrap();
    assert_eq!((c.nbf, c.iat), (Some(0), Some(0)));
}

/// A `null` `nbf` is a type error, as the official Node, Python and Rust verifiers read
/// it, not an absent claim: read as absent it would let a token claim no start at all.
#[test]
fn t05_null_nbf_is_a_type_error_not_an_absent_claim() {
    // `null`, and a boolean as for `exp`.
    for nbf in ["null", "true"] {
        let t = signed(
            HEADER,
            &format!(r#"{{"iss":"{KEY}","nbf":{nbf},"exp":{}}}"#, NOW + 600),
        );
        assert_eq!(
            verifier().verify_both(&t),
            Err(VerifyError::InvalidClaim("nbf")),
            "{nbf}"
        );
    }
    // The same token without `nbf` verifies: only the value is refused.
    let t = signed(HEADER, &format!(r#"{{"iss":"{KEY}","exp":{}}}"#, NOW + 600));
    assert!(verifier().verify_both(&t).is_ok());
}

#[test]
fn t06_fractional_and_exponent_dates_are_legal_and_iat_is_ignored() {
    let c = at_exp(json!((NOW + 600) as f64 + 0.7)).unwrap();
    assert_eq!(c.exp, Some(NOW + 600));
    let t = signed(
        HEADER,
        &format!(r#"{{"iss":"{KEY}","exp":1.7000006e9,"iat":9e15}}"#),
    );
    assert!(verifier().verify_both(&t).is_ok());
    // Its value is ignored, as by the server: out of range or `null`, it reads as none.
    // Its type is not: the server's JWT library refuses a token whose `iat` is not a
    // number (a numeric string it reads, as dates, and this verifier does not: T04).
    for (iat, verdict) in [
        ("9e300", Ok(None)),
        ("null", Ok(None)),
        (r#""whenever""#, Err(VerifyError::InvalidClaim("iat"))),
        (r#""1700000000""#, Err(VerifyError::InvalidClaim("iat"))),
        ("true", Err(VerifyError::InvalidClaim("iat"))),
        ("{}", Err(VerifyError::InvalidClaim("iat"))),
        ("[]", Err(VerifyError::InvalidClaim("iat"))),
    ] {
        let read = verifier().verify_both(&signed_with_raw("iat", iat));
        assert_eq!(read.map(|claims| claims.iat), verdict, "{iat}");
    }
}

/// A date with a leading zero or with no digits at all is not JSON: refused as malformed
/// by every reader, the byte scanner of the usual shape included.
#[test]
fn t06_a_date_that_is_not_json_is_malformed() {
    let exp = NOW + 600;
    for nbf in [format!("0{NOW}"), "00".into(), "05".into(), String::new()] {
        let payload = format!(
            r#"{{"iss":"{KEY}","sub":"u","nbf":{nbf},"exp":{exp},"video":{{"roomJoin":true,"room":"r"}}}}"#
        );
        assert_eq!(
            malformed(&signed(HEADER, &payload)),
            Some(Malformed::Json),
            "{payload}"
        );
    }
    let payload = format!(r#"{{"iss":"{KEY}","sub":"u","exp":}}"#);
    assert_eq!(
        malformed(&signed(HEADER, &payload)),
        Some(Malformed::Json),
        "{payload}"
    );
}

#[test]
fn t07_out_of_range_exp_is_invalid_not_eternal() {
    // The limit itself: 2^53 − 1 is a date, 2^53 is not.
    assert!(at_exp(json!(9_007_199_254_740_991u64)).is_ok());
    for exp in [
        json!(9_007_199_254_740_992u64),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(1e20),
        json!(1e300),
    ] {
        assert_eq!(
            at_exp(exp.clone()),
            Err(VerifyError::InvalidClaim("exp")),
            "{exp}"
        );
    }
}

#[test]
fn t08_far_future_exp_and_max_lifetime() {
    assert!(at_exp(json!(253_402_300_799u64)).is_ok());
    assert!(at_exp(json!(1e15)).is_ok());
    let v = verifier().with_max_lifetime(std::time::Duration::from_secs(86_400));
    let t = signed(HEADER, &claims(json!({"exp": 253_402_300_799u64})));
    assert_eq!(v.verify_both(&t), Err(VerifyError::LifetimeTooLong));
}

#[test]
fn t09_broken_clock_and_unsafe_leeway_are_errors_not_panics() {
    let v = TokenVerifier::new(&creds()).with_clock(BeforeEpoch);
    assert_eq!(v.verify_both(&good()), Err(VerifyError::Clock));
    // With one key, what is refused for its form or its signature is refused before the
    // clock is read, so a broken clock does not hide why. (A key ring reads the issuer,
    // and so the clock, before the MAC.)
    assert_eq!(
        v.verify_both("not-a-token"),
        Err(VerifyError::Malformed(Malformed::Segments))
    );
    let forged = signed_with(
        HEADER,
        &claims(json!({})),
        b"another-secret-0123456789abcdef01",
    );
    assert_eq!(v.verify_both(&forged), Err(VerifyError::InvalidSignature));
    // `Duration::MAX` (a fractional second on top of u64::MAX) once overflowed the
    // rounding-up of the reported figure.
    for (leeway, secs) in [
        (std::time::Duration::from_secs(301), 301),
        // Over the limit by half a second: reported as the whole second above it.
        (std::time::Duration::from_millis(300_500), 301),
        (std::time::Duration::from_secs(u64::MAX), u64::MAX),
        (std::time::Duration::MAX, u64::MAX),
    ] {
        let e = TokenVerifier::new(&creds()).with_leeway(leeway).err();
        assert_eq!(
            e,
            Some(VerifierConfigError::LeewayTooLarge { secs, max: 300 }),
            "{leeway:?}"
        );
    }
    assert!(
        TokenVerifier::new(&creds())
            .with_leeway(std::time::Duration::from_secs(300))
            .is_ok()
    );
    // A clock near the end of the representable range: no overflow anywhere.
    let v = TokenVerifier::new(&creds()).with_clock(FixedClock(u64::MAX));
    assert_eq!(v.verify_both(&good()), Err(VerifyError::Expired));
}

#[test]
fn t10_mint_ttl_zero_or_overflowing_is_an_error() {
    let creds = creds();
    let t = AccessToken::with_credentials(&creds);
    assert!(matches!(t.add_ttl(0).to_jwt(), Err(TokenError::ZeroTtl)));
    let t = AccessToken::with_credentials(&creds);
    assert!(matches!(
        t.add_ttl(std::time::Duration::MAX).to_jwt(),
        Err(TokenError::TtlOverflow)
    ));
}

//! The JOSE header: algorithm, `crit`, key hints, `typ`/`cty`, size (H rules).

use super::*;

#[test]
fn h01_none_and_miscased_or_missing_alg() {
    let p = b64(claims(json!({})));
    for alg in ["none", "None", "NONE", "nOnE"] {
        let t = format!("{}.{p}.", b64(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#)));
        assert_eq!(err(&t), VerifyError::UnsupportedAlgorithm, "{alg}");
    }
    for header in [r#"{"alg":"hs256"}"#, r#"{"typ":"JWT"}"#, r#"{"alg":null}"#] {
        assert_eq!(
            err(&signed(header, &claims(json!({})))),
            VerifyError::UnsupportedAlgorithm,
            "{header}"
        );
    }
}

#[test]
fn h02_other_algorithms_even_with_the_real_secret() {
    let payload = b64(claims(json!({})));
    for (alg, name) in [(Algorithm::HS384, "HS384"), (Algorithm::HS512, "HS512")] {
        let input = format!("{}.{payload}", b64(format!(r#"{{"alg":"{name}"}}"#)));
        let t = format!("{input}.{}", mac(alg, SECRET.as_bytes(), &input));
        assert_eq!(err(&t), VerifyError::UnsupportedAlgorithm, "{name}");
    }
    for name in ["RS256", "ES256", "EdDSA"] {
        let t = signed(&format!(r#"{{"alg":"{name}"}}"#), &claims(json!({})));
        assert_eq!(err(&t), VerifyError::UnsupportedAlgorithm, "{name}");
    }
}

#[test]
fn h03_crit_is_refused() {
    // Stricter than the server: RFC 7515 §4.1.11 makes an unknown critical extension fatal; the server ignores it.
    for header in [
        r#"{"alg":"HS256","crit":["x"],"x":1}"#,
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
    ] {
        assert_eq!(
            err(&signed(header, &claims(json!({})))),
            VerifyError::CritUnsupported,
            "{header}"
        );
    }
}

/// RFC 7797's `b64: false` signs the payload unencoded: a reader that honours it checks
/// the signature over other bytes than one that ignores it, as the server does.
#[test]
fn h07_a_b64_other_than_true_is_refused() {
    // `true`, the default, is the one value that verifies.
    let values = [
        json!(true),
        json!(false),
        json!("false"),
        json!(null),
        json!(0),
        json!({}),
    ];
    for b64 in values {
        let header = json!({"alg": "HS256", "b64": b64}).to_string();
        let verdict = verifier().verify_both(&signed(&header, &claims(json!({}))));
        let refused = b64 != json!(true);
        assert_eq!(
            verdict.err(),
            refused.then_some(VerifyError::UnencodedPayload),
            "{header}"
        );
    }
}

#[test]
fn h04_key_hints_in_the_header_are_ignored() {
    // The key comes from `iss` only: no file or network access, no attacker-chosen key.
    for header in [
        r#"{"alg":"HS256","kid":"../../dev/null"}"#,
        r#"{"alg":"HS256","jku":"https://attacker.invalid/jwks"}"#,
        r#"{"alg":"HS256","x5u":"https://attacker.invalid/x5u"}"#,
        r#"{"alg":"HS256","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}"#,
        r#"{"alg":"HS256","x5c":["MIIB"]}"#,
        // Whatever their type: jsonwebtoken refuses these, the server reads none.
        r#"{"alg":"HS256","kid":5}"#,
        r#"{"alg":"HS256","kid":null}"#,
        r#"{"alg":"HS256","jku":{}}"#,
        r#"{"alg":"HS256","x5c":"MIIB"}"#,
        r#"{"alg":"HS256","jwk":"k"}"#,
        r#"{"alg":"HS256","x5t":5}"#,
        r#"{"alg":"HS256","x5t#S256":5}"#,
        // JWE's members, meaningless in a JWS: no payload is decrypted or inflated.
        r#"{"alg":"HS256","enc":"A128GCM","zip":"DEF"}"#,
        r#"{"alg":"HS256","enc":5,"zip":[]}"#,
        r#"{"alg":"HS256","url":5,"nonce":{}}"#,
    ] {
        for secret in [b"attacker".as_slice(), b"".as_slice()] {
            assert_eq!(
                err(&signed_with(header, &claims(json!({})), secret)),
                VerifyError::InvalidSignature
            );
        }
        // Signed with the real secret, the hints are harmless and ignored.
        assert!(
            verifier()
                .verify_both(&signed(header, &claims(json!({}))))
                .is_ok()
        );
    }
}

#[test]
fn h05_typ_and_cty() {
    for header in [
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"HS256","typ":"jwt"}"#,
    ] {
        assert!(
            verifier()
                .verify_both(&signed(header, &claims(json!({}))))
                .is_ok(),
            "{header}"
        );
    }
    // Stricter than the server: an access-token typ or a content type is not a LiveKit token.
    for header in [
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        r#"{"alg":"HS256","cty":"JWT"}"#,
        r#"{"alg":"HS256","cty":""}"#,
        r#"{"alg":"HS256","cty":null}"#,
        r#"{"alg":"HS256","cty":5}"#,
        r#"{"alg":"HS256","typ":5}"#,
        r#"{"alg":"HS256","typ":null}"#,
    ] {
        assert_eq!(
            err(&signed(header, &claims(json!({})))),
            VerifyError::UnsupportedType,
            "{header}"
        );
    }
}

#[test]
fn h06_oversized_header_is_refused_before_decoding() {
    // Stricter than the server: no legitimate header is anywhere near 8 KiB.
    let header = format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "a".repeat(9000));
    match err(&signed(&header, &claims(json!({})))) {
        e @ VerifyError::TooLarge {
            part: TokenPart::Header,
            ..
        } => {
            // No setting raises this limit, so the message must not offer one.
            let text = e.to_string();
            assert!(text.starts_with("the token header is "), "{text}");
            assert!(text.contains("this limit is fixed"), "{text}");
            assert!(!text.contains("with_max_token_bytes"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // Before decoding: an oversized header that is not even base64url is refused for its
    // size, not its encoding.
    let garbage = format!("{}.e30.AAAA", "!".repeat(9000));
    assert!(
        matches!(
            err(&garbage),
            VerifyError::TooLarge {
                part: TokenPart::Header,
                len: 9000,
                ..
            }
        ),
        "{:?}",
        err(&garbage)
    );
    // The limit is 8 KiB of encoded header, inclusive: 6,144 bytes encode to exactly 8,192.
    let sized = |len: usize| {
        let fixed = r#"{"alg":"HS256","pad":""}"#.len();
        format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "a".repeat(len - fixed))
    };
    let at_limit = signed(&sized(6144), &claims(json!({})));
    assert_eq!(at_limit.split('.').next().map(str::len), Some(8192));
    assert!(verifier().verify_both(&at_limit).is_ok());
    match err(&signed(&sized(6145), &claims(json!({})))) {
        VerifyError::TooLarge {
            part: TokenPart::Header,
            len: 8194,
            max: 8192,
        } => {}
        other => panic!("{other:?}"),
    }
}

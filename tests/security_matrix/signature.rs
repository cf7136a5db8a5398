//! Signature and key: truncation, bit flips, secrets, issuers, the key ring (S rules).
//! S07 (Wycheproof's HMAC vectors) is `tests/wycheproof.rs`.

use super::*;

#[test]
fn s01_empty_truncated_and_zero_signatures() {
    let g = good();
    let (input, sig) = g.rsplit_once('.').unwrap();
    let tag = URL_SAFE_NO_PAD.decode(sig).unwrap();
    let mut cases = vec![
        String::new(),
        b64(&tag[..16]),
        b64(&tag[..31]),
        b64([0u8; 32]),
    ];
    let mut long = tag.clone();
    long.push(0);
    cases.push(b64(long));
    for s in cases {
        assert_eq!(
            err(&format!("{input}.{s}")),
            VerifyError::InvalidSignature,
            "{s:?}"
        );
    }
}

#[test]
fn s02_every_bit_flip_and_any_changed_byte_fails() {
    let g = good();
    let (input, sig) = g.rsplit_once('.').unwrap();
    let tag = URL_SAFE_NO_PAD.decode(sig).unwrap();
    for bit in 0..256 {
        let mut t = tag.clone();
        t[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            err(&format!("{input}.{}", b64(t))),
            VerifyError::InvalidSignature,
            "bit {bit}"
        );
    }
    let (h, p) = input.split_once('.').unwrap();
    // The same header members, one byte different: the MAC covers the exact text.
    let other_header = b64(r#"{"alg":"HS256","typ":"JWT" }"#);
    assert_eq!(
        err(&format!("{other_header}.{p}.{sig}")),
        VerifyError::InvalidSignature
    );
    let other_payload = b64(claims(json!({"sub": "v"})));
    assert_eq!(
        err(&format!("{h}.{other_payload}.{sig}")),
        VerifyError::InvalidSignature
    );
}

#[test]
fn s03_empty_secret_and_trailing_newline_secret() {
    for secret in [String::new(), format!("{SECRET}\n")] {
        assert_eq!(
            err(&signed_with(HEADER, &claims(json!({})), secret.as_bytes())),
            VerifyError::InvalidSignature
        );
    }
    // The other way: a verifier given the secret with a newline keeps it, so the newline
    // is part of the key and a token signed without it is refused.
    let with_newline = Credentials::new(KEY, format!("{SECRET}\n")).unwrap();
    let token = signed(HEADER, &claims(json!({})));
    assert!(verifier().verify_both(&token).is_ok());
    assert_eq!(
        TokenVerifier::new(&with_newline)
            .with_clock(FixedClock(NOW))
            .verify_both(&token),
        Err(VerifyError::InvalidSignature)
    );
}

#[test]
fn s04_issuer_unknown_missing_or_not_a_string() {
    // livekit-token 0.4.0 accepts the missing-iss case; the server does not, nor do we.
    assert_eq!(
        err(&signed(HEADER, &claims(json!({"iss": "APIother"})))),
        VerifyError::UnknownApiKey
    );
    let missing = json!({"sub": "u", "exp": NOW + 60}).to_string();
    assert_eq!(
        err(&signed(HEADER, &missing)),
        VerifyError::MissingClaim("iss")
    );
    for iss in [json!([KEY]), json!(5)] {
        assert_eq!(
            err(&signed(HEADER, &claims(json!({"iss": iss})))),
            VerifyError::InvalidClaim("iss")
        );
    }
}

#[test]
fn s05_key_ring_token_claims_b_but_is_signed_with_a() {
    let a = Credentials::new("APIa", "secret-a-0123456789abcdef0123456789").unwrap();
    let b = Credentials::new("APIb", "secret-b-0123456789abcdef0123456789").unwrap();
    let ring = KeyRing::new().with(a).unwrap().with(b).unwrap();
    let v = TokenVerifier::from_key_ring(ring)
        .unwrap()
        .with_clock(FixedClock(NOW));
    let forged = signed_with(
        HEADER,
        &claims(json!({"iss": "APIb"})),
        b"secret-a-0123456789abcdef0123456789",
    );
    assert_eq!(v.verify_both(&forged), Err(VerifyError::InvalidSignature));
    let honest = signed_with(
        HEADER,
        &claims(json!({"iss": "APIb"})),
        b"secret-b-0123456789abcdef0123456789",
    );
    assert!(v.verify_both(&honest).is_ok());
}

#[test]
fn s06_golden_vectors_verify_with_the_secret_used_verbatim() {
    let fixtures: Value =
        serde_json::from_str(include_str!("../fixtures/golden_tokens.json")).unwrap();
    for f in fixtures.as_array().unwrap() {
        let keys = format!(
            "{}: {}",
            f["api_key"].as_str().unwrap(),
            f["secret"].as_str().unwrap()
        );
        let ring = KeyRing::from_keys_str_allowing_insecure_short_secrets(&keys).unwrap();
        let at = f["nbf"].as_u64().unwrap() + 10;
        let v = TokenVerifier::from_key_ring(ring)
            .unwrap()
            .with_clock(FixedClock(at));
        let c = v
            .verify_both(f["token"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f["source"]));
        assert_eq!(c.identity(), f["identity"].as_str());
        assert!(
            matches!(
                KeyRing::from_keys_str(&keys),
                Err(CredentialsError::KeyListWeakSecret { .. })
            ),
            "short secrets need the opt-in"
        );
    }
}

#[test]
fn s04_a_forged_token_is_refused_for_the_right_reason_without_a_full_parse() {
    // With one key the MAC is checked first; the reason is then read from `iss` alone.
    let forge = |payload: &str| {
        err(&signed_with(
            HEADER,
            payload,
            b"not-the-secret-0123456789abcdef0123",
        ))
    };
    assert_eq!(forge(&claims(json!({}))), VerifyError::InvalidSignature);
    assert_eq!(
        forge(&claims(json!({"iss": "APIother"}))),
        VerifyError::UnknownApiKey
    );
    assert_eq!(forge(r#"{"sub":"u"}"#), VerifyError::MissingClaim("iss"));
    assert_eq!(forge(r#"{"iss":5}"#), VerifyError::InvalidClaim("iss"));
    assert_eq!(
        forge(&format!(r#"{{"iss":"{KEY}","iss":"{KEY}"}}"#)),
        VerifyError::Malformed(Malformed::DuplicateMember)
    );
    assert_eq!(forge("[]"), VerifyError::Malformed(Malformed::Json));
    // JSON may start with white space: still the signature, as with a key ring.
    let spaced = format!(" \t\r\n{}", claims(json!({})));
    assert_eq!(forge(&spaced), VerifyError::InvalidSignature);
    assert_eq!(forge(" []"), VerifyError::Malformed(Malformed::Json));
    assert_eq!(forge("{"), VerifyError::Malformed(Malformed::Json));
    // Not a full parse: values other than `iss` are not read, so a duplicate nested in one
    // (which a full parse refuses as `DuplicateMember`) leaves the signature the reason.
    assert_eq!(
        forge(&format!(r#"{{"iss":"{KEY}","x":{{"a":1,"a":2}}}}"#)),
        VerifyError::InvalidSignature
    );
}

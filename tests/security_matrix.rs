//! The verifier's rules of `SECURITY.md`, against hostile input: one or more tests per
//! rule, each named after its id (`m01_…`); `.ci/check-security-rules` fails when a test
//! the file names is missing. Where this crate refuses what the LiveKit server accepts
//! (the list at the top of `SECURITY.md`), the test says why.

use std::fmt::Display;
use std::marker::PhantomData;
use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey};
use livekit_access_token::*;
use serde_json::{Value, json};

mod common;
use common::{API_KEY as KEY, NOW, SECRET, creds, verifier};

/// Every verification in this file goes through both of the verifier's readers: the fast
/// path (tokens of the usual shape) must return exactly what the strict path alone
/// returns, the same claims or the same error, on every hostile input here.
trait VerifyBoth {
    fn verify_both(&self, token: &str) -> Result<Claims, VerifyError>;
}

impl VerifyBoth for TokenVerifier {
    fn verify_both(&self, token: &str) -> Result<Claims, VerifyError> {
        let verified = self.verify(token);
        assert_eq!(
            verified,
            __private::verify_strict(self, token),
            "the fast path and the strict path disagree"
        );
        verified
    }
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn mac(alg: Algorithm, secret: &[u8], message: &str) -> String {
    jsonwebtoken::crypto::sign(message.as_bytes(), &EncodingKey::from_secret(secret), alg).unwrap()
}

/// Signs arbitrary header and payload text, so hostile shapes get past the MAC.
fn signed_with(header: &str, payload: &str, secret: &[u8]) -> String {
    common::sign_raw(header, payload, secret)
}

fn signed(header: &str, payload: &str) -> String {
    signed_with(header, payload, SECRET.as_bytes())
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn claims(extra: Value) -> String {
    let mut base = json!({"iss": KEY, "sub": "u", "nbf": NOW, "exp": NOW + 600, "video": {"roomJoin": true, "room": "r"}});
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            if v.is_null() {
                b.remove(&k);
            } else {
                b.insert(k, v);
            }
        }
    }
    base.to_string()
}

fn good() -> String {
    signed(HEADER, &claims(json!({})))
}

fn err(token: &str) -> VerifyError {
    match verifier().verify_both(token) {
        Err(e) => e,
        Ok(c) => panic!("accepted a hostile token: {c:?}"),
    }
}

fn malformed(token: &str) -> Option<Malformed> {
    match err(token) {
        VerifyError::Malformed(m) => Some(m),
        _ => None,
    }
}

#[test]
fn baseline_good_token_verifies() {
    let c = verifier().verify_both(&good()).unwrap();
    assert_eq!(c.identity(), Some("u"));
}

// ---------------------------------------------------------------- malformed encoding

#[test]
fn m01_wrong_segment_counts() {
    let g = good();
    let parts: Vec<&str> = g.split('.').collect();
    for t in [
        String::new(),
        "..".into(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{g}.{}", parts[2]),
        format!(
            "{}.{}.{}.{}.{}",
            parts[0], parts[1], parts[2], parts[2], parts[2]
        ),
    ] {
        assert_eq!(malformed(&t), Some(Malformed::Segments), "{t:?}");
    }
}

#[test]
fn m02_padding_alphabet_and_stray_characters() {
    // `=` padding, re-signed over the padded text so only the encoding is wrong.
    let h = STANDARD
        .encode(r#"{"alg":"HS256","typ":"JWT" }"#)
        .replace('+', "-")
        .replace('/', "_");
    let p = b64(claims(json!({})));
    let input = format!("{h}.{p}");
    assert!(h.ends_with('='), "the header needs padding for this case");
    let t = format!(
        "{input}.{}",
        mac(Algorithm::HS256, SECRET.as_bytes(), &input)
    );
    assert_eq!(malformed(&t), Some(Malformed::Base64));
    // `+` / `/` instead of `-` / `_`, and stray characters, in the signature.
    let g = good();
    let (input, sig) = g.rsplit_once('.').unwrap();
    let rest = sig.get(1..).unwrap();
    for bad in [
        format!("+{rest}"),
        format!("/{rest}"),
        format!("{sig} "),
        format!("{sig}\n"),
        format!("{sig}?"),
        format!("#{sig}"),
    ] {
        assert_eq!(
            malformed(&format!("{input}.{bad}")),
            Some(Malformed::Base64),
            "{bad:?}"
        );
    }
    assert_eq!(
        malformed(&format!("{input}.{}+", sig.get(..sig.len() - 1).unwrap())),
        Some(Malformed::Base64)
    );
}

#[test]
fn m03_non_canonical_trailing_bits_are_refused() {
    // Stricter than the server: Go decodes these leniently; a token has exactly one valid spelling here.
    let g = good();
    let (input, sig) = g.rsplit_once('.').unwrap();
    // 43 symbols carry 258 bits; the tag uses 256, so the last symbol's two low bits are
    // unused and must be zero. Setting the lowest gives another symbol of the alphabet
    // that decodes (leniently) to the same tag.
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert_eq!(sig.len(), 43);
    let (head, last) = sig.split_at(42);
    let value = ALPHABET.find(last).unwrap();
    assert_eq!(value & 3, 0, "a canonical tag leaves the unused bits zero");
    let lenient = &ALPHABET[value | 1..=value | 1];
    let t = format!("{input}.{head}{lenient}");
    assert_eq!(malformed(&t), Some(Malformed::Base64));
    // The same in the payload: its last symbol (whatever its length) gets a set unused bit.
    let (header, payload) = input.split_once('.').unwrap();
    assert_ne!(payload.len() % 4, 0, "the payload ends in a partial group");
    let (head, last) = payload.split_at(payload.len() - 1);
    let value = ALPHABET.find(last).unwrap();
    assert_eq!(
        value & 1,
        0,
        "a canonical payload leaves the unused bits zero"
    );
    let lenient = &ALPHABET[value | 1..=value | 1];
    let forged_input = format!("{header}.{head}{lenient}");
    let t = format!(
        "{forged_input}.{}",
        mac(Algorithm::HS256, SECRET.as_bytes(), &forged_input)
    );
    assert_eq!(malformed(&t), Some(Malformed::Base64));
}

#[test]
fn m04_non_object_json_bom_trailing_bytes_and_deep_nesting() {
    for payload in [
        "[]",
        "null",
        "\"x\"",
        "\u{feff}{}",
        &format!("{}x", claims(json!({}))),
    ] {
        assert_eq!(
            malformed(&signed(HEADER, payload)),
            Some(Malformed::Json),
            "{payload:?}"
        );
    }
    for header in ["[]", "null", "\"HS256\""] {
        assert_eq!(
            malformed(&signed(header, &claims(json!({})))),
            Some(Malformed::Json),
            "{header:?}"
        );
    }
    for depth in [5_000, 100_000] {
        let deep = format!(
            "{{\"iss\":\"{KEY}\",\"x\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        // Under the raised size cap, past serde_json's depth limit; never a stack overflow.
        let verifier = verifier().with_max_token_bytes(1 << 20).unwrap();
        assert_eq!(
            verifier.verify_both(&signed(HEADER, &deep)),
            Err(VerifyError::Malformed(Malformed::Json)),
            "{depth}"
        );
    }
    let deep = format!(
        "{{\"iss\":\"{KEY}\",\"x\":{}{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert_eq!(malformed(&signed(HEADER, &deep)), Some(Malformed::Json));
}

#[test]
fn m05_invalid_utf8_and_lone_surrogates_are_refused() {
    // Stricter than the server: Go substitutes U+FFFD; this crate refuses text that is not text.
    let input = format!(
        "{}.{}",
        b64(HEADER),
        b64([
            b"{\"iss\":\"".as_slice(),
            KEY.as_bytes(),
            b"\",\"name\":\"\xff\"}"
        ]
        .concat())
    );
    let t = format!(
        "{input}.{}",
        mac(Algorithm::HS256, SECRET.as_bytes(), &input)
    );
    assert_eq!(malformed(&t), Some(Malformed::Json));
    let t = signed(
        HEADER,
        &format!(r#"{{"iss":"{KEY}","exp":{},"name":"\ud800"}}"#, NOW + 60),
    );
    assert_eq!(malformed(&t), Some(Malformed::Json));
}

#[test]
fn m06_duplicate_members_are_refused() {
    // Stricter than the server: the server takes the last one, so `exp` twice could smuggle an expired token.
    let t = signed(r#"{"alg":"none","alg":"HS256"}"#, &claims(json!({})));
    assert_eq!(malformed(&t), Some(Malformed::DuplicateMember));
    let body = |dup: &str| format!(r#"{{"iss":"{KEY}","sub":"u",{dup}}}"#);
    for dup in [
        format!(r#""exp":{},"exp":{}"#, NOW - 1000, NOW + 600),
        format!(r#""exp":{},"iss":"{KEY}","iss":"other""#, NOW + 600),
        format!(
            r#""exp":{},"video":{{"roomJoin":true}},"video":{{"roomAdmin":true}}"#,
            NOW + 600
        ),
    ] {
        assert_eq!(
            malformed(&signed(HEADER, &body(&dup))),
            Some(Malformed::DuplicateMember),
            "{dup}"
        );
    }
}

#[test]
fn m07_case_folded_claim_next_to_the_real_one_is_refused() {
    // The server folds key case and would grant roomAdmin from "VIDEO".
    let t = signed(
        HEADER,
        &format!(
            r#"{{"iss":"{KEY}","exp":{},"video":{{"roomJoin":true,"room":"r"}},"VIDEO":{{"roomAdmin":true}}}}"#,
            NOW + 60
        ),
    );
    assert_eq!(malformed(&t), Some(Malformed::AmbiguousClaim));
}

// ---------------------------------------------------------------- header attacks

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

#[test]
fn h04_key_hints_in_the_header_are_ignored() {
    // The key comes from `iss` only: no file or network access, no attacker-chosen key.
    for header in [
        r#"{"alg":"HS256","kid":"../../dev/null"}"#,
        r#"{"alg":"HS256","jku":"https://attacker.invalid/jwks"}"#,
        r#"{"alg":"HS256","x5u":"https://attacker.invalid/x5u"}"#,
        r#"{"alg":"HS256","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}"#,
        r#"{"alg":"HS256","x5c":["MIIB"]}"#,
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
        r#"{"alg":"HS256","typ":5}"#,
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
        VerifyError::TooLarge {
            part: TokenPart::Header,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------- signature / key

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
        serde_json::from_str(include_str!("fixtures/golden_tokens.json")).unwrap();
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
                Err(CredentialsError::WeakSecret { .. })
            ),
            "short secrets need the opt-in"
        );
    }
}

// S07 (Wycheproof) lives in tests/wycheproof.rs.

// ---------------------------------------------------------------- time claims

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
fn t04_string_exp_or_nbf_is_invalid() {
    // Stricter than the server, for exp: Go's json.Number reads numeric strings (the CVE-2026-25537 class).
    assert_eq!(
        at_exp(json!("1700000600")),
        Err(VerifyError::InvalidClaim("exp"))
    );
    let t = signed(HEADER, &claims(json!({"nbf": "x"})));
    assert_eq!(
        verifier().verify_both(&t),
        Err(VerifyError::InvalidClaim("nbf"))
    );
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
}

/// A `null` `nbf` is a type error, as the official Node, Python and Rust verifiers read
/// it, not an absent claim: read as absent it would let a token claim no start at all.
#[test]
fn t05_null_nbf_is_a_type_error_not_an_absent_claim() {
    let t = signed(
        HEADER,
        &format!(r#"{{"iss":"{KEY}","nbf":null,"exp":{}}}"#, NOW + 600),
    );
    assert_eq!(
        verifier().verify_both(&t),
        Err(VerifyError::InvalidClaim("nbf"))
    );
    // The same token without `nbf` verifies: only the `null` is refused.
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
    let t = signed(
        HEADER,
        &format!(r#"{{"iss":"{KEY}","exp":{},"iat":"whenever"}}"#, NOW + 60),
    );
    assert_eq!(verifier().verify_both(&t).unwrap().iat, None);
}

#[test]
fn t07_out_of_range_exp_is_invalid_not_eternal() {
    for exp in [json!(i64::MAX), json!(u64::MAX), json!(1e20), json!(1e300)] {
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

struct BeforeEpoch;
impl Clock for BeforeEpoch {
    fn now_unix_secs(&self) -> Option<u64> {
        None
    }
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

// ---------------------------------------------------------------- claim types and shape

#[test]
fn c01_unknown_claims_and_fields_are_kept_not_refused() {
    let t = signed(
        HEADER,
        &claims(
            json!({"future": {"x": 1}, "room_join": true, "video": {"roomJoin": true, "room": "r", "newFlag": true},
            "roomConfig": {"name": "r", "newField": 3}}),
        ),
    );
    let c = verifier().verify_both(&t).unwrap();
    assert_eq!(c.extra.get("future"), Some(&json!({"x": 1})));
    assert_eq!(c.extra.get("room_join"), Some(&json!(true)));
    assert_eq!(
        c.video.as_ref().unwrap().extra.get("newFlag"),
        Some(&json!(true))
    );
    assert_eq!(
        c.room_config.as_ref().unwrap().extra.get("newField"),
        Some(&json!(3))
    );
}

#[test]
fn c02_wrong_claim_types_are_invalid_naming_the_claim() {
    for (extra, name) in [
        (json!({"sub": 5}), "sub"),
        (json!({"jti": 5}), "jti"),
        (json!({"aud": 5}), "aud"),
        (json!({"name": {}}), "name"),
        (json!({"video": "x"}), "video"),
        (json!({"video": {"roomAdmin": "true"}}), "video"),
        (json!({"video": {"canPublish": 1}}), "video"),
    ] {
        assert_eq!(
            err(&signed(HEADER, &claims(extra.clone()))),
            VerifyError::InvalidClaim(name),
            "{extra}"
        );
    }
}

#[test]
fn c03_audience_is_refused_unless_configured() {
    // Stricter than the server: RFC 7519 says a token for someone else MUST be rejected.
    let t = signed(HEADER, &claims(json!({"aud": "x"})));
    assert_eq!(err(&t), VerifyError::InvalidClaim("aud"));
    assert!(verifier().with_audience("x").verify_both(&t).is_ok());
    let list = signed(HEADER, &claims(json!({"aud": ["y", "x"]})));
    assert!(verifier().with_audience("x").verify_both(&list).is_ok());
    assert_eq!(
        verifier().with_audience("z").verify_both(&list),
        Err(VerifyError::InvalidClaim("aud"))
    );
}

#[test]
fn c04_every_minted_token_verifies_here_with_identical_grants() {
    // The official Node and Python verifiers are checked in tests/interop.rs.
    let grant = VideoGrant::new()
        .room_join()
        .room("r")
        .can_publish(false)
        .can_publish_sources([TrackSource::Camera]);
    let jwt = AccessToken::with_credentials(&creds())
        .add_identity("u")
        .add_attributes([("k", "v")])
        .add_grants(grant.clone())
        .to_jwt_with_clock(&FixedClock(NOW))
        .unwrap();
    let joined = verifier().verify_room_join(&jwt).unwrap();
    assert_eq!(joined.video(), Some(&grant.claims()));
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jwt.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT"}),
        "no crit, no other alg"
    );
    assert!(
        joined.claims().extra.is_empty(),
        "no aud or other stray claims"
    );
}

#[test]
fn c05_mint_refuses_join_without_identity_and_credentials_in_room_config() {
    let video: VideoClaims =
        serde_json::from_value(json!({"roomJoin": true, "room": "r"})).unwrap();
    let e = RuntimeCheckedToken::new(&creds())
        .add_grants(video)
        .to_jwt_checked();
    assert!(matches!(e, Err(TokenError::RoomJoinWithoutIdentity)));
    let config = RoomConfiguration::builder()
        .egress(json!({"room": {"fileOutputs": [{"s3": {"secret": "s"}}]}}))
        .build();
    let e = AccessToken::with_credentials(&creds())
        .add_room_config(config)
        .to_jwt();
    assert!(matches!(e, Err(TokenError::SensitiveCredentials { .. })));
}

#[test]
fn verify_room_join_requires_join_identity_and_room() {
    assert_eq!(
        verifier().verify_room_join(&signed(
            HEADER,
            &claims(json!({"video": {"roomCreate": true}}))
        )),
        Err(VerifyError::NotRoomJoin)
    );
    assert_eq!(
        verifier().verify_room_join(&signed(
            HEADER,
            &claims(json!({"video": {"roomJoin": true}}))
        )),
        Err(VerifyError::MissingClaim("video.room"))
    );
    assert_eq!(
        verifier().verify_room_join(&signed(HEADER, &claims(json!({"sub": ""})))),
        Err(VerifyError::MissingClaim("sub"))
    );
    let with_jti = verifier()
        .verify_room_join(&signed(
            HEADER,
            &claims(json!({"sub": null, "jti": "from-jti"})),
        ))
        .unwrap();
    assert_eq!(
        with_jti.identity(),
        "from-jti",
        "identity falls back to jti, as the server does"
    );
}

// ---------------------------------------------------------------- size / DoS

#[test]
fn d01_oversized_tokens_are_refused_before_decoding_and_the_limit_is_inclusive() {
    for len in [1 << 20, 10_000_000] {
        let huge = "a".repeat(len);
        assert_eq!(
            err(&huge),
            VerifyError::TooLarge {
                part: TokenPart::Token,
                len,
                max: DEFAULT_MAX_TOKEN_BYTES
            }
        );
    }
    // A valid token of exactly the limit passes: grow metadata until the length matches.
    let mint = |pad: usize| {
        AccessToken::with_credentials(&creds())
            .add_identity("u")
            .add_metadata("m".repeat(pad))
            .to_jwt_with_clock(&FixedClock(NOW))
            .unwrap()
    };
    let base = mint(0).len();
    let mut pad = (DEFAULT_MAX_TOKEN_BYTES - base) * 3 / 4;
    while mint(pad).len() < DEFAULT_MAX_TOKEN_BYTES {
        pad += 1;
    }
    let at_limit = mint(pad);
    if at_limit.len() == DEFAULT_MAX_TOKEN_BYTES {
        assert!(verifier().verify_both(&at_limit).is_ok());
    } else {
        // Base64 grows in steps of 4; the largest token under the limit must pass instead.
        assert!(verifier().verify_both(&mint(pad - 1)).is_ok());
    }
    assert!(matches!(
        verifier().verify_both(&mint(pad + 3)),
        Err(VerifyError::TooLarge { .. })
    ));
}

// D02 lives in tests/dos_memory.rs: measuring RSS needs a process with nothing else running.

// ---------------------------------------------------------------- secrets hygiene

const CANARY_FORMS: fn() -> Vec<String> = || {
    vec![
        SECRET.to_owned(),
        "CANARY".to_owned(),
        STANDARD.encode(SECRET),
        URL_SAFE_NO_PAD.encode(SECRET),
        SECRET.bytes().map(|b| format!("{b:02x}")).collect(),
    ]
};

fn assert_clean(text: &str) {
    for form in CANARY_FORMS() {
        assert!(!text.contains(&form), "leaked {form:?} in {text:?}");
    }
}

#[test]
fn g01_debug_of_every_secret_holder_and_error_is_clean() {
    let ring = KeyRing::new().with(creds()).unwrap();
    let v = TokenVerifier::from_key_ring(ring.clone()).unwrap();
    let receiver = WebhookReceiver::new(v.clone());
    let secret = ApiSecret::from(SECRET);
    let errors: Vec<String> = vec![
        format!("{:?}", Credentials::new("", SECRET).err()),
        format!("{:?}", Credentials::new("k", &SECRET[..20]).err()),
        format!(
            "{:?}",
            KeyRing::from_keys_str(&format!("{KEY}: {SECRET}\n{KEY}: {SECRET}")).err()
        ),
        format!("{:?}", KeyRing::from_keys_str(&format!("{SECRET}\n")).err()),
        format!(
            "{:?}",
            v.with_leeway(std::time::Duration::from_secs(999)).err()
        ),
    ];
    for text in [
        format!("{:?}", creds()),
        format!("{:#?}", creds()),
        format!("{ring:?}"),
        format!("{ring:#?}"),
        format!("{:?}", TokenVerifier::new(&creds())),
        format!("{:#?}", TokenVerifier::new(&creds())),
        format!("{receiver:?}"),
        format!("{secret:?}"),
        format!("{:#?}", secret),
        format!("{:?}", AccessToken::with_credentials(&creds())),
        format!("{:?}", AccessToken::with_owned_credentials(creds())),
        format!("{:?}", RuntimeCheckedToken::new(&creds())),
    ]
    .into_iter()
    .chain(errors)
    {
        assert_clean(&text);
    }
}

/// Compile-time facts checked at run time: `true` when `T: Display` (autoref dispatch).
struct Probe<T>(PhantomData<T>);
trait YesDisplay {
    fn display(&self) -> bool {
        true
    }
}
impl<T: Display> YesDisplay for Probe<T> {}
trait NoDisplay {
    fn display(&self) -> bool {
        false
    }
}
impl<T> NoDisplay for &Probe<T> {}
trait YesClone {
    fn clone_able(&self) -> bool {
        true
    }
}
impl<T: Clone> YesClone for Probe<T> {}
trait NoClone {
    fn clone_able(&self) -> bool {
        false
    }
}
impl<T> NoClone for &Probe<T> {}
trait YesSerialize {
    fn serializable(&self) -> bool {
        true
    }
}
impl<T: serde::Serialize> YesSerialize for Probe<T> {}
trait NoSerialize {
    fn serializable(&self) -> bool {
        false
    }
}
impl<T> NoSerialize for &Probe<T> {}

#[test]
// The explicit `&` is the dispatch: without it every probe would answer "yes".
#[allow(clippy::needless_borrow)]
fn g02_secret_types_have_no_display_serialize_or_clone() {
    // Also pinned as compile-fail cases: ui-tests/api_secret_has_no_{display,serialize}.rs.
    assert!(!(&Probe::<ApiSecret>(PhantomData)).display());
    assert!(!(&Probe::<ApiSecret>(PhantomData)).serializable());
    assert!(!(&Probe::<ApiSecret>(PhantomData)).clone_able());
    assert!(!(&Probe::<Credentials>(PhantomData)).display());
    assert!(!(&Probe::<Credentials>(PhantomData)).serializable());
    assert!(!(&Probe::<KeyRing>(PhantomData)).serializable());
    // Credentials is Clone by design: a reference-counted handle, the secret is not copied.
    assert!((&Probe::<Credentials>(PhantomData)).clone_able());
    assert!(
        (&Probe::<String>(PhantomData)).display(),
        "the probe can say yes"
    );
    assert!(
        (&Probe::<Claims>(PhantomData)).serializable(),
        "the probe can say yes"
    );
}

#[test]
fn g03_rejections_never_echo_the_secret_the_token_or_its_signature() {
    let g = good();
    let sig = g.rsplit_once('.').unwrap().1.to_owned();
    let (input, _) = g.rsplit_once('.').unwrap();
    let tokens = vec![
        format!("{input}.{}", b64([0u8; 32])),
        signed_with(HEADER, &claims(json!({})), b"wrong-secret"),
        signed(HEADER, &claims(json!({"exp": NOW - 1000}))),
        signed(HEADER, &claims(json!({"iss": "APIother"}))),
        format!("{g}."),
        g.replace('.', ""),
    ];
    for t in tokens {
        let e = err(&t);
        for text in [e.to_string(), format!("{e:?}")] {
            assert_clean(&text);
            // Neither the token nor any signature segment it carries.
            let own_sig = t.rsplit('.').next().filter(|s| s.len() > 8);
            assert!(!text.contains(&t) && !text.contains(&sig), "{text}");
            assert!(own_sig.is_none_or(|s| !text.contains(s)), "{text}");
        }
    }
    let receiver = WebhookReceiver::new(verifier());
    let e = receiver.receive(b"{}", &format!("Bearer {g}")).unwrap_err();
    assert_clean(&format!("{e} {e:?}"));
    assert!(!format!("{e} {e:?}").contains(&sig));
}

// G04 (freed blocks scanned for the canary) lives in tests/secret_memory.rs, which needs
// its own global allocator.

// ---------------------------------------------------------------- credential loading
// L01 is in tests/credentials_env.rs (it needs the process environment to itself);
// L02–L05 are unit tests in src/credentials.rs and src/keys.rs, plus these for the ring.

#[test]
fn l02_key_ring_refuses_empty_keys_and_secrets() {
    assert!(matches!(
        KeyRing::from_keys_str("APIa: \"\""),
        Err(CredentialsError::EmptySecret)
    ));
    assert!(matches!(
        KeyRing::from_keys_str("\"\": x"),
        Err(CredentialsError::KeyListSyntax { .. })
    ));
}

#[test]
fn l03_key_ring_refuses_short_secrets_without_the_opt_in() {
    assert!(matches!(
        KeyRing::from_keys_str("devkey: secret"),
        Err(CredentialsError::WeakSecret { len: 6 })
    ));
    assert_eq!(
        KeyRing::from_keys_str_allowing_insecure_short_secrets("devkey: secret")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn l05_key_ring_refuses_a_key_twice() {
    let e = KeyRing::new().with(creds()).unwrap().with(creds());
    assert!(matches!(e, Err(CredentialsError::DuplicateKey { .. })));
}

// ---------------------------------------------------------------- concurrency

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn k01_shared_types_are_send_and_sync() {
    assert_send_sync::<Credentials>();
    assert_send_sync::<TokenVerifier>();
    assert_send_sync::<KeyRing>();
    assert_send_sync::<WebhookReceiver>();
    assert_send_sync::<VerifyError>();
    assert_send_sync::<TokenError>();
    assert_send_sync::<CredentialsError>();
    assert_send_sync::<AccessToken>();
}

#[test]
fn k02_many_threads_mint_and_verify_while_the_key_ring_rotates() {
    let old = Credentials::new("APIold", "old-secret-0123456789abcdef0123456789").unwrap();
    let new = Credentials::new("APInew", "new-secret-0123456789abcdef0123456789").unwrap();
    let ring_old = KeyRing::new()
        .with(old.clone())
        .unwrap()
        .with(new.clone())
        .unwrap();
    let ring_new = KeyRing::new().with(new.clone()).unwrap();
    let current = Arc::new(RwLock::new(Arc::new(
        TokenVerifier::from_key_ring(ring_old.clone()).unwrap(),
    )));
    std::thread::scope(|s| {
        let rotator = s.spawn(|| {
            for i in 0..200 {
                let ring = if i % 2 == 0 {
                    ring_new.clone()
                } else {
                    ring_old.clone()
                };
                *current.write().unwrap() = Arc::new(TokenVerifier::from_key_ring(ring).unwrap());
                std::thread::yield_now();
            }
        });
        let workers: Vec<_> = (0..8)
            .map(|w| {
                let (old, new, current) = (old.clone(), new.clone(), current.clone());
                s.spawn(move || {
                    for i in 0..10_000 {
                        let creds = if i % 2 == 0 { &new } else { &old };
                        let jwt = AccessToken::with_credentials(creds)
                            .add_identity(format!("w{w}-{i}"))
                            .add_grants(VideoGrant::new().room_join().room("r"))
                            .to_jwt()
                            .unwrap();
                        let verifier = current.read().unwrap().clone();
                        match verifier.verify_both(&jwt) {
                            Ok(c) => assert_eq!(c.identity(), Some(format!("w{w}-{i}").as_str())),
                            // Only a token of the retired key may be refused, and only as unknown.
                            Err(e) => assert!(
                                creds.api_key() == "APIold" && e == VerifyError::UnknownApiKey,
                                "{e:?}"
                            ),
                        }
                    }
                })
            })
            .collect();
        rotator.join().unwrap();
        for w in workers {
            w.join().unwrap();
        }
    });
}

#[test]
fn k03_first_use_of_the_verifier_from_many_threads() {
    let jwt = good();
    let v = Arc::new(verifier());
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let (v, jwt) = (v.clone(), jwt.clone());
            std::thread::spawn(move || v.verify_both(&jwt).map(|c| c.sub))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap().as_deref(), Some("u"));
    }
}

#[test]
fn g01_every_error_variant_displays_without_the_secret() {
    // Each variant, reached for real where possible, then printed every way.
    let v = verifier();
    let mut texts: Vec<String> = Vec::new();
    let verify_errors = [
        err(&"a".repeat(DEFAULT_MAX_TOKEN_BYTES + 1)),
        err(&format!(
            "{}.{}",
            b64(format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "a".repeat(9000))),
            b64("{}")
        )),
        err(""),
        err("e30.e30.="),
        err(&signed(HEADER, "[]")),
        err(&signed(r#"{"alg":"HS256","alg":"HS256"}"#, "{}")),
        err(&signed(
            HEADER,
            &format!(r#"{{"iss":"{KEY}","exp":1,"Exp":2}}"#),
        )),
        err(&signed(r#"{"alg":"none"}"#, "{}")),
        err(&signed(r#"{"alg":"HS256","typ":"x"}"#, "{}")),
        err(&signed(r#"{"alg":"HS256","crit":[]}"#, "{}")),
        err(&signed(HEADER, &claims(json!({"iss": "APIother"})))),
        err(&signed_with(HEADER, &claims(json!({})), b"wrong")),
        err(&signed(HEADER, &claims(json!({"exp": null})))),
        err(&signed(HEADER, &claims(json!({"sub": 1})))),
        err(&signed(HEADER, &claims(json!({"exp": NOW - 3600})))),
        err(&signed(HEADER, &claims(json!({"nbf": NOW + 3600})))),
        verifier()
            .with_max_lifetime(std::time::Duration::from_secs(1))
            .verify_both(&good())
            .unwrap_err(),
        TokenVerifier::new(&creds())
            .with_clock(BeforeEpoch)
            .verify_both(&good())
            .unwrap_err(),
        v.verify_room_join(&signed(HEADER, &claims(json!({"video": {}}))))
            .unwrap_err(),
    ];
    for e in &verify_errors {
        texts.push(format!("{e} {e:?} {e:#?}"));
    }
    let config_errors = [
        VerifierConfigError::LeewayTooLarge {
            secs: 999,
            max: 300,
        },
        VerifierConfigError::TokenLimitTooSmall { bytes: 1, min: 256 },
        VerifierConfigError::NoKeys,
    ];
    texts.extend(config_errors.iter().map(|e| format!("{e} {e:?}")));
    let token_errors: Vec<TokenError> = vec![
        AccessToken::with_credentials(&creds())
            .add_identity("")
            .to_jwt()
            .unwrap_err(),
        AccessToken::with_credentials(&creds())
            .add_name("n".repeat(300))
            .to_jwt()
            .unwrap_err(),
        AccessToken::with_credentials(&creds())
            .add_ttl(0)
            .to_jwt()
            .unwrap_err(),
        AccessToken::with_credentials(&creds())
            .add_ttl(u64::MAX)
            .to_jwt()
            .unwrap_err(),
        AccessToken::with_credentials(&creds())
            .to_jwt_with_clock(&BeforeEpoch)
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .add_grants(serde_json::from_value(json!({"roomJoin": true})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .set_identity("u")
            .add_grants(serde_json::from_value(json!({"roomJoin": true})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .add_grants(serde_json::from_value(json!({"roomAdmin": true})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .add_grants(serde_json::from_value(json!({"destinationRoom": "d"})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .add_grants(serde_json::from_value(json!({"x": 1, "X": 2})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        RuntimeCheckedToken::new(&creds())
            .set_room_config(
                RoomConfiguration::builder()
                    .egress(json!({"s3": {"secret": SECRET}}))
                    .build(),
            )
            .to_jwt_checked()
            .unwrap_err(),
    ];
    texts.extend(token_errors.iter().map(|e| format!("{e} {e:?}")));
    let receiver = WebhookReceiver::new(verifier());
    let sha_token = |body: &[u8]| {
        use sha2::Digest;
        AccessToken::with_credentials(&creds())
            .add_ttl(300)
            .add_sha256(STANDARD.encode(sha2::Sha256::digest(body)))
            .to_jwt_with_clock(&FixedClock(NOW))
            .unwrap()
    };
    let webhook_errors = [
        receiver.receive(b"{}", "").unwrap_err(),
        receiver.receive(b"{}", "x.y.z").unwrap_err(),
        receiver.receive(b"{}", &good()).unwrap_err(),
        receiver
            .receive(b"{\"event\":\"x\"}", &sha_token(b"other"))
            .unwrap_err(),
        receiver.receive(b"[]", &sha_token(b"[]")).unwrap_err(),
    ];
    texts.extend(webhook_errors.iter().map(|e| format!("{e} {e:?}")));
    let credential_errors = [
        Credentials::new("", SECRET).unwrap_err(),
        Credentials::new("k", "").unwrap_err(),
        Credentials::new("k", &SECRET[..10]).unwrap_err(),
        Credentials::from_keys_str(&format!("{KEY}: {SECRET}"), "nope").unwrap_err(),
        Credentials::from_keys_str(&format!("{SECRET}\n"), KEY).unwrap_err(),
        Credentials::from_keys_str(&format!("{KEY}: {SECRET}\n{KEY}: {SECRET}"), KEY).unwrap_err(),
        Credentials::from_key_file("/nonexistent/keys.yaml", KEY).unwrap_err(),
    ];
    texts.extend(credential_errors.iter().map(|e| format!("{e} {e:?}")));
    assert!(texts.len() >= 40, "{}", texts.len());
    for t in texts {
        assert_clean(&t);
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
    assert_eq!(forge("[]"), VerifyError::Malformed(Malformed::Json));
    assert_eq!(forge("{"), VerifyError::Malformed(Malformed::Json));
}

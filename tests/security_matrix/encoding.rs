//! Malformed encoding: segments, base64url, JSON shape, duplicate members (M rules).

use super::*;
use base64::engine::general_purpose::STANDARD;

#[test]
fn m01_wrong_segment_counts() {
    let g = good();
    let parts: Vec<&str> = g.split('.').collect();
    for t in [
        String::new(),
        "..".into(),
        // One segment empty, the others real: still a missing segment.
        format!(".{}.{}", parts[1], parts[2]),
        format!("{}..{}", parts[0], parts[2]),
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
    // A lone high or low surrogate, at the end or not, in a value or a member name.
    for bad in [
        r#""name":"\ud800""#,
        r#""name":"a\udbff""#,
        r#""name":"\udc00""#,
        r#""name":"\ud800\u0041""#,
        r#""\ud800":1"#,
    ] {
        let t = signed(
            HEADER,
            &format!(r#"{{"iss":"{KEY}","exp":{},{bad}}}"#, NOW + 60),
        );
        assert_eq!(malformed(&t), Some(Malformed::Json), "{bad}");
    }
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
        // At any depth: inside a grant, a room configuration's list, an unknown claim.
        format!(
            r#""exp":{},"video":{{"roomJoin":true,"room":"r","room":"s"}}"#,
            NOW + 600
        ),
        format!(
            r#""exp":{},"roomConfig":{{"agents":[{{"agentName":"a","agentName":"b"}}]}}"#,
            NOW + 600
        ),
        format!(r#""exp":{},"x":{{"a":{{"b":1,"b":2}}}}"#, NOW + 600),
        // The same name spelt with an escape.
        format!(r#""exp":{},"\u0065xp":{}"#, NOW - 1000, NOW + 600),
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
    // Inside a grant too, next to the real member or alone (the server would read a lone
    // `CanPublish` as `canPublish`).
    for members in [
        r#""canPublish":true,"CANPUBLISH":false"#,
        r#""CanPublish":false"#,
    ] {
        let t = signed(
            HEADER,
            &format!(
                r#"{{"iss":"{KEY}","sub":"u","exp":{},"video":{{"roomJoin":true,"room":"r",{members}}}}}"#,
                NOW + 60
            ),
        );
        assert_eq!(malformed(&t), Some(Malformed::AmbiguousClaim), "{members}");
    }
}

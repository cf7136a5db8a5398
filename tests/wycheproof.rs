//! S07: Wycheproof vectors, vendored in `tests/vectors/wycheproof/` (see `SOURCE.md`).
//! The HMAC-SHA256 vectors at the MAC layer, the HS256 JWS vectors at the token layer.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::Value;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn s07_wycheproof_hmac_sha256_all_174_vectors_at_the_mac_layer() {
    let file: Value =
        serde_json::from_str(include_str!("vectors/wycheproof/hmac_sha256_test.json")).unwrap();
    let mut checked = 0;
    for group in file["testGroups"].as_array().unwrap() {
        let tag_bytes = group["tagSize"].as_u64().unwrap() as usize / 8;
        for t in group["tests"].as_array().unwrap() {
            let (id, key, msg, tag) = (
                &t["tcId"],
                hex(t["key"].as_str().unwrap()),
                hex(t["msg"].as_str().unwrap()),
                hex(t["tag"].as_str().unwrap()),
            );
            let valid = t["result"] == "valid";
            // The reference computes the tag the vector holds exactly where it is valid.
            let reference = jsonwebtoken::crypto::sign(
                &msg,
                &EncodingKey::from_secret(&key).unwrap(),
                Algorithm::HS256,
            )
            .unwrap();
            let reference = URL_SAFE_NO_PAD.decode(reference).unwrap();
            assert_eq!(
                reference[..tag_bytes] == tag[..],
                valid,
                "tcId {id}: reference tag"
            );
            // The verifier's own MAC check accepts only full-length, correct tags (a valid
            // truncated 128-bit tag is refused, by policy: S01), with or without the
            // precomputed first block, and agrees with the reference's verdict.
            let by_reference = jsonwebtoken::crypto::verify(
                &URL_SAFE_NO_PAD.encode(&tag),
                &msg,
                &DecodingKey::from_secret(&key).unwrap(),
                Algorithm::HS256,
            )
            .unwrap_or(false);
            assert_eq!(
                by_reference,
                valid && tag_bytes == 32,
                "tcId {id}: reference"
            );
            for usual in [&b""[..], &msg[..]] {
                let ours = livekit_access_token::__private::mac_accepts(&key, usual, &msg, &tag);
                assert_eq!(ours, by_reference, "tcId {id}: verifier's MAC");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 174);
}

/// Vectors whose label is wrong, with the reason; the verdict here is the correct one.
const LABEL_DEFECTS: &[(u64, bool, &str)] = &[
    (
        367,
        true,
        "byte-identical to the valid tcId 357 (C2SP/wycheproof issue #236)",
    ),
    (
        370,
        true,
        "byte-identical to the valid tcId 357 (C2SP/wycheproof issue #236)",
    ),
    (
        372,
        false,
        "contains `?`, which is not base64url (RFC 7515 §2), yet is labelled valid",
    ),
    (
        373,
        false,
        "contains `?`, which is not base64url (RFC 7515 §2), yet is labelled valid",
    ),
];

#[test]
fn s07_wycheproof_hs256_jws_vectors_at_the_token_layer() {
    let file: Value = serde_json::from_str(include_str!(
        "vectors/wycheproof/json_web_signature_hs256_test.json"
    ))
    .unwrap();
    let (mut agree, mut pinned) = (0, 0);
    for group in file["testGroups"].as_array().unwrap() {
        let key = URL_SAFE_NO_PAD
            .decode(group["private"]["k"].as_str().unwrap())
            .unwrap();
        for t in group["tests"].as_array().unwrap() {
            let id = t["tcId"].as_u64().unwrap();
            let accepted = livekit_access_token::__private::verify_jws_hs256(
                t["jws"].as_str().unwrap(),
                &key,
                b"",
            )
            .is_ok();
            match LABEL_DEFECTS.iter().find(|d| d.0 == id) {
                Some((_, correct, why)) => {
                    assert_eq!(accepted, *correct, "tcId {id}: {why}");
                    pinned += 1;
                }
                None => {
                    assert_eq!(
                        accepted,
                        t["result"] == "valid",
                        "tcId {id}: {}",
                        t["comment"]
                    );
                    agree += 1;
                }
            }
        }
    }
    assert_eq!(
        (agree, pinned),
        (36, 4),
        "36 of 40 as labelled, 4 label defects pinned"
    );
}

/// The reference verdict on a JWS: this crate's structural checks (segments, strict
/// base64url, header policy), then jsonwebtoken's HS256 MAC check.
fn by_reference(jws: &str, key: &[u8]) -> bool {
    livekit_access_token::__private::jws_parts(jws).is_ok_and(|(input, signature)| {
        jsonwebtoken::crypto::verify(
            &signature,
            input.as_bytes(),
            &DecodingKey::from_secret(key).unwrap(),
            Algorithm::HS256,
        )
        .unwrap_or(false)
    })
}

#[test]
fn s07_the_verifiers_mac_agrees_with_jsonwebtoken_on_every_jws_vector_and_bit_flip() {
    use livekit_access_token::__private::verify_jws_hs256;
    let file: Value = serde_json::from_str(include_str!(
        "vectors/wycheproof/json_web_signature_hs256_test.json"
    ))
    .unwrap();
    let mut compared = 0;
    let mut valid_with_a_whole_block = 0;
    for group in file["testGroups"].as_array().unwrap() {
        let key = URL_SAFE_NO_PAD
            .decode(group["private"]["k"].as_str().unwrap())
            .unwrap();
        for t in group["tests"].as_array().unwrap() {
            let jws = t["jws"].as_str().unwrap();
            let expected = by_reference(jws, &key);
            // No precomputed block; the token's own first 64 bytes precomputed (the saving
            // is taken where the signing input is a block or longer, counted below);
            // another block precomputed (compared, then not taken).
            let own = jws.as_bytes();
            if expected
                && jws
                    .rsplit_once('.')
                    .is_some_and(|(input, _)| input.len() >= 64)
            {
                valid_with_a_whole_block += 1;
            }
            let other = [b'x'; 64];
            for (usual, label) in [(&b""[..], "none"), (own, "own"), (&other[..], "other")] {
                assert_eq!(
                    expected,
                    verify_jws_hs256(jws, &key, usual).is_ok(),
                    "tcId {} with {label} block precomputed",
                    t["tcId"]
                );
                compared += 1;
            }
        }
    }
    // Only two vectors take the precomputed path (the others' signing inputs are shorter
    // than a block); the bit flips below take it on every one of their 257 tokens.
    assert_eq!(valid_with_a_whole_block, 2);
    // Every bit of a real tag, flipped.
    let secret = b"fast-path-secret-0123456789abcdef0123";
    // Longer than one 64-byte block, so the precomputed-block path is taken below.
    let payload = r#"{"iss":"k","sub":"user-123","name":"a name long enough"}"#;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(payload)
    );
    assert!(input.len() > 64);
    let tag = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &EncodingKey::from_secret(secret).unwrap(),
        Algorithm::HS256,
    )
    .unwrap();
    let tag = URL_SAFE_NO_PAD.decode(tag).unwrap();
    for bit in 0..=256 {
        let mut t = tag.clone();
        if bit < 256 {
            t[bit / 8] ^= 1 << (bit % 8);
        }
        let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&t));
        let reference = by_reference(&token, secret);
        for usual in [&b""[..], token.as_bytes()] {
            let verdict = verify_jws_hs256(&token, secret, usual);
            let fast = verdict.is_ok();
            if let Ok(bytes) = verdict {
                assert_eq!(
                    bytes,
                    payload.as_bytes(),
                    "the payload comes back as signed"
                );
            }
            assert_eq!(
                reference,
                fast,
                "bit {bit}, {} bytes precomputed",
                usual.len().min(64)
            );
            assert_eq!(fast, bit == 256, "only the untouched tag verifies");
            compared += 1;
        }
    }
    assert_eq!(compared, 40 * 3 + 257 * 2);
}

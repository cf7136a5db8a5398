//! Token size (D rules). D02 (memory under garbage input) is `tests/dos_memory.rs`:
//! counting the heap needs a test binary of its own.

use super::*;

#[test]
fn d01_the_configured_token_limit_has_a_floor_and_applies() {
    let v = verifier();
    assert_eq!(
        v.clone()
            .with_max_token_bytes(MIN_MAX_TOKEN_BYTES - 1)
            .err(),
        Some(VerifierConfigError::TokenLimitTooSmall {
            bytes: MIN_MAX_TOKEN_BYTES - 1,
            min: MIN_MAX_TOKEN_BYTES
        })
    );
    let tight = v.with_max_token_bytes(MIN_MAX_TOKEN_BYTES).unwrap();
    assert!(tight.verify_both(&good()).is_ok());
    let token = signed(HEADER, &claims(json!({"metadata": "m".repeat(200)})));
    assert!(token.len() > MIN_MAX_TOKEN_BYTES);
    assert_eq!(
        tight.verify_both(&token),
        Err(VerifyError::TooLarge {
            part: TokenPart::Token,
            len: token.len(),
            max: MIN_MAX_TOKEN_BYTES
        })
    );
}

#[test]
fn d01_oversized_tokens_are_refused_before_decoding_and_the_limit_is_inclusive() {
    for len in [1 << 20, 10_000_000] {
        let huge = "a".repeat(len);
        let e = err(&huge);
        assert_eq!(
            e,
            VerifyError::TooLarge {
                part: TokenPart::Token,
                len,
                max: DEFAULT_MAX_TOKEN_BYTES
            }
        );
        // The token's limit is a setting: the message names it.
        assert!(e.to_string().contains("with_max_token_bytes"), "{e}");
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

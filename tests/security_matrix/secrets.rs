//! Secrets hygiene: nothing prints, clones or serializes a secret (G rules).
//! G04 (freed blocks scanned for the canary) is `tests/secret_memory.rs`, which needs its
//! own global allocator.

use super::*;
use base64::engine::general_purpose::STANDARD;
use std::fmt::Display;
use std::marker::PhantomData;

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

#[test]
fn g01_debug_hides_an_api_key_as_long_as_a_secret_as_errors_do() {
    // Swapped, the key is the secret; only the insecure constructors take such a pair.
    let swapped = Credentials::new_allowing_insecure_short_secret(SECRET, KEY).unwrap();
    let ring = KeyRing::new().with(swapped.clone()).unwrap();
    for text in [
        format!("{swapped:?}"),
        format!("{ring:?}"),
        format!("{:?}", TokenVerifier::new(&swapped)),
        format!("{:?}", AccessToken::with_credentials(&swapped)),
        format!("{:?}", RuntimeCheckedToken::new(&swapped)),
    ] {
        assert_clean(&text);
        assert!(text.contains("<not shown: as long as a secret>"), "{text}");
    }
}

#[test]
fn g01_debug_of_the_verifier_shows_its_settings_and_key_ids() {
    let text = format!("{:?}", verifier());
    for part in [
        "TokenVerifier",
        KEY,
        "leeway_secs: 60",
        "max_token_bytes: 65536",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert_clean(&text);
}

/// Compile-time facts checked at run time (autoref dispatch): whether `T` is `Display`,
/// `Clone` or `Serialize`.
struct Probe<T>(PhantomData<T>);

/// One question the probe answers, `$method`: the `$yes` trait is implemented on
/// `Probe<T>` only where `T: $bound` and wins when it applies; otherwise the call falls
/// through, by autoref, to `$no` on `&Probe<T>`.
macro_rules! probe {
    ($yes:ident, $no:ident, $method:ident, $bound:path) => {
        trait $yes {
            fn $method(&self) -> bool {
                true
            }
        }
        impl<T: $bound> $yes for Probe<T> {}
        trait $no {
            fn $method(&self) -> bool {
                false
            }
        }
        impl<T> $no for &Probe<T> {}
    };
}
probe!(YesDisplay, NoDisplay, display, Display);
probe!(YesClone, NoClone, clone_able, Clone);
probe!(YesSerialize, NoSerialize, serializable, serde::Serialize);

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

#[test]
fn g01_every_error_variant_displays_without_the_secret() {
    // Each variant, reached for real where possible, then printed every way.
    let v = verifier();
    let mut texts: Vec<String> = Vec::new();
    let verify_errors = [
        err(&"a".repeat(DEFAULT_MAX_TOKEN_BYTES + 1)),
        err(&format!(
            "{}.{}.{}",
            b64(format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "a".repeat(9000))),
            b64("{}"),
            "A".repeat(43)
        )),
        err(""),
        err(&good().replacen('.', ".=", 1)),
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
    // Each refusal says its own reason: no two of these read the same.
    let reasons: std::collections::HashSet<String> =
        verify_errors.iter().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), verify_errors.len(), "{reasons:#?}");
    let config_errors = [
        VerifierConfigError::LeewayTooLarge {
            secs: 999,
            max: 300,
        },
        VerifierConfigError::TokenLimitTooSmall { bytes: 1, min: 256 },
        VerifierConfigError::NoKeys,
    ];
    texts.extend(config_errors.iter().map(|e| format!("{e} {e:?}")));
    let refused_grant = |grant: Value| {
        RuntimeCheckedToken::new(&creds())
            .add_grants(serde_json::from_value(grant).unwrap())
            .to_jwt_checked()
            .unwrap_err()
    };
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
        refused_grant(json!({"roomJoin": true})),
        RuntimeCheckedToken::new(&creds())
            .set_identity("u")
            .add_grants(serde_json::from_value(json!({"roomJoin": true})).unwrap())
            .to_jwt_checked()
            .unwrap_err(),
        refused_grant(json!({"roomAdmin": true})),
        refused_grant(json!({"destinationRoom": "d"})),
        refused_grant(json!({"x": 1, "X": 2})),
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

/// A verified token's claims are logged with `{:?}` in the services that receive them:
/// every credential in a room configuration's egress shows as `<redacted>` there, at any
/// depth and under either spelling, as do the same members put in `extra`. The rest of the
/// configuration shows as it is.
#[test]
fn g06_debug_of_a_room_configuration_redacts_egress_credentials() {
    let egress = json!({"room": {"roomName": "r", "fileOutputs": [{"s3": {
        "accessKey": "AKIA-shown", "secret": "CANARY-s3", "session_token": "CANARY-st",
        "proxy": {"url": "http://proxy", "password": "CANARY-pw"},
    }}], "streamOutputs": [{"urls": ["rtmp://x/live/CANARY-stream-key"]}]},
        "tracks": {"azure": {"account_name": "shown", "account_key": "CANARY-az"}}});
    let token = signed(
        HEADER,
        &claims(json!({"roomConfig": {"name": "r", "maxParticipants": 7, "egress": egress}})),
    );
    let verified = verifier().verify_both(&token).unwrap();
    let join = verifier().verify_room_join(&token).unwrap();
    let config = verified.room_config.clone().unwrap();
    let mut in_extra = RoomConfiguration::builder().build();
    in_extra.extra.insert("egress".into(), egress.clone());
    // A token request that carries it, and an egress that is not an object (a caller's
    // configuration may hold a list: minting and verifying refuse one, `Debug` shows it).
    let body = json!({"room_name": "r", "room_config": {"egress": egress}});
    let request = TokenSourceRequest::from_json(body.to_string().as_bytes()).unwrap();
    let listed = RoomConfiguration::builder().egress(json!([egress])).build();
    for shown in [
        format!("{verified:?}"),
        format!("{join:?}"),
        format!("{config:?}"),
        format!("{in_extra:?}"),
        format!("{request:?}"),
        format!("{listed:?}"),
    ] {
        assert_clean(&shown);
        for kept in ["AKIA-shown", "http://proxy", "account_name", "<redacted>"] {
            assert!(shown.contains(kept), "{kept} in {shown}");
        }
    }
    assert!(format!("{config:?}").contains("max_participants: Some(7)"));
    // Only Debug redacts: the configuration itself is what the token holds.
    assert_eq!(config.egress, Some(egress));
}

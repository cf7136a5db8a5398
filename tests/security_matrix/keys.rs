//! Credential loading and concurrency (L and K rules). L01 is in `tests/credentials_env.rs`
//! (it needs the process environment to itself); L02–L05 also have unit tests in
//! `src/credentials/`.

use super::*;
use std::sync::{Arc, RwLock};

#[test]
fn l02_key_ring_refuses_empty_keys_and_secrets() {
    assert!(matches!(
        KeyRing::from_keys_str("APIa: \"\""),
        Err(CredentialsError::KeyListNoSecret { line: 1, .. })
    ));
    assert!(matches!(
        KeyRing::from_keys_str("\"\": x"),
        Err(CredentialsError::KeyListSyntax { .. })
    ));
}

#[test]
fn l03_key_ring_refuses_short_secrets_without_the_opt_in() {
    // Told by its line: in a list of several keys, the user knows which one.
    let good = format!("APIgood: {}\n", "s".repeat(32));
    assert!(matches!(
        KeyRing::from_keys_str(&format!("{good}devkey: secret")),
        Err(CredentialsError::KeyListWeakSecret {
            line: 2,
            len: 6,
            ..
        })
    ));
    assert_eq!(
        KeyRing::from_keys_str_allowing_insecure_short_secrets("devkey: secret")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn l03_a_short_secret_refused_on_a_route_without_an_opt_in_names_the_way_round() {
    // `with_api_key` and `TokenVerifier::from_env` have no `_allowing_..` form of their own:
    // the message must send their users to one that exists and to where it is passed.
    let refused = AccessToken::with_api_key("devkey", "secret")
        .map(|_| ())
        .unwrap_err();
    let message = refused.to_string();
    for route in [
        "Credentials::new_allowing_insecure_short_secret",
        "AccessToken::with_credentials",
        "TokenVerifier::new",
        "TokenVerifier::from_key_ring",
    ] {
        assert!(message.contains(route), "{route} missing from: {message}");
    }
    let dev = Credentials::new_allowing_insecure_short_secret("devkey", "secret").unwrap();
    let jwt = AccessToken::with_credentials(&dev)
        .add_identity("u")
        .to_jwt()
        .unwrap();
    assert!(TokenVerifier::new(&dev).verify(&jwt).is_ok());
}

#[cfg(unix)]
#[test]
fn l04_key_ring_reads_every_key_of_a_private_key_file_only() {
    let dir = TempDir::new("ring");
    let path = dir.write(
        "keys.yaml",
        &format!("APIa: {SECRET}\nAPIb: {SECRET}\nAPIdev: secret\n"),
    );
    dir.set_mode("keys.yaml", 0o644);
    assert!(matches!(
        KeyRing::from_key_file_allowing_insecure_short_secrets(&path),
        Err(CredentialsError::KeyFilePermissions { mode: 0o644, .. })
    ));
    dir.set_mode("keys.yaml", 0o600);
    assert!(matches!(
        KeyRing::from_key_file(&path),
        Err(CredentialsError::KeyListWeakSecret {
            line: 3,
            len: 6,
            ..
        })
    ));
    let ring = KeyRing::from_key_file_allowing_insecure_short_secrets(&path).unwrap();
    assert_eq!(
        ring.api_keys().collect::<Vec<_>>(),
        ["APIa", "APIb", "APIdev"]
    );
    // One key of it, short secret included, the same way.
    assert!(matches!(
        Credentials::from_key_file(&path, "APIdev"),
        Err(CredentialsError::KeyListWeakSecret {
            line: 3,
            len: 6,
            ..
        })
    ));
    let dev = Credentials::from_key_file_allowing_insecure_short_secret(&path, "APIdev");
    assert_eq!(
        dev.map(|c| c.api_key().to_owned()).ok().as_deref(),
        Some("APIdev")
    );
    assert_eq!((ring.len(), ring.is_empty()), (3, false));
    assert!(KeyRing::new().is_empty());
    dir.write("keys.yaml", &format!("APIa: {SECRET}\n"));
    let ring = KeyRing::from_key_file(&path).unwrap();
    assert_eq!(ring.api_keys().collect::<Vec<_>>(), ["APIa"]);
}

/// A key file left as a template has no secret: where YAML reads the value as null
/// (nothing, only a comment, `~`, `null`), the line is refused, so the comment is no secret
/// a forger could sign with, and the error says how to write a secret that looks like one.
#[test]
fn l06_a_value_yaml_reads_as_null_is_no_secret() {
    let template = "APIa: # paste the secret here, 32 characters or more";
    let nulls = [
        "APIa:",
        "APIa: ",
        "APIa:\t",
        "APIa: #",
        "APIa: ~",
        "APIa: null",
        "APIa: Null",
        "APIa: NULL",
    ];
    for line in nulls.into_iter().chain([template, "APIa: ~ # note"]) {
        let keys = format!("APIb: {SECRET}\n{line}\n");
        let ring = KeyRing::from_keys_str_allowing_insecure_short_secrets(&keys);
        let creds = Credentials::from_keys_str(&keys, "APIa");
        for refused in [ring.err(), creds.err()] {
            assert!(
                matches!(
                    refused,
                    Some(CredentialsError::KeyListNoSecret { line: 2, .. })
                ),
                "{line:?}: {refused:?}"
            );
        }
    }
    // A key with nothing after it, then a pair at the same indentation: the key's value
    // is null. (A deeper line after it would make it a nested map, a syntax error.)
    for keys in [
        format!("APIa:\nAPIb: {SECRET}\n"),
        format!("APIa:\n# note\n\nAPIb: {SECRET}"),
    ] {
        assert!(
            matches!(
                KeyRing::from_keys_str(&keys),
                Err(CredentialsError::KeyListNoSecret { line: 1, .. })
            ),
            "{keys:?}"
        );
    }
    let message = KeyRing::from_keys_str(template).err().unwrap().to_string();
    assert!(
        message.contains("no secret") && message.contains("in quotes"),
        "{message}"
    );
    // A comment in an unquoted key leaves YAML a key with no colon after it.
    let keys = format!("APIa #note: {SECRET}\n");
    assert!(matches!(
        KeyRing::from_keys_str(&keys),
        Err(CredentialsError::KeyListSyntax { line: 1, .. })
    ));
    // Quoted, each is a string.
    let keys = "APIa: '~'\nAPIb: \"null\"\nAPIc: '# not a comment'\n'API #d': x\n";
    let ring = KeyRing::from_keys_str_allowing_insecure_short_secrets(keys).unwrap();
    assert_eq!(ring.len(), 4);
}

#[test]
fn l05_key_ring_refuses_a_key_twice() {
    let e = KeyRing::new().with(creds()).unwrap().with(creds());
    assert!(matches!(e, Err(CredentialsError::DuplicateKey { .. })));
}

/// Only what reads a secret from text (the environment, `LIVEKIT_KEYS`, a key file) trims
/// it; a secret handed to `Credentials::new` signs as given, as every official SDK's does.
#[test]
fn l05_credentials_new_signs_with_the_secret_verbatim() {
    let with_newline = format!("{SECRET}\n");
    let creds = Credentials::new(KEY, with_newline.as_str()).unwrap();
    let token = AccessToken::with_credentials(&creds)
        .add_grants(VideoGrant::new().room_list(true))
        .to_jwt()
        .unwrap();
    assert!(TokenVerifier::new(&creds).verify(&token).is_ok());
    let trimmed = jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()).unwrap();
    let reference = jsonwebtoken::decode::<Value>(
        &token,
        &trimmed,
        &jsonwebtoken::Validation::new(Algorithm::HS256),
    );
    assert_eq!(
        reference.map(|data| data.claims).map_err(|e| e.into_kind()),
        Err(jsonwebtoken::errors::ErrorKind::InvalidSignature)
    );
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
    assert_send_sync::<WebhookError>();
    assert_send_sync::<VerifierConfigError>();
    assert_send_sync::<AccessToken>();
    assert_send_sync::<RuntimeCheckedToken>();
    // A token endpoint's state, shared by its request handlers, and its errors.
    assert_send_sync::<TokenSourcePolicy>();
    assert_send_sync::<EndpointSecret>();
    assert_send_sync::<TokenSourceError>();
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

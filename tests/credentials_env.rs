//! L01: credentials from the environment. One test function, so no other test in this
//! binary races it on the process environment.

use livekit_access_token::{AccessToken, Credentials, CredentialsError, EndpointSecret};

const SECRET: &str = "CANARY-env-secret-0123456789abcdef-32";

fn set(var: &str, value: Option<&str>) {
    // SAFETY: this binary runs a single test function, so nothing reads the environment
    // concurrently.
    unsafe {
        match value {
            Some(v) => std::env::set_var(var, v),
            None => std::env::remove_var(var),
        }
    }
}

fn env(key: Option<&str>, secret: Option<&str>, keys: Option<&str>) {
    set("LIVEKIT_API_KEY", key);
    set("LIVEKIT_API_SECRET", secret);
    set("LIVEKIT_KEYS", keys);
}

fn missing_var(result: Result<Credentials, CredentialsError>) -> Option<&'static str> {
    match result {
        Err(CredentialsError::MissingEnv { var }) => Some(var),
        _ => None,
    }
}

#[test]
fn l01_env_credentials_name_the_missing_variable_never_the_value() {
    env(Some("APIenv"), Some(SECRET), None);
    assert_eq!(Credentials::from_env().unwrap().api_key(), "APIenv");
    assert!(AccessToken::new().is_ok());

    env(Some("APIenv"), Some(&format!("  {SECRET}\n")), None);
    let trimmed = Credentials::from_env().unwrap();
    let explicit = Credentials::new("APIenv", SECRET).unwrap();
    let now = livekit_access_token::FixedClock(1_700_000_000);
    assert_eq!(
        AccessToken::with_credentials(&trimmed)
            .to_jwt_with_clock(&now)
            .unwrap(),
        AccessToken::with_credentials(&explicit)
            .to_jwt_with_clock(&now)
            .unwrap(),
        "surrounding white space is trimmed from environment values"
    );

    // Set but empty: the variable is named, not "the API key is empty", whatever the
    // other holds, with the way to LIVEKIT_KEYS.
    for (key, secret, var, other) in [
        (
            Some(""),
            Some(SECRET),
            "LIVEKIT_API_KEY",
            "LIVEKIT_API_SECRET",
        ),
        (Some(" "), None, "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"),
        (
            Some("APIenv"),
            Some("\n"),
            "LIVEKIT_API_SECRET",
            "LIVEKIT_API_KEY",
        ),
        (None, Some(""), "LIVEKIT_API_SECRET", "LIVEKIT_API_KEY"),
    ] {
        env(key, secret, Some(&format!("APIkeys: {SECRET}")));
        let err = Credentials::from_env().err().map(|e| e.to_string());
        assert_eq!(
            err,
            Some(format!(
                "environment variable {var} is set but empty: export the value in it, or unset \
                 both it and {other} to read LIVEKIT_KEYS"
            ))
        );
    }
    // An endpoint secret set but empty is not "unset" (an open endpoint, to its reader).
    set("TEST_EMPTY_ENDPOINT_SECRET", Some(" "));
    let err = EndpointSecret::from_env("TEST_EMPTY_ENDPOINT_SECRET").err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some(
            "environment variable TEST_EMPTY_ENDPOINT_SECRET is set but empty: export the value in it"
        )
    );

    env(Some("APIenv"), None, None);
    let err = Credentials::from_env();
    assert_eq!(missing_var(err), Some("LIVEKIT_API_SECRET"));
    let message = Credentials::from_env().err().map(|e| e.to_string());
    assert!(
        message.as_deref().is_some_and(|m| m.starts_with(
            "environment variable LIVEKIT_API_SECRET is not set: export it with LIVEKIT_API_KEY, or unset both"
        )),
        "{message:?}"
    );

    env(None, Some(SECRET), None);
    let err = AccessToken::new().err().map(|e| e.to_string()).unwrap();
    assert!(
        err.contains("LIVEKIT_API_KEY") && !err.contains("CANARY"),
        "{err}"
    );

    env(None, None, None);
    assert_eq!(
        missing_var(Credentials::from_env()),
        Some("LIVEKIT_API_KEY")
    );
    // The message names the other variable, the key-list alternative and the way out in
    // code; a variable of the caller's own (an endpoint secret's) gets none of those.
    let err = Credentials::from_env().err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "environment variable LIVEKIT_API_KEY is not set: export it with LIVEKIT_API_SECRET, \
             or unset both and set LIVEKIT_KEYS (`key: secret` lines, as the server reads them), \
             or pass credentials with `Credentials::new`"
        )
    );
    let err = EndpointSecret::from_env("TEST_UNSET_ENDPOINT_SECRET").err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("environment variable TEST_UNSET_ENDPOINT_SECRET is not set: export it")
    );

    env(None, None, Some(&format!("APIone: {SECRET}")));
    assert_eq!(Credentials::from_env().unwrap().api_key(), "APIone");

    env(
        None,
        None,
        Some(&format!("APIone: {SECRET}\nAPItwo: {SECRET}")),
    );
    assert!(matches!(
        Credentials::from_env(),
        Err(CredentialsError::NotExactlyOneKey { count: 2, .. })
    ));

    // A key list with no key says so, rather than "choose one of 0 keys".
    env(None, None, Some("# no keys yet\n"));
    assert!(matches!(
        Credentials::from_env(),
        Err(CredentialsError::NoKeys { .. })
    ));

    env(Some("devkey"), Some("secret"), None);
    assert!(matches!(
        Credentials::from_env(),
        Err(CredentialsError::WeakSecret { len: 6 })
    ));

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        env(Some("APIenv"), None, None);
        // SAFETY: as above, single-threaded use of the environment.
        unsafe {
            std::env::set_var(
                "LIVEKIT_API_SECRET",
                std::ffi::OsStr::from_bytes(b"\xffCANARY"),
            )
        };
        let err = Credentials::from_env();
        assert!(matches!(
            err,
            Err(CredentialsError::NotUnicode {
                var: "LIVEKIT_API_SECRET"
            })
        ));
    }
    // L02: set but blank is "empty", not "not set", and names the variable.
    env(Some("APIenv"), Some("   "), None);
    assert!(matches!(
        Credentials::from_env(),
        Err(CredentialsError::EmptyEnv {
            var: "LIVEKIT_API_SECRET"
        })
    ));

    // The verifier reads the environment in the same order as AccessToken::new(), so what
    // one mints the other accepts even with LIVEKIT_KEYS also set to other keys.
    env(
        Some("APIenv"),
        Some(SECRET),
        Some(&format!("APIother: {SECRET}")),
    );
    let jwt = AccessToken::new().unwrap().to_jwt().unwrap();
    assert!(
        livekit_access_token::TokenVerifier::from_env()
            .unwrap()
            .verify(&jwt)
            .is_ok()
    );
    // Half a pair still means "the pair": the ring reports what `AccessToken::new()` would,
    // rather than falling back to LIVEKIT_KEYS and accepting tokens it cannot mint.
    for (key, secret) in [(Some("APIenv"), None), (None, Some(SECRET))] {
        env(key, secret, Some(&format!("APIother: {SECRET}")));
        let ring = livekit_access_token::KeyRing::from_env().map(|r| r.len());
        let pair = Credentials::from_env().map(|_| 1);
        assert!(ring.is_err(), "{ring:?}");
        assert_eq!(format!("{ring:?}"), format!("{pair:?}"));
    }
    env(
        None,
        None,
        Some(&format!("APIone: {SECRET}\nAPItwo: {SECRET}")),
    );
    let ring = livekit_access_token::KeyRing::from_env().unwrap();
    assert_eq!(ring.api_keys().collect::<Vec<_>>(), ["APIone", "APItwo"]);
    env(None, None, Some("# nothing here"));
    assert!(matches!(
        livekit_access_token::KeyRing::from_env(),
        Err(CredentialsError::NoKeys { .. })
    ));
    // The dev server's keys, as LiveKit's guides export them (`livekit-server --dev`):
    // refused unless asked for by name, whether as a pair or in LIVEKIT_KEYS.
    for (key, secret, keys) in [
        (Some("devkey"), Some("secret"), None),
        (None, None, Some("devkey: secret")),
    ] {
        env(key, secret, keys);
        let refused = Credentials::from_env().map(|_| ()).unwrap_err();
        assert!(
            match keys {
                // From a list, told by its line.
                Some(_) => matches!(
                    refused,
                    CredentialsError::KeyListWeakSecret {
                        line: 1,
                        len: 6,
                        ..
                    }
                ),
                None => matches!(refused, CredentialsError::WeakSecret { len: 6 }),
            },
            "{refused:?}"
        );
        assert!(
            refused
                .to_string()
                .contains("`Credentials::from_env_allowing_insecure_short_secret`"),
            "{refused}"
        );
        assert!(AccessToken::new().is_err());
        assert!(livekit_access_token::KeyRing::from_env().is_err());
        let dev = Credentials::from_env_allowing_insecure_short_secret().unwrap();
        assert_eq!(dev.api_key(), "devkey");
        let ring = livekit_access_token::KeyRing::from_env_allowing_insecure_short_secrets();
        let verifier = livekit_access_token::TokenVerifier::from_key_ring(ring.unwrap()).unwrap();
        let jwt = AccessToken::with_credentials(&dev).to_jwt().unwrap();
        assert!(verifier.verify(&jwt).is_ok());
    }
    env(None, None, None);
}

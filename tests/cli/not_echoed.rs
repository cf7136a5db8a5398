//! What may be a secret is never echoed: a dashed secret, a stray word, a value given to
//! the wrong flag, bytes that are not UTF-8.

use super::*;

#[test]
fn a_secret_that_starts_with_a_dash_is_the_secret_not_an_unknown_flag() {
    // Left to the argument parser, it would be refused as an unexpected argument and
    // printed whole in the error (`run_with` fails on any output holding "CANARY").
    let none: [(&str, &str); 0] = [];
    // One that starts as a flag's name does (`-r`, `--join`) is a secret all the same.
    for secret in [
        "-CANARY-dash-secret-0123456789abcdef",
        "--CANARY-dash-secret-0123456789abcdef",
        "-rCANARY-dash-secret-0123456789abcdef",
        "--join-CANARY-dash-secret-0123456789",
    ] {
        let out = run_with(
            &[
                "create",
                "--create",
                "--api-key",
                "APIdash",
                "--api-secret",
                secret,
            ],
            &none,
            "",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let verify = |secret: &str| {
            let env = [
                ("LIVEKIT_API_KEY", "APIdash"),
                ("LIVEKIT_API_SECRET", secret),
            ];
            run_with(&["verify", "-"], &env, &out.stdout)
        };
        assert_eq!(verify(secret).code, 0, "signed with the dashed secret");
        verify(&secret.replace('-', "_")).refused_with("signature");
    }
}

#[test]
fn a_flag_after_api_secret_is_refused_not_taken_for_the_secret() {
    // Taken as the value (as lk's Go flags take it), `--create` was lost ("no permissions
    // were given") and `--join` signed the token.
    let none: [(&str, &str); 0] = [];
    let no_value = |flag: &str| {
        format!("--api-secret has no value: what follows it is the flag {flag}, not a secret")
    };
    for (line, flag) in [
        (
            "create --api-key APIk --api-secret --create -r r",
            "--create",
        ),
        (
            "create --api-key APIk --api-secret --join --create -r r -i u --allow-insecure-short-secret",
            "--join",
        ),
        (
            "create --api-key APIk --create --api-secret=--join",
            "--join",
        ),
        ("create --api-key APIk --create --api-secret -q", "-q"),
        (
            "create --api-key APIk --create --api-secret --record",
            "--record",
        ),
        // A flag with its value: what is left without a flag is not the first error.
        ("create --api-key APIk --join --api-secret -r r -i u", "-r"),
        (
            "create --api-key APIk --join -r r --api-secret --identity u",
            "--identity",
        ),
        (
            "create --api-key APIk --join -i u --api-secret --room=CANARY-room",
            "--room",
        ),
        (
            "verify - --api-key APIk --api-secret --audience a",
            "--audience",
        ),
    ] {
        let out = run_with(&words(line, &[]), &none, "");
        out.refused_with(&no_value(flag));
        out.refused_with("give the secret right after --api-secret, or set LIVEKIT_API_SECRET");
    }
}

#[test]
#[cfg(unix)] // non-UTF-8 environment values are built from bytes
fn an_environment_value_that_is_not_utf8_is_refused_not_taken_for_unset() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let not_utf8 = || OsString::from_vec(b"CANARY-\xff-secret-0123456789abcdef-32".to_vec());
    let text = |s: &str| OsString::from(s);
    // Taken for unset, the first would report a missing secret and the second would sign
    // with LIVEKIT_KEYS' key instead.
    let key_and_bad_secret = [
        ("LIVEKIT_API_KEY", text(KEY)),
        ("LIVEKIT_API_SECRET", not_utf8()),
    ];
    let bad_pair_and_keys = [
        ("LIVEKIT_API_KEY", not_utf8()),
        ("LIVEKIT_API_SECRET", not_utf8()),
        ("LIVEKIT_KEYS", text(&format!("{KEY}: {SECRET}"))),
    ];
    for (env, var) in [
        (&key_and_bad_secret[..], "LIVEKIT_API_SECRET"),
        (&bad_pair_and_keys[..], "LIVEKIT_API_KEY"),
    ] {
        run_with(&words("create --create", &[]), env, "").refused_with(&format!(
            "{var} is not valid UTF-8: set it to the API key or secret as plain text"
        ));
    }
    let bad_keys = [("LIVEKIT_KEYS", not_utf8())];
    run_with(&words("create --create", &[]), &bad_keys, "")
        .refused_with("LIVEKIT_KEYS is not valid UTF-8");
}

#[test]
fn a_stray_word_is_not_echoed_as_it_may_be_the_secret() {
    // The secret without its flag, a secret with a space unquoted, a stray word after a
    // token: each is refused without repeating it (`run_with` checks for the CANARY).
    for line in [
        &[
            "create",
            "--join",
            "-r",
            "r",
            "-i",
            "u",
            "--api-key",
            KEY,
            "CANARY-lost-its-flag",
        ][..],
        &[
            "create",
            "--create",
            "--api-secret",
            "CANARY-first-half",
            "CANARY-second-half",
        ],
        &["verify", "-", "CANARY-stray"],
    ] {
        let out = run(line);
        out.refused_with("an unexpected argument, not shown as it may be a secret");
        out.refused_with("give each value after its flag, and quote a value that holds spaces");
    }
    // lk's `--join=true` gets the way out; a mistyped flag so written keeps clap's tip.
    fails_with(&["create", "--join=true", "-i", "u"], "write --join alone");
    fails_with(
        &["create", "--admin=false"],
        "--admin is a switch: leave it out",
    );
    fails_with(&["create", "--record=1"], "--egress is a switch: write");
    fails_with(
        &["create", "--jion=true"],
        "a similar argument exists: '--join'",
    );
    // A mistyped flag is still named, with clap's tip, but not a value given with `=`.
    let out = run(&["create", "--api-secrte=CANARY-after-equals"]);
    out.refused_with("unexpected argument '--api-secrte' found");
    out.refused_with("a similar argument exists: '--api-secret'");
    fails_with(&["create", "-Z"], "unexpected argument '-Z' found");
    // Only a flag's name is shown: not a lowercase word, not a word that starts with `--`
    // but holds what no flag does (capitals) or is longer than any flag.
    let long = format!("--{}", "secret".repeat(7));
    for stray in ["lowercasesecret", "--CANARY-dashed", &long] {
        let out = run(&["create", "--create", stray]);
        out.refused_with("an unexpected argument, not shown as it may be a secret");
        assert!(!out.stderr.contains(stray), "{}", out.stderr);
    }
    // A stray word that starts with a dash is read as short flags: only the first is named.
    fails_with(
        &["create", "-CANARY-dashed"],
        "unexpected argument '-C' found",
    );
    // Nor a later one, which may be the first character of a secret glued to switches.
    for word in ["-jZq9CANARY-glued-0123456789abcdef", "-jZq9", "-qjZ"] {
        let out = run(&["create", "--list", word]);
        out.refused_with(
            "an unexpected short switch in a cluster of them (several after one -), not shown",
        );
        out.refused_with("write each switch apart, and give each value after its flag");
        assert!(
            !out.stderr.contains("Z") && !out.stderr.contains("-j"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_value_given_to_the_wrong_flag_is_not_echoed() {
    // A secret pasted where another value goes: each kind of clap refusal, and a value
    // parser's own message, name the flag without the value (`run` checks for CANARY).
    for (line, message) in [
        (
            &["CANARY-as-a-subcommand"][..],
            "unrecognized subcommand (not shown)",
        ),
        (
            &["create", "--valid-for", "CANARY-dur"],
            "invalid value (not shown) for '--valid-for <DURATION>'",
        ),
        (
            &["create", "--kind", "CANARY-kind"],
            "not a participant kind: use one of standard, ingress, egress, sip, agent,",
        ),
        (
            &["create", "--allow-source=camera,CANARY-src"],
            "not a track source",
        ),
        (
            &["create", "--dev=CANARY-dev"],
            "unexpected value (not shown) for '--dev' found",
        ),
        (
            &["create", "--attribute", "CANARY-attr"],
            "invalid value (not shown) for '--attribute <KEY=VALUE>'",
        ),
        // A value parser names what is wrong without quoting a part of the value.
        (
            &["create", "--valid-for", "5CANARYsecret"],
            "unknown unit: use ns, us, ms, s, m or h (or d for 24h), right after the number",
        ),
        // Nor is a long one, which the library's own message would quote cut short.
        (
            &["create", "--kind", &format!("CANARY\"{}", "k".repeat(100))],
            "invalid value (not shown) for '--kind <KIND>': not a participant kind",
        ),
        // A long value a parser still quotes (a bare number, here) leaves the message out,
        // naming the flag only.
        (
            &[
                "create",
                "--valid-for",
                "12345678901234567890123456789012345",
            ],
            "--valid-for <DURATION>: a value was refused, not shown as it may be a secret",
        ),
        // A value holding `=` is still one value, not a flag and its value.
        (
            &["create", "--attribute", "key=CANARY\"quoted"],
            "invalid value (not shown) for '--attribute <KEY=VALUE>'",
        ),
        (
            &["verify", "--max-token-bytes", "CANARY-max", "-"],
            "invalid value (not shown) for '--max-token-bytes <BYTES>'",
        ),
        // A value holding a line break (a key file's `key` and `secret` lines pasted
        // whole): clap's text spans lines, and the value is left out of it all the same.
        (
            &[
                "create",
                "--valid-for",
                "APIk\nCANARY-secret-0123456789abcdef0123",
            ],
            "invalid value (not shown) for '--valid-for <DURATION>'",
        ),
        (
            &["create", "--kind", "APIk\nCANARY-kind"],
            "invalid value (not shown) for '--kind <KIND>'",
        ),
        (
            &["create", "--attribute", "APIk\nCANARY-attr"],
            "invalid value (not shown) for '--attribute <KEY=VALUE>'",
        ),
        (
            &["APIk\nCANARY-as-a-subcommand"],
            "unrecognized subcommand (not shown)",
        ),
        // A value that starts with another value of the line and a quote: left out whole,
        // not from that quote on.
        (
            &["create", "--kind", "create'CANARY-0123456789abcdef0123"],
            "invalid value (not shown) for '--kind <KIND>'",
        ),
        (
            &["create", "-r", "a", "--kind", "\"a\"CANARY-short"],
            "invalid value (not shown) for '--kind <KIND>'",
        ),
        (
            &[
                "create",
                "--allow-source",
                "camera,camera'CANARY-0123456789",
            ],
            "invalid value (not shown) for '--allow-source <ALLOW_SOURCE>'",
        ),
        // A value that starts with `-`, read by clap as short flags: not even its first.
        (
            &["create", "--identity", "-CANARY-0123456789abcdef0123456789"],
            "an unexpected argument, not shown as it may be a secret",
        ),
    ] {
        run(line).refused_with(message);
    }
    // A value shaped like a flag's name (`-`, then lower case), as long as a secret.
    let secret = format!("-{}", "s3cret-".repeat(5));
    let out = run(&[
        "create",
        "-i",
        "u",
        "--join",
        "-r",
        "r",
        "--valid-for",
        &secret,
    ]);
    out.refused_with("invalid value (not shown) for '--valid-for <DURATION>'");
    assert!(!out.stderr.contains(&secret[1..]), "{}", out.stderr);
}

#[test]
#[cfg(unix)] // a word that is not UTF-8 is built from bytes
fn a_word_that_is_not_utf8_is_refused_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let word = OsStr::from_bytes(b"CANARY-\xff");
    let out = Command::new(env!("CARGO_BIN_EXE_livekit-token"))
        .args([OsStr::new("create"), OsStr::new("--kind"), word])
        .envs(env())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: invalid UTF-8 was detected") && !stderr.contains("CANARY"),
        "{stderr}"
    );
}

#[test]
fn values_and_keys_found_again_later_are_not_echoed() {
    // An agent --agent names that the room configuration already dispatches.
    let dir = TempDir::new("agent-twice");
    let config = dir.write("room.json", r#"{"agents":[{"agentName":"CANARY-agent"}]}"#);
    let line = words(
        "create --join -r r -i u --agent CANARY-agent --room-config",
        &[&config],
    );
    run(&line).refused_with("--room-config already dispatches the agent --agent names");
    // An API key as long as a secret, twice in a key list (a line's key and secret
    // swapped, say).
    let long = "CANARY-0123456789abcdef0123456789abcdef";
    let keys = format!("{long}: {SECRET}\n{long}: {SECRET}\n");
    run_with(
        &words("create --join -r r -i u", &[]),
        &[("LIVEKIT_KEYS", keys)],
        "",
    )
    .refused_with("API key (not shown, as long as a secret: were the key and the secret swapped?) appears twice");
}

#[test]
fn a_path_with_a_line_break_is_shown_on_one_line() {
    for flag in ["--key-file", "--room-config"] {
        let path = "/nonexistent/a\nb\u{1b}[31m";
        run(&words("create --join -r r -i u", &[flag, path]))
            .refused_with("/nonexistent/a\\nb\\u{1b}[31m");
    }
}

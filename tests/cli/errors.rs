//! Refusals: one line, the flag that fixes it, never a secret or a library call.

use super::*;

#[test]
fn oversized_input_gets_an_honest_error_naming_the_flag_that_raises_the_limit() {
    let ten_mb = "a".repeat(10 << 20);
    let out = run_with(&["verify", "-"], &env(), &ten_mb);
    out.refused_with(
        "stdin holds more than 66560 bytes, and a token may be at most 65536: \
         if the token really is that long, raise the limit with --max-token-bytes",
    );
    names_no_library_call(&out);
    let none: [(&str, &str); 0] = [];
    let out = run_with(&["decode", "--untrusted", "-"], &none, &ten_mb);
    out.refused_with("stdin holds more than 66560 bytes");
    out.refused_with("verify --max-token-bytes reads longer ones");
    names_no_library_call(&out);

    // A token argument over the limit: its real size, and the flag that moves the limit.
    let big = format!("{}.{}.x", "e".repeat(8000), "p".repeat(62000));
    let out = run(&["verify", &big]);
    out.refused_with("the token is 70003 bytes, over the limit of 65536: if the token really");
    names_no_library_call(&out);
    // Raised, the limit lets the token through to the next check.
    run(&["verify", "--max-token-bytes", "100000", &big]).refused_with("malformed token");
    run_with(
        &["verify", "--max-token-bytes", "100000", "-"],
        &env(),
        &big,
    )
    .refused_with("malformed token");
    run(&["verify", "--max-token-bytes", "10", &big])
        .refused_with("--max-token-bytes 10 is below the minimum of 256");

    // A token that just fits, with its newline, still verifies from stdin.
    let jwt = run(&["create", "--create", "--metadata", &"m".repeat(48000)]).stdout;
    assert!(jwt.len() > 64000 && jwt.len() < 65536, "{}", jwt.len());
    let out = run_with(&["verify", "-"], &env(), &format!("{jwt}\r\n\n"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Stdin is read up to the limit and 1024 bytes of white space: that much still
    // verifies, a byte more is refused.
    let padded = |len: usize| format!("{jwt}{}", "\n".repeat(len - jwt.len()));
    let out = run_with(&["verify", "-"], &env(), &padded(66560));
    assert_eq!(out.code, 0, "{}", out.stderr);
    run_with(&["verify", "-"], &env(), &padded(66561))
        .refused_with("stdin holds more than 66560 bytes");
    run_with(&["verify", "-"], &env(), "\u{0}\u{ff}").refused_with("malformed token");
}

#[test]
fn credential_errors_name_the_flag_not_the_library() {
    let none: [(&str, &str); 0] = [];
    let out = run_with(
        &words("create --create --api-key devkey --api-secret secret", &[]),
        &none,
        "",
    );
    out.refused_with("the API secret is 6 bytes, shorter than the 32 bytes HS256 needs");
    out.refused_with("or pass --allow-insecure-short-secret for a dev server");
    names_no_library_call(&out);

    // Half a pair in the environment: the advice names the whole pair, since a flag for
    // the other half alone is refused too.
    for (var, other) in [
        ("LIVEKIT_API_SECRET", "LIVEKIT_API_KEY"),
        ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"),
    ] {
        let half = [(var, "APIk-or-a-secret-0123456789abcdef-32")];
        let out = run_with(&words("create --create", &[]), &half, "");
        out.refused_with(&format!(
            "{var} is set but {other} is not: export it, or pass --api-key and --api-secret"
        ));
        names_no_library_call(&out);
        // The key from a flag is never paired with the other half.
        run_with(&words("create --create --api-key APIk", &[]), &half, "").refused_with(
            "--api-key was given without --api-secret, and LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not both set: pass --api-secret too",
        );
    }
    run_with(&words("create --create --api-key APIk", &[]), &none, "").refused_with(
        "--api-key was given without its secret: pass --api-secret too, or set LIVEKIT_KEYS or --key-file holding that key",
    );
    run_with(&words("create --create --api-secret s", &[]), &none, "")
        .refused_with("--api-secret needs --api-key");
    // Set but empty: the variable is named, whatever the other one holds.
    let empty_key = [("LIVEKIT_API_KEY", " "), ("LIVEKIT_API_SECRET", SECRET)];
    for env in [&empty_key[..], &empty_key[..1]] {
        run_with(&words("create --create", &[]), env, "")
            .refused_with("environment variable LIVEKIT_API_KEY is set but empty");
    }
    // An --api-key as long as a secret may be the secret: it is not repeated.
    let pasted = "CANARY-secret-pasted-as-the-key-0123456789";
    fails_with(
        &["create", "--create", "--api-key", pasted],
        "--api-key (not shown, as long as a secret) is not LIVEKIT_API_KEY",
    );
    // The line is a secret's least length, 32 bytes: a key one byte shorter is shown.
    let at_the_line = format!("CANARY-{}", "k".repeat(25));
    let under_it = "APIthirty-one-bytes-0123456789a";
    assert_eq!((at_the_line.len(), under_it.len()), (32, 31));
    fails_with(
        &["create", "--create", "--api-key", &at_the_line],
        "--api-key (not shown, as long as a secret)",
    );
    fails_with(
        &["create", "--create", "--api-key", under_it],
        &format!("--api-key {under_it:?} is not LIVEKIT_API_KEY"),
    );
    let keys = [("LIVEKIT_KEYS", "APIk: CANARY-keys-secret-0123456789abcdef")];
    run_with(&["create", "--create", "--api-key", pasted], &keys, "").refused_with(
        "API key (not shown, as long as a secret) is not in LIVEKIT_KEYS: check --api-key, or add \
         the key to LIVEKIT_KEYS (or pass its secret with --api-secret)",
    );
    // From a key file, the way out is not --api-secret beside it, which is refused.
    #[cfg(unix)]
    {
        let dir = TempDir::new("key-not-in-file");
        let path = &dir.write("k.yaml", &format!("{KEY}: {SECRET}\n"));
        dir.set_mode("k.yaml", 0o600);
        let out = run_with(
            &[
                "create",
                "--create",
                "--key-file",
                path,
                "--api-key",
                "APIzz",
            ],
            &none,
            "",
        );
        out.refused_with(&format!(
            "API key \"APIzz\" is not in --key-file {path}: check --api-key, or add the key's \
             `key: secret` line to the file (or drop --key-file and pass its secret with --api-secret)"
        ));
        assert!(!out.stderr.contains("LIVEKIT_KEYS"), "{}", out.stderr);
    }

    // --api-key next to the environment's pair must name that pair's key.
    assert_eq!(
        claims_of(&run(&["create", "--create", "--api-key", KEY]))["iss"],
        KEY
    );
    fails_with(
        &["create", "--create", "--api-key", "APIother"],
        "--api-key \"APIother\" is not LIVEKIT_API_KEY: pass its secret with --api-secret",
    );
}

#[test]
fn valid_for_takes_go_durations_as_lk_does() {
    for (text, secs) in [("1h30m", 5400), ("1.5h", 5400), ("90s", 90), ("2000ms", 2)] {
        assert_eq!(
            lifetime(&minted("create --create --valid-for", &[text])),
            secs,
            "{text}"
        );
    }
    for (text, message) in [
        ("-1h", "negative"),
        ("0s", "born expired"),
        ("300ms", "whole number of seconds"),
        ("3600", "write 3600s for seconds"),
        ("1y", "unknown unit"),
        ("3000000h", "too long"),
    ] {
        refused("create --create --valid-for", &[text], message);
    }
}

#[test]
fn server_tokens_need_no_identity() {
    let v = create_json(&["--create", "--list", "--valid-for", "10m"]);
    assert!(v["claims"].get("sub").is_none());
    assert_eq!(
        v["claims"]["video"],
        serde_json::json!({"roomCreate": true, "roomList": true})
    );
}

#[test]
fn the_type_rules_are_argument_errors_with_the_same_wording() {
    fails_with(
        &["create", "--join", "--room", "r"],
        "this token joins a room, so it needs an identity: pass --identity",
    );
    fails_with(
        &["create", "--join", "--identity", "u"],
        "this token joins a room, so it needs a room name: pass --room",
    );
    fails_with(
        &["create", "--admin"],
        "this token grants room admin, so it needs a room name: pass --room",
    );
}

#[test]
fn bad_values_are_one_line_errors() {
    fails_with(&["create", "--kind", "agnet"], "not a participant kind");
    let hint = "not a track source (did you mean screen_share?): use one of camera,";
    fails_with(&["create", "--sources", "camera,Screen-Share"], hint);
    fails_with(
        &["create", "--sources", "camera,camra"],
        "not a track source",
    );
    fails_with(&["create", "--valid-for", "1y"], "unknown unit");
    fails_with(&["create", "--valid-for", "0"], "born expired");
    fails_with(&["create", "--attribute", "novalue"], "not key=value");
    // An empty value names nothing (and a webhook token must vouch for a body).
    for (line, message) in [
        (
            "create --join -i u --room",
            "--room is empty: pass the room's name",
        ),
        (
            "create --admin -r r --destination-room",
            "--destination-room is empty",
        ),
        (
            "create --sha256",
            "--sha256 is empty: pass the base64 SHA-256",
        ),
        ("create --list --room-preset", "--room-preset is empty"),
        (
            "create --agent-thread-read --agent-thread-scope",
            "--agent-thread-scope is empty",
        ),
    ] {
        fails_with(&words(line, &[""]), message);
    }
    let ids = words("create --list --agent-thread-ids a,,b", &[]);
    fails_with(&ids, "--agent-thread-ids holds an empty id");
    // So is a --grant's, which would override --room's (and then ask for --room).
    for (line, grant, key) in [
        ("create --join -r r -i u --grant", r#"{"room":""}"#, "room"),
        ("create --create --grant", r#"{"room":""}"#, "room"),
        (
            "create --admin -r r --destination-room d --grant",
            r#"{"destinationRoom":""}"#,
            "destinationRoom",
        ),
    ] {
        refused(
            line,
            &[grant],
            &format!(
                "--grant's \"{key}\" is empty: give the room's name, or leave \"{key}\" out of --grant"
            ),
        );
    }
    fails_with(
        &["create", "--room-config", "/nonexistent/room.json"],
        "cannot read",
    );
    // A member LiveKit's room configuration does not have would be dropped by the server.
    let dir = TempDir::new("unknown-member");
    let path = dir.write("room.json", r#"{"maxParticipant": 2}"#);
    let out = run(&words("create --join -r r -i u --room-config", &[&path]));
    out.refused_with("the --room-config file has a member \"maxParticipant\" that LiveKit's");
    names_no_library_call(&out);
    fails_with(
        &["create", "--can-publish", "--no-publish"],
        "cannot be used with",
    );
    fails_with(
        &[
            "create",
            "--create",
            "--grant",
            r#"{"canPublishSources":[]}"#,
        ],
        "--grant's canPublishSources is an empty list, which LiveKit reads as every source: name sources with --allow-source",
    );
    fails_with(
        &[
            "create",
            "--agent-endpoint-call",
            "--agent-endpoint-name",
            "",
        ],
        "--agent-endpoint-name or --agent-endpoint-deployment is empty, which reads as every agent",
    );
    // Clap's own refusals keep their reason and tip, on one line.
    fails_with(
        &["create", "--identiy", "u"],
        "unexpected argument '--identiy' found; tip: a similar argument exists: '--identity'",
    );
    fails_with(
        &["decode", "x"],
        "the following required arguments were not provided: --untrusted",
    );
}

#[test]
fn lk_flags_left_out_say_why_and_what_to_write_instead() {
    let projects = "lk's projects (~/.livekit/cli-config.yaml) and livekit.toml are not read here";
    let open = "nothing is opened here";
    for (line, flag, why) in [
        ("create -i u --project CANARY", "--project", projects),
        ("create -i u --subdomain=CANARY", "--subdomain", projects),
        ("--config CANARY.toml create", "--config", projects),
        ("verify --project CANARY -", "--project", projects),
        ("create -i u --open CANARY", "--open", open),
    ] {
        let out = run(&line.split(' ').collect::<Vec<_>>());
        out.refused_with(&format!("{flag} is lk's, not this tool's: {why}"));
        assert!(!out.stderr.contains("CANARY"), "{}", out.stderr);
    }
    // The ways to give the keys are the ones a missing key lists.
    let keys = "LIVEKIT_KEYS, or --key-file (--dev for a dev server's keys)";
    fails_with(&["create", "--project", "p"], keys);
    let out = run_with(&["create", "--create"], &[] as &[(&str, &str)], "");
    out.refused_with("no credentials: pass --api-key and --api-secret, or set LIVEKIT_API_KEY");
    out.refused_with(keys);
    fails_with(
        &["create", "--open"],
        "this tool prints the token, open it yourself",
    );
}

/// Runs `create` with its stdout going to `stdout`.
fn create_into(stdout: std::process::Stdio) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_livekit-token"))
        .args(["create", "--join", "-r", "r", "-i", "u"])
        .envs(env())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn output_that_cannot_be_written_is_an_error_not_a_panic() {
    // The reader is gone (`| head` done reading): fail without a word, nobody reads it.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = create_into(writer.into());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A full disk: one error line that says so.
    #[cfg(target_os = "linux")]
    {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = create_into(full.into());
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: could not write the output (")
                && stderr.lines().count() == 1,
            "{stderr}"
        );
    }
}

#[test]
fn a_key_list_problem_is_told_by_its_line_and_the_variable_it_is_in() {
    // The key to mint with is good; another key in the list is what is refused, so the
    // message must say which line, and name LIVEKIT_KEYS rather than "the key list".
    let good = "APIgood: CANARY-keys-secret-0123456789abcdef";
    for (keys, message) in [
        (
            format!("{good}\nAPIweak: short"),
            "line 2 of LIVEKIT_KEYS holds a secret of 5 bytes, shorter than the 32 bytes HS256 \
             needs: generate a longer one (`livekit-server generate-keys`), or pass \
             --allow-insecure-short-secret for a dev server",
        ),
        (
            format!("{good}\nAPInumber: 12345678901234567890123456789012345"),
            "line 2 of LIVEKIT_KEYS holds a secret that YAML reads as a number",
        ),
        (
            format!("{good}\nAPItab:\tCANARY-0123456789abcdef0123456789"),
            "line 2 of LIVEKIT_KEYS is not `key: secret`",
        ),
    ] {
        let args = ["create", "--create", "--api-key", "APIgood"];
        run_with(&args, &[("LIVEKIT_KEYS", keys.as_str())], "").refused_with(message);
    }
}

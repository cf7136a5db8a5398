//! Credentials, `verify`, `decode`, help, and the official verifier on what `create` mints.

use std::process::{Command, Stdio};

use serde_json::Value;

use super::*;

#[test]
fn credentials_from_flags_env_keys_and_key_file_with_clear_errors() {
    let none: [(&str, &str); 0] = [];
    let out = run_with(&["create", "--create"], &none, "");
    out.refused_with("LIVEKIT_API_KEY");
    let with_flags = |line: &str| run_with(&words(line, &[]), &none, "");
    let out = with_flags(&format!(
        "create --create --api-key {KEY} --api-secret {SECRET}"
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dev = "create --create --api-key devkey --api-secret secret";
    with_flags(dev).refused_with("--allow-insecure-short-secret");
    let out = with_flags(&format!("{dev} --allow-insecure-short-secret"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys = format!("{KEY}: {SECRET}");
    let out = run_with(
        &["create", "--create"],
        &[("LIVEKIT_KEYS", keys.as_str())],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        run_with(
            &["verify", out.stdout.trim()],
            &[("LIVEKIT_KEYS", keys.as_str())],
            ""
        )
        .code,
        0
    );
    // A key list with no key is refused by its source, not as "0 keys to choose from".
    for args in [&["create", "--create"][..], &["verify", "x.y.z"][..]] {
        run_with(args, &[("LIVEKIT_KEYS", " \n")], "")
            .refused_with("LIVEKIT_KEYS holds no key: add a `key: secret` line");
    }

    #[cfg(unix)]
    {
        let dir = TempDir::new("keys");
        let path = &dir.write(
            "keys.yaml",
            &format!("{KEY}: {SECRET}\nAPIother: other-secret-0123456789abcdef0123\n"),
        );
        dir.set_mode("keys.yaml", 0o644);
        let out = run_with(
            &["create", "--create", "--key-file", path, "--api-key", KEY],
            &none,
            "",
        );
        out.refused_with("chmod 600");
        dir.set_mode("keys.yaml", 0o600);
        let out = run_with(&["create", "--create", "--key-file", path], &none, "");
        out.refused_with("--api-key");
        let out = run_with(
            &["create", "--create", "--key-file", path, "--api-key", KEY],
            &none,
            "",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        // verify with the whole key file: the key is chosen by the token's iss.
        let verified = run_with(&["verify", "-", "--key-file", path], &none, &out.stdout);
        assert_eq!(verified.code, 0, "{}", verified.stderr);
        // A secret on the command line next to a key file would be silently ignored.
        let out = run_with(
            &["verify", "-", "--key-file", path, "--api-secret", SECRET],
            &none,
            "",
        );
        out.refused_with("--key-file");
        // A dev server's key file (short secret): verify takes the same opt-in as create.
        dir.write("keys.yaml", "devkey: secret\n");
        let dev = run_with(
            &[
                "create",
                "--create",
                "--key-file",
                path,
                "--allow-insecure-short-secret",
            ],
            &none,
            "",
        );
        assert_eq!(dev.code, 0, "{}", dev.stderr);
        let refused = run_with(&["verify", "-", "--key-file", path], &none, &dev.stdout);
        refused.refused_with("--allow-insecure-short-secret");
        let verified = run_with(
            &[
                "verify",
                "-",
                "--key-file",
                path,
                "--allow-insecure-short-secret",
            ],
            &none,
            &dev.stdout,
        );
        assert_eq!(verified.code, 0, "{}", verified.stderr);
        dir.write("keys.yaml", "");
        for command in [&["create", "--create"][..], &["verify", "x.y.z"][..]] {
            run_with(&[command, &["--key-file", path]].concat(), &none, "")
                .refused_with("keys.yaml holds no key: add a `key: secret` line");
        }
    }
}

#[test]
fn verify_refuses_bad_tokens_with_one_line_and_nonzero_exit() {
    let jwt = run(&["create", "--create"]).stdout.trim().to_owned();
    let tampered = format!("{}x", jwt);
    for (token, message) in [
        (tampered.as_str(), "invalid signature"),
        ("not-a-token", "malformed token"),
        ("", "malformed token"),
    ] {
        let out = run_with(&["verify", "-"], &env(), token);
        assert_eq!(out.code, 1);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains(message), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let other = [
        ("LIVEKIT_API_KEY", KEY),
        ("LIVEKIT_API_SECRET", "another-secret-0123456789abcdef-32"),
    ];
    let out = run_with(&["verify", &jwt], &other, "");
    assert!(
        out.code == 1
            && out.stderr.contains("invalid signature")
            && out.stderr.contains("--api-secret"),
        "{}",
        out.stderr
    );
    // Errors name this tool's flags, not the library's types.
    let another_key = [
        ("LIVEKIT_API_KEY", "APIanother"),
        ("LIVEKIT_API_SECRET", "another-secret-0123456789abcdef-32"),
    ];
    let out = run_with(&["verify", &jwt], &another_key, "");
    assert!(
        out.code == 1
            && out.stderr.contains("is not among the keys given")
            && out.stderr.contains("--key-file")
            && !out.stderr.contains("KeyRing")
            && !out.stderr.contains("verifier"),
        "{}",
        out.stderr
    );
}

/// A token naming an audience, which `create` never writes: signed here with the key.
fn token_for_audience(audience: &str) -> String {
    use base64::Engine;
    use hmac::{KeyInit, Mac};
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600;
    let payload = format!(r#"{{"iss":"{KEY}","aud":"{audience}","exp":{exp}}}"#);
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(payload.as_bytes())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

#[test]
fn an_audience_is_refused_unless_given_with_audience() {
    let jwt = token_for_audience("my-app");
    let out = run(&["verify", &jwt]);
    out.refused_with("pass --audience");
    names_no_library_call(&out);
    let out = run(&["verify", &jwt, "--audience", "another-app"]);
    out.refused_with("--audience");
    let out = run(&["verify", &jwt, "--audience", "my-app"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let claims: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(claims["aud"], "my-app");
}

#[test]
fn decode_untrusted_says_so_and_needs_no_key() {
    let jwt = run(&["create", "--join", "--room", "r", "--identity", "u"]).stdout;
    let none: [(&str, &str); 0] = [];
    let out = run_with(&["decode", "--untrusted", "-"], &none, &jwt);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("UNTRUSTED"));
    let claims: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(claims["sub"], "u");
    let out = run_with(&["decode", "-"], &none, &jwt);
    out.refused_with("--untrusted");
}

#[test]
fn help_has_examples_and_never_shows_a_secret() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("Examples (") && out.stdout.contains("livekit-token create --join")
    );
    let out = run(&["create", "--help"]);
    for text in [
        "--valid-for <DURATION>",
        "[default: 5m]",
        "--sip-call",
        "--allow-source <ALLOW_SOURCE>",
        "[alias: --sources]",
        "[alias: --record]",
        "The dev server's keys",
        "-d, --deployment <NAME>",
        "--grant's keys win over the flags",
        "--allow-no-permissions",
    ] {
        assert!(out.stdout.contains(text), "{text}: {}", out.stdout);
    }
}

#[test]
fn api_key_without_its_secret_is_refused_not_paired_with_another_secret() {
    let out = run(&["create", "--create", "--api-key", "APIsomeoneelse"]);
    out.refused_with("--api-secret");
    // --allow-insecure-short-secret reaches LIVEKIT_KEYS too.
    let out = run_with(
        &["create", "--create", "--allow-insecure-short-secret"],
        &[("LIVEKIT_KEYS", "devkey: secret")],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run_with(
        &["create", "--create"],
        &[("LIVEKIT_KEYS", "devkey: secret")],
        "",
    );
    out.refused_with("--allow-insecure-short-secret");
}

#[test]
fn room_config_credentials_need_the_flag() {
    let dir = TempDir::new("rc");
    let path = dir.write(
        "room.json",
        r#"{"egress": {"tracks": {"s3": {"bucket": "b", "secret": "s"}}}}"#,
    );
    let join = ["--join", "-r", "r", "-i", "u", "--room-config", &path];
    fails_with(
        &[&["create"], &join[..]].concat(),
        "--allow-sensitive-credentials",
    );
    let v = create_json(&[&join[..], &["--allow-sensitive-credentials"]].concat());
    assert_eq!(
        v["claims"]["roomConfig"]["egress"]["tracks"]["s3"]["bucket"],
        "b"
    );
}

/// The official Node SDK's verifier accepts what `create` mints, and reads the same claims.
/// The SDK is installed into `target/interop/` by `tests/interop/setup.sh` (pinned, offline
/// once installed), as the interop tests do.
#[test]
fn the_official_node_verifier_accepts_what_create_mints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup = Command::new("bash")
        .arg(root.join("tests/interop/setup.sh"))
        .stdout(Stdio::null())
        .status()
        .expect("run tests/interop/setup.sh");
    assert!(setup.success(), "tests/interop/setup.sh failed");
    let script = root.join("target/interop/node/verify.mjs");
    let commands = [
        words(
            "create --join --room r --identity u --agent support-bot --valid-for 1h30m",
            &[],
        ),
        words(
            "create --identity u --grant",
            &[r#"{"roomJoin":true,"room":"r","canPublish":true}"#],
        ),
        words(
            "create --join -r r -i u --admin --destination-room d --no-publish-data \
             --allow-source camera --can-subscribe-metrics --kind agent --kind-details \
             cloud_agent --attribute a=1 --metadata m --room-preset p --sip-call --agent-admin \
             --agent-endpoint-call --agent-thread-read --inference --observability --agent bot \
             -d staging --job-metadata j",
            &[],
        ),
    ];
    for args in commands {
        let out = run(&args);
        let ours = claims_of(&out);
        let mut node = Command::new("node");
        node.arg(&script);
        let verified = run_peer(node, KEY, SECRET, &out.stdout)
            .unwrap_or_else(|(code, stderr)| panic!("{args:?}: exit {code}: {stderr}"));
        let theirs: Value = serde_json::from_str(&verified).unwrap();
        assert_eq!(theirs, ours, "{args:?}");
    }
}

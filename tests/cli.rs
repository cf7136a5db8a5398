//! The `livekit-token` binary, run as a user runs it: flags, errors, pipes.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const KEY: &str = "APIcli";
const SECRET: &str = "CANARY-cli-secret-0123456789abcdef-32";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_livekit-token"));
    cmd.args(args)
        .env_remove("LIVEKIT_API_KEY")
        .env_remove("LIVEKIT_API_SECRET")
        .env_remove("LIVEKIT_KEYS")
        .env_remove("LIVEKIT_URL")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run livekit-token");
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        // A command that refuses its arguments exits without reading its input, and the
        // write then races its exit; anything but that broken pipe is a harness failure.
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    let out = child.wait_with_output().unwrap();
    let o = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stdout.contains("CANARY") && !o.stderr.contains("CANARY"),
        "a secret was echoed"
    );
    o
}

fn env() -> [(&'static str, &'static str); 2] {
    [("LIVEKIT_API_KEY", KEY), ("LIVEKIT_API_SECRET", SECRET)]
}

fn run(args: &[&str]) -> Out {
    run_with(args, &env(), "")
}

fn create_json(args: &[&str]) -> Value {
    let mut all = vec!["create", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn fails_with(args: &[&str], message: &str) {
    run(args).refused_with(message);
}

impl Out {
    /// The command failed, printed nothing on stdout, and said `message` on stderr in one
    /// line.
    fn refused_with(&self, message: &str) {
        assert_ne!(self.code, 0, "should fail: {}", self.stderr);
        assert!(self.stdout.is_empty(), "nothing on stdout when failing");
        assert!(self.stderr.contains(message), "{}", self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
    }
}

#[test]
fn create_prints_the_jwt_alone_and_verify_accepts_it_through_a_pipe() {
    let out = run(&[
        "create",
        "--join",
        "--room",
        "my-room",
        "--identity",
        "user123",
        "--name",
        "John Doe",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let jwt = out.stdout.trim();
    assert_eq!(jwt.split('.').count(), 3);
    assert_eq!(out.stdout.lines().count(), 1, "pipe-friendly: one line");
    let verified = run_with(&["verify", "-"], &env(), &out.stdout);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    let claims: Value = serde_json::from_str(&verified.stdout).unwrap();
    assert_eq!(claims["sub"], "user123");
    assert_eq!(claims["name"], "John Doe");
    assert_eq!(claims["video"]["roomJoin"], true);
    assert_eq!(claims["video"]["room"], "my-room");
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["nbf"].as_u64().unwrap(),
        300,
        "default 5m, as lk"
    );
    // As an argument too.
    assert_eq!(run(&["verify", jwt]).code, 0);
}

#[test]
fn every_create_flag_lands_in_the_claims() {
    let dir = std::env::temp_dir().join(format!("lkt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("room.json");
    std::fs::write(
        &config,
        r#"{"maxParticipants": 3, "agents": [{"agentName": "scribe"}]}"#,
    )
    .unwrap();
    let v = create_json(&words(
        "--join --room r --identity u --name N --valid-for 90s --metadata m --attribute a=1 \
         --attribute b=x=y --kind agent --can-publish --can-subscribe --can-publish-data \
         --can-update-own-metadata --sources camera,microphone --hidden --recorder --create \
         --list --admin --record --ingress-admin --sip-admin --sip-call --agent-admin \
         --inference --observability --room-config",
        &[config.to_str().unwrap()],
    ));
    let c = &v["claims"];
    assert_eq!(c["exp"].as_u64().unwrap() - c["nbf"].as_u64().unwrap(), 90);
    assert_eq!(
        (
            c["sub"].as_str(),
            c["name"].as_str(),
            c["metadata"].as_str()
        ),
        (Some("u"), Some("N"), Some("m"))
    );
    assert_eq!(c["attributes"], serde_json::json!({"a": "1", "b": "x=y"}));
    assert_eq!(c["kind"], "agent");
    let video = &c["video"];
    for flag in [
        "roomJoin",
        "roomAdmin",
        "roomCreate",
        "roomList",
        "roomRecord",
        "ingressAdmin",
        "hidden",
        "recorder",
        "canPublish",
        "canSubscribe",
        "canPublishData",
        "canUpdateOwnMetadata",
    ] {
        assert_eq!(video[flag], true, "{flag}");
    }
    assert_eq!(
        video["canPublishSources"],
        serde_json::json!(["camera", "microphone"])
    );
    assert_eq!(c["sip"], serde_json::json!({"admin": true, "call": true}));
    assert_eq!(c["agent"], serde_json::json!({"admin": true}));
    assert_eq!(c["inference"], serde_json::json!({"perform": true}));
    assert_eq!(c["observability"], serde_json::json!({"write": true}));
    assert_eq!(c["roomConfig"]["agents"][0]["agentName"], "scribe");
    let v = create_json(&[
        "--join",
        "--room",
        "r",
        "--identity",
        "u",
        "--no-publish",
        "--no-subscribe",
        "--valid-for",
        "2d",
    ]);
    assert_eq!(v["claims"]["video"]["canPublish"], false);
    assert_eq!(v["claims"]["video"]["canSubscribe"], false);
    assert_eq!(
        v["claims"]["exp"].as_u64().unwrap() - v["claims"]["nbf"].as_u64().unwrap(),
        172_800
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The claims of the JWT a successful command printed, read without a key.
fn claims_of(out: &Out) -> Value {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let claims = livekit_access_token::dangerous::decode_untrusted(out.stdout.trim())
        .unwrap()
        .into_untrusted_claims();
    serde_json::to_value(claims).unwrap()
}

/// A command line's words split at spaces, then `rest` (values with spaces, JSON).
fn words<'a>(line: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    line.split_whitespace()
        .chain(rest.iter().copied())
        .collect()
}

/// The claims `create` mints for this command line.
fn minted(line: &str, rest: &[&str]) -> Value {
    claims_of(&run(&words(line, rest)))
}

fn refused(line: &str, rest: &[&str], message: &str) {
    run(&words(line, rest)).refused_with(message);
}

fn lifetime(claims: &Value) -> u64 {
    claims["exp"].as_u64().unwrap() - claims["nbf"].as_u64().unwrap()
}

/// A scratch directory for files a command reads, removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("lkt-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `file` and returns its path.
    fn write(&self, file: &str, text: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn lk_flag_names_and_short_forms_mint_the_same_claims() {
    let lk = minted(
        "create --join -r r -i u -n N --egress --ingress --allow-source camera,microphone \
         --allow-source screen_share --allow-update-metadata --token-only",
        &[],
    );
    let ours = minted(
        "create --join --room r --identity u --name N --record --ingress-admin \
         --sources camera,microphone,screen_share --can-update-own-metadata",
        &[],
    );
    let video = json!({
        "roomJoin": true, "room": "r", "roomRecord": true, "ingressAdmin": true,
        "canPublishSources": ["camera", "microphone", "screen_share"],
        "canUpdateOwnMetadata": true,
    });
    for claims in [&lk, &ours] {
        assert_eq!(claims["video"], video);
        assert_eq!(
            (&claims["sub"], &claims["name"]),
            (&json!("u"), &json!("N"))
        );
    }
    // -j is --json, which --token-only contradicts.
    let v: Value = serde_json::from_str(&run(&["create", "--create", "-j"]).stdout).unwrap();
    assert_eq!(v["claims"]["video"]["roomCreate"], true);
    refused(
        "create --create --json --token-only",
        &[],
        "cannot be used with",
    );
}

#[test]
fn the_name_defaults_to_the_identity_as_in_lk() {
    assert_eq!(minted("create --join -r r -i u", &[])["name"], "u");
    let c = minted("create --create", &[]);
    assert!(c.get("name").is_none() && c.get("sub").is_none(), "{c}");
}

#[test]
fn attribute_file_keys_win_over_attribute_flags() {
    let dir = TempDir::new("attr");
    let path = dir.write("attrs.json", r#"{"b": "from-file", "c": "3"}"#);
    let c = minted(
        "create --create --attribute a=1 --attribute b=flag --attribute-file",
        &[&path],
    );
    assert_eq!(
        c["attributes"],
        json!({"a": "1", "b": "from-file", "c": "3"})
    );
    let path = dir.write("numbers.json", r#"{"n": 1}"#);
    refused(
        "create --create --attribute-file",
        &[&path],
        "is not a JSON object of string attributes",
    );
    refused(
        "create --create --attribute-file /nonexistent/a.json",
        &[],
        "cannot read /nonexistent/a.json",
    );
}

#[test]
fn grant_json_is_merged_over_the_flags_as_in_lk() {
    // The second command of issue 17.
    let c = minted(
        "create --grant",
        &[
            r#"{"roomJoin":true,"room":"r","canPublish":true}"#,
            "--identity",
            "u",
        ],
    );
    assert_eq!(
        c["video"],
        json!({"roomJoin": true, "room": "r", "canPublish": true})
    );
    assert_eq!((&c["sub"], &c["name"]), (&json!("u"), &json!("u")));
    // Each key --grant sets wins over its flag; the flags' other keys stay.
    let c = minted(
        "create --join --room a --identity u --can-publish --hidden --grant",
        &[r#"{"room":"b","canPublish":false,"canSubscribe":false,"canPublishSources":["CAMERA"]}"#],
    );
    assert_eq!(
        c["video"],
        json!({
            "roomJoin": true, "room": "b", "canPublish": false, "canSubscribe": false,
            "hidden": true, "canPublishSources": ["camera"],
        })
    );
    // roomJoin from --grant brings the join rules with it.
    refused(
        "create --grant",
        &[r#"{"roomJoin":true,"room":"r"}"#],
        "needs an identity: pass --identity",
    );
    for (grant, message) in [
        (r#"{"RoomJoin":true}"#, r#"did you mean "roomJoin"?"#),
        (r#"{"can_publish":true}"#, r#"did you mean "canPublish"?"#),
        (
            r#"{"canPublsh":true}"#,
            r#""canPublsh" (the keys are camelCase"#,
        ),
        (r#"{"roomJoin":"yes"}"#, "expected a boolean"),
        (
            r#"{"canPublishSources":["camra"]}"#,
            r#""camra" is not a track source"#,
        ),
        ("[true]", "--grant takes a JSON object"),
        ("{", "--grant is not a JSON video grant"),
    ] {
        refused("create --create --grant", &[grant], message);
    }
}

#[test]
fn agent_dispatch_flags_build_the_room_configuration_as_lk_does() {
    // The first command of issue 17.
    let c = minted(
        "create --join --room r --identity u --agent support-bot --valid-for 1h30m",
        &[],
    );
    assert_eq!(lifetime(&c), 5400);
    assert_eq!(
        c["roomConfig"],
        json!({"agents": [{"agentName": "support-bot"}]})
    );
    assert_eq!(c["video"], json!({"roomJoin": true, "room": "r"}));
    assert_eq!(c["sub"], "u");

    let c = minted(
        "create --join -r r -i u --agent bot -d staging --job-metadata",
        &[r#"{"lang":"fr"}"#],
    );
    assert_eq!(
        c["roomConfig"],
        json!({"agents": [
            {"agentName": "bot", "metadata": r#"{"lang":"fr"}"#, "deployment": "staging"}
        ]})
    );
    // roomJoin from --grant counts as joining.
    let c = minted(
        "create -i u --agent bot --grant",
        &[r#"{"roomJoin":true,"room":"r"}"#],
    );
    assert_eq!(c["roomConfig"]["agents"][0]["agentName"], "bot");

    // With --room-config, the agent joins the file's agents.
    let dir = TempDir::new("agent");
    let path = dir.write(
        "room.json",
        r#"{"maxParticipants": 3, "agents": [{"agentName": "scribe"}]}"#,
    );
    let c = minted(
        "create --join -r r -i u --agent bot --room-config",
        &[&path],
    );
    assert_eq!(c["roomConfig"]["maxParticipants"], 3);
    assert_eq!(
        c["roomConfig"]["agents"],
        json!([{"agentName": "scribe"}, {"agentName": "bot"}])
    );
    refused(
        "create --join -r r -i u --agent scribe --room-config",
        &[&path],
        r#"--room-config already dispatches agent "scribe""#,
    );

    // lk ignores these silently; here each says what it needs.
    refused("create --create --agent bot", &[], "needs --join");
    refused("create --join -r r -i u --agent", &[""], "--agent is empty");
    for flag in ["--job-metadata", "--deployment", "-d"] {
        refused("create --create", &[flag, "x"], "--agent <NAME>");
    }
}

#[test]
fn every_grant_and_claim_the_library_mints_has_a_flag() {
    let sha = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    let c = minted(
        "create --join -r r -i u --admin --destination-room other --no-publish-data \
         --can-subscribe-metrics --can-manage-agent-session --video-agent --kind agent \
         --kind-details cloud_agent,forwarded --kind-detail simulation --room-preset small \
         --agent-admin --agent-simulation-admin --agent-database-admin --agent-dispatch-admin \
         --agent-endpoint-call --agent-endpoint-name bot --agent-endpoint-deployment staging \
         --agent-thread-all --agent-thread-scope project --agent-thread-ids t1,t2 \
         --agent-thread-ids t3 --agent-thread-list --agent-thread-create --agent-thread-write \
         --agent-thread-read --agent-thread-delete --sha256",
        &[sha],
    );
    assert_eq!(
        c["video"],
        json!({
            "roomJoin": true, "room": "r", "roomAdmin": true, "destinationRoom": "other",
            "canPublishData": false, "canSubscribeMetrics": true,
            "canManageAgentSession": true, "agent": true,
        })
    );
    assert_eq!(c["kind"], "agent");
    assert_eq!(
        c["kindDetails"],
        json!(["cloud_agent", "forwarded", "simulation"])
    );
    assert_eq!(c["roomPreset"], "small");
    assert_eq!(
        c["agent"],
        json!({"admin": true, "simulationAdmin": true, "databaseAdmin": true, "dispatchAdmin": true})
    );
    assert_eq!(
        c["agentEndpoint"],
        json!({"call": true, "agentName": "bot", "deployment": "staging"})
    );
    assert_eq!(
        c["agentThread"],
        json!({
            "all": true, "scope": "project", "threadIds": ["t1", "t2", "t3"], "list": true,
            "create": true, "write": true, "read": true, "delete": true,
        })
    );
    assert_eq!(c["sha256"], sha);

    // Each grant carries only the flags given.
    let c = minted(
        "create --agent-dispatch-admin --agent-thread-read --agent-endpoint-call --can-publish-data",
        &[],
    );
    assert_eq!(c["agent"], json!({"dispatchAdmin": true}));
    assert_eq!(c["agentThread"], json!({"read": true}));
    assert_eq!(c["agentEndpoint"], json!({"call": true}));
    assert_eq!(c["video"], json!({"canPublishData": true}));

    refused(
        "create --join -r r -i u --destination-room x",
        &[],
        "a destination room needs room admin: pass --admin",
    );
    refused(
        "create --create --kind-details clod",
        &[],
        r#""clod" is not a kind detail"#,
    );
    refused(
        "create --create --can-publish-data --no-publish-data",
        &[],
        "cannot be used with",
    );
}

#[test]
fn a_token_without_any_permission_is_refused_as_lk_refuses_it() {
    let bare = run(&["create"]);
    bare.refused_with("no permissions were given: pass at least one, such as --join");
    assert!(bare.stderr.contains("--allow-no-permissions"));
    // Settings that only shape a permission are not one.
    let nothing = "no permissions were given";
    refused("create -i u -r r --can-publish --hidden", &[], nothing);
    refused(
        "create --grant",
        &[r#"{"canPublish":true,"room":"r"}"#],
        nothing,
    );
    refused(
        "create --agent-thread-scope s --agent-endpoint-name bot",
        &[],
        nothing,
    );
    let c = minted("create --allow-no-permissions -i u", &[]);
    assert!(c.get("video").is_none() && c["sub"] == "u", "{c}");
    // A webhook token grants nothing by design.
    assert_eq!(minted("create --sha256 abc=", &[])["sha256"], "abc=");
    // Any one permission is enough, video or not.
    for flag in "--join --create --list --record --egress --ingress --video-agent --sip-admin \
                 --sip-call --agent-admin --agent-simulation-admin --agent-database-admin \
                 --agent-dispatch-admin --agent-endpoint-call --agent-thread-all \
                 --agent-thread-list --agent-thread-create --agent-thread-write \
                 --agent-thread-read --agent-thread-delete --inference --observability --admin"
        .split_whitespace()
    {
        let out = run(&["create", "-r", "r", "-i", "u", flag]);
        assert_eq!(out.code, 0, "{flag}: {}", out.stderr);
    }
    assert_eq!(
        minted("create --grant", &[r#"{"roomList":true}"#])["video"],
        json!({"roomList": true})
    );
}

#[test]
fn json_output_has_lks_fields_and_the_claims() {
    let v = create_json(&words("--join -r r -i u --metadata m", &[]));
    let jwt = v["access_token"].as_str().unwrap();
    assert_eq!(v["token"], jwt);
    assert_eq!(run(&["verify", jwt]).code, 0);
    assert_eq!(
        (&v["identity"], &v["name"], &v["room"]),
        (&json!("u"), &json!("u"), &json!("r"))
    );
    // lk's grants: the claims without iss/sub/nbf/iat/exp, the identity as `identity`.
    assert_eq!(
        v["grants"],
        json!({
            "identity": "u", "name": "u", "metadata": "m",
            "video": {"roomJoin": true, "room": "r"},
        })
    );
    assert_eq!(v["claims"]["sub"], "u");
    assert!(v["claims"]["exp"].is_u64() && v.get("project_url").is_none());
    // lk's identity, name and room are strings even when the token has none.
    let v = create_json(&["--create"]);
    assert_eq!(
        (&v["identity"], &v["name"], &v["room"]),
        (&json!(""), &json!(""), &json!(""))
    );
    assert_eq!(v["grants"], json!({"video": {"roomCreate": true}}));
    // project_url: --url, else LIVEKIT_URL.
    let v = create_json(&["--create", "--url", "wss://flag.example"]);
    assert_eq!(v["project_url"], "wss://flag.example");
    let [key, secret] = env();
    let out = run_with(
        &["create", "--create", "--json"],
        &[key, secret, ("LIVEKIT_URL", "wss://env.example")],
        "",
    );
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["project_url"], "wss://env.example");
}

/// Errors name this tool's flags, never a library method or type.
fn names_no_library_call(out: &Out) {
    for library in ["with_", "::", ".set_", "`."] {
        assert!(!out.stderr.contains(library), "{}", out.stderr);
    }
}

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
    fails_with(&["create", "--kind", "agnet"], "agnet");
    fails_with(&["create", "--sources", "camra"], "camra");
    fails_with(&["create", "--valid-for", "1y"], "unknown unit");
    fails_with(&["create", "--valid-for", "0"], "born expired");
    fails_with(&["create", "--attribute", "novalue"], "not key=value");
    fails_with(
        &["create", "--join", "--room", "", "--identity", "u"],
        "the room is empty",
    );
    fails_with(
        &["create", "--room-config", "/nonexistent/room.json"],
        "cannot read",
    );
    fails_with(
        &["create", "--can-publish", "--no-publish"],
        "cannot be used with",
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
fn credentials_from_flags_env_keys_and_key_file_with_clear_errors() {
    let none: [(&str, &str); 0] = [];
    let out = run_with(&["create", "--create"], &none, "");
    out.refused_with("LIVEKIT_API_KEY");
    let out = run_with(
        &[
            "create",
            "--create",
            "--api-key",
            KEY,
            "--api-secret",
            SECRET,
        ],
        &none,
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run_with(
        &[
            "create",
            "--create",
            "--api-key",
            "devkey",
            "--api-secret",
            "secret",
        ],
        &none,
        "",
    );
    out.refused_with("--allow-insecure-short-secret");
    let out = run_with(
        &[
            "create",
            "--create",
            "--api-key",
            "devkey",
            "--api-secret",
            "secret",
            "--allow-insecure-short-secret",
        ],
        &none,
        "",
    );
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

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("lkt-cli-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys.yaml");
        std::fs::write(
            &file,
            format!("{KEY}: {SECRET}\nAPIother: other-secret-0123456789abcdef0123\n"),
        )
        .unwrap();
        let path = file.to_str().unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = run_with(
            &["create", "--create", "--key-file", path, "--api-key", KEY],
            &none,
            "",
        );
        out.refused_with("chmod 600");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
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
        std::fs::write(&file, "devkey: secret\n").unwrap();
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
        std::fs::remove_dir_all(&dir).unwrap();
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
        out.code == 1 && out.stderr.contains("invalid signature"),
        "{}",
        out.stderr
    );
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
        "[alias: --allow-source]",
        "[alias: --egress]",
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
    let dir = std::env::temp_dir().join(format!("lkt-cli-rc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("room.json");
    std::fs::write(
        &config,
        r#"{"egress": {"tracks": {"s3": {"bucket": "b", "secret": "s"}}}}"#,
    )
    .unwrap();
    let path = config.to_str().unwrap();
    let join = ["--join", "-r", "r", "-i", "u", "--room-config", path];
    fails_with(
        &[&["create"], &join[..]].concat(),
        "--allow-sensitive-credentials",
    );
    let v = create_json(&[&join[..], &["--allow-sensitive-credentials"]].concat());
    assert_eq!(
        v["claims"]["roomConfig"]["egress"]["tracks"]["s3"]["bucket"],
        "b"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The official Node SDK's verifier accepts what `create` mints, and reads the same claims.
/// It needs the SDK installed (`bash tests/interop/setup.sh`, from npm), so it runs on
/// request: `cargo test --features cli --test cli -- --ignored`.
#[test]
#[ignore = "needs the Node SDK: bash tests/interop/setup.sh, then -- --ignored"]
fn the_official_node_verifier_accepts_what_create_mints() {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/interop/node/verify.mjs");
    assert!(script.exists(), "run bash tests/interop/setup.sh first");
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
        let mut node = Command::new("node")
            .arg(&script)
            .env("LIVEKIT_API_KEY", KEY)
            .env("LIVEKIT_API_SECRET", SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run node");
        node.stdin
            .take()
            .unwrap()
            .write_all(out.stdout.as_bytes())
            .unwrap();
        let verified = node.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&verified.stderr);
        assert!(verified.status.success(), "{args:?}: {stderr}");
        let theirs: Value = serde_json::from_slice(&verified.stdout).unwrap();
        assert_eq!(theirs, ours, "{args:?}");
    }
}

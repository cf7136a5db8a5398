//! `create`: what each flag mints, as lk mints it.

use serde_json::{Value, json};

use super::*;

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
    let dir = TempDir::new("flags");
    let config = dir.write(
        "room.json",
        r#"{"maxParticipants": 3, "agents": [{"agentName": "scribe"}]}"#,
    );
    let v = create_json(&words(
        "--join --room r --identity u --name N --valid-for 90s --metadata m --attribute a=1 \
         --attribute b=x=y --kind agent --can-publish --can-subscribe --can-publish-data \
         --can-update-own-metadata --sources camera,microphone --hidden --recorder --create \
         --list --admin --record --ingress-admin --sip-admin --sip-call --agent-admin \
         --inference --observability --room-config",
        &[&config],
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
    // Errors name lk's flag, the one an lk user typed.
    refused(
        "create --join -r r -i u --allow-source camra",
        &[],
        "invalid value (not shown) for '--allow-source <ALLOW_SOURCE>': not a track source: use one of camera,",
    );
    // lk refuses the source "unknown", which the server reads (a custom track's): taken.
    assert_eq!(
        minted("create --join -r r -i u --allow-source unknown", &[])["video"]["canPublishSources"],
        json!(["unknown"])
    );
    // lk's global flags that ask for nothing here are taken, even twice, and change nothing.
    assert_eq!(
        minted(
            "create --join -r r -i u -y --yes -q --quiet --silent --verbose --curl",
            &[]
        )["video"],
        json!({"roomJoin": true, "room": "r"})
    );
}

#[test]
fn dev_signs_with_the_dev_servers_keys_as_lk_does() {
    let none: [(&str, &str); 0] = [];
    let out = run_with(&words("create --join -r r -i u --dev", &[]), &none, "");
    let claims = claims_of(&out);
    assert_eq!(claims["iss"], "devkey");
    let dev =
        livekit_access_token::Credentials::new_allowing_insecure_short_secret("devkey", "secret")
            .unwrap();
    livekit_access_token::TokenVerifier::new(&dev)
        .verify(out.stdout.trim())
        .unwrap();
    // --json names the dev server's URL, as lk does.
    let json = run_with(&words("create --create --dev --json", &[]), &none, "");
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["project_url"], "http://localhost:7880");
    // verify takes it too.
    let out = run_with(&["verify", "--dev", "-"], &none, &out.stdout);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Never beside other keys: which key signs must not depend on the shell.
    fails_with(
        &words("create --create --dev", &[]),
        "--dev, and LIVEKIT_API_KEY, LIVEKIT_API_SECRET or LIVEKIT_KEYS is set: unset them for the dev server's keys, or drop --dev",
    );
    let keys = [("LIVEKIT_KEYS", "APIk: CANARY-keys-secret-0123456789abcdef")];
    run_with(&words("create --create --dev", &[]), &keys, "")
        .refused_with("LIVEKIT_KEYS is set: unset them");
    run_with(&words("create --create --dev --api-key k", &[]), &none, "")
        .refused_with("'--dev' cannot be used with '--api-key <API_KEY>'");
}

#[test]
fn the_name_defaults_to_the_identity_as_in_lk() {
    assert_eq!(minted("create --join -r r -i u", &[])["name"], "u");
    // An empty name or metadata is one not given, as in lk.
    let c = minted("create --join -r r -i u --name", &["", "--metadata", ""]);
    assert!(c["name"] == "u" && c.get("metadata").is_none(), "{c}");
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
fn attribute_flags_read_as_lk_reads_them_or_are_refused() {
    // lk splits the flag at commas and trims each `key=value` item.
    let c = minted(
        "create --create --attribute c=x=y --attribute",
        &["a=1, b = two words"],
    );
    assert_eq!(
        c["attributes"],
        json!({"a": "1", "b": "two words", "c": "x=y"})
    );
    // Items lk's dotenv reading would change, or cannot read, are refused, never kept as
    // typed: the same command line would mint another token there.
    let dotenv = "lk reads this item another way (as a dotenv line): put it in --attribute-file";
    for (item, message) in [
        (r#"k="a b""#, dotenv),
        ("k='a'", dotenv),
        ("k=$HOME", dotenv),
        ("k=1 # note", dotenv),
        (r"k=a\nb", dotenv),
        ("k=1\nj=2", dotenv),
        ("k=a\rb", dotenv),
        ("a:b=c", dotenv),
        ("export k=1", dotenv),
        (
            "tags=x,y",
            "not key=value (a comma starts another attribute",
        ),
        ("=v", "not key=value"),
        (" ", "empty: write key=value"),
    ] {
        refused("create --create --attribute", &[item], message);
    }
}

#[test]
fn lk_templates_in_room_identity_and_name_are_refused() {
    for (line, flag, value, template) in [
        ("create --join -r r", "--identity", "user-%x", "%x"),
        ("create --join -i u", "--room", "room-%t", "%t"),
        ("create --join -r r -i u", "--name", "%U on %h", "%U"),
    ] {
        refused(
            &format!("{line} {flag}"),
            &[value],
            &format!(
                "{flag} holds {template}, which lk replaces (a template) and this tool does not: write the value out"
            ),
        );
    }
    // A `%` that lk leaves alone is text.
    let c = minted("create --join -r 100%s -i 50%", &[]);
    assert_eq!(
        (&c["video"]["room"], &c["sub"]),
        (&json!("100%s"), &json!("50%"))
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
        "--room-config already dispatches the agent --agent names",
    );

    // lk ignores these silently; here each says what it needs.
    refused("create --create --agent bot", &[], "needs --join");
    refused("create --join -r r -i u --agent", &[""], "--agent is empty");
    for flag in ["--job-metadata", "--deployment", "-d"] {
        refused("create --create", &[flag, "x"], "--agent <NAME>");
    }
}

//! `create`: a flag for every claim, the no-permission refusal, `--json`.

use serde_json::{Value, json};

use super::*;

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
        "invalid value (not shown) for '--kind-details <DETAILS>': not a kind detail: use one of cloud_agent,",
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
    // Nor is a --grant of such settings: it is told so, not to pass --grant.
    let grant_without = "no permissions were given: --grant holds none (canPublish, room and \
                         the like only shape one): add one to it, such as \"roomJoin\":true";
    for grant in [
        r#"{"canPublish":true,"room":"r"}"#,
        "{}",
        r#"{"roomJoin":false}"#,
    ] {
        let out = run(&["create", "-i", "u", "--grant", grant]);
        out.refused_with(grant_without);
        out.refused_with("or pass --join, --create, --list or --admin; or --allow-no-permissions");
    }
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
    // Each SIP flag alone makes a `sip` grant.
    assert_eq!(
        minted("create --sip-call", &[])["sip"],
        json!({"call": true})
    );
    assert_eq!(
        minted("create --sip-admin", &[])["sip"],
        json!({"admin": true})
    );
    assert_eq!(
        minted("create --grant", &[r#"{"roomList":true}"#])["video"],
        json!({"roomList": true})
    );
}

/// Metadata may take 512 KiB, so a token may be longer than a verifier reads by default.
#[test]
fn json_output_reads_back_a_token_past_the_default_size_limit() {
    let metadata = "m".repeat(70_000);
    let v = create_json(&["--join", "-r", "r", "-i", "u", "--metadata", &metadata]);
    assert!(v["access_token"].as_str().unwrap().len() > 65_536);
    assert_eq!(v["claims"]["metadata"], metadata.as_str());
}

#[test]
fn json_output_has_lks_fields_and_the_claims() {
    let v = create_json(&words("--join -r r -i u --metadata m", &[]));
    // Indented, as lk prints it.
    let printed = run(&words("create --create --json", &[])).stdout;
    assert!(printed.starts_with("{\n  \""), "{printed}");
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

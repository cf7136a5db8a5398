//! One case both ways: this crate's token through the official Node, Python and Rust
//! verifiers, and the official minters' tokens read here.

use super::mint::{mint_here, mint_official_rust, verified_payload, verify_official_rust};
use super::semantics::{diff, server_view, without};
use super::*;

/// Fields a verifier does not return at all, and why; they are compared on the raw
/// payload instead.
fn not_returned_by(peer: &str) -> &'static [&'static str] {
    match peer {
        // Claims has no kindDetails field (livekit-api 1.2.2; it has agentEndpoint and
        // agentThread, which are compared).
        "python livekit-api" => &["kindDetails"],
        // livekit-token 0.4.0's Claims has no kindDetails / roomPreset fields, and its
        // VideoGrants no canSubscribeMetrics / canManageAgentSession.
        "rust livekit-api" => &[
            "kindDetails",
            "roomPreset",
            "video.canSubscribeMetrics",
            "video.canManageAgentSession",
        ],
        _ => &[],
    }
}

type Verifier = Box<dyn Fn(&str) -> Result<Value, String>>;
type Minter = Box<dyn Fn(&Value) -> Result<String, String>>;

pub(super) fn check_case(case: &Case, failures: &mut Vec<String>, tally: &mut Tally) {
    let want = server_view(&case.spec);
    let ttl = case.spec["ttl"].as_u64().unwrap_or(0);
    let mut fail =
        |peer: &str, what: String| failures.push(format!("case {}: {peer}: {what}", case.name));

    // ---- this crate → official verifiers
    let ours = match mint_here(&case.spec) {
        Ok(jwt) => jwt,
        Err(e) => return fail("this crate", format!("mint failed: {e}")),
    };
    match verified_payload(&ours) {
        Ok(p) => {
            let (exp, nbf) = (
                p["exp"].as_u64().unwrap_or(0),
                p["nbf"].as_u64().unwrap_or(0),
            );
            if exp.checked_sub(nbf) != Some(ttl) {
                fail(
                    "this crate",
                    format!(
                        "field exp: exp - nbf = {} but ttl = {ttl}",
                        exp.wrapping_sub(nbf)
                    ),
                );
            }
            let mut d = Vec::new();
            diff("", &want, &server_view(&p), &mut d);
            d.into_iter()
                .for_each(|x| fail("this crate (own payload)", format!("field {x}")));
        }
        Err(e) => fail("this crate", format!("payload does not verify: {e}")),
    }
    let verifiers: Vec<(&str, Verifier)> = vec![
        (
            Sdk::Node.name(),
            Box::new(|jwt: &str| {
                run(Sdk::Node.command("verify"), jwt)
                    .map_err(|e| format!("{e:?}"))
                    .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
            }),
        ),
        (
            Sdk::Python.name(),
            Box::new(|jwt: &str| {
                run(Sdk::Python.command("verify"), jwt)
                    .map_err(|e| format!("{e:?}"))
                    .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
            }),
        ),
        ("rust livekit-api", Box::new(verify_official_rust)),
    ];
    for (peer, verify) in &verifiers {
        match verify(&ours) {
            Ok(got) => {
                let skip = not_returned_by(peer);
                let mut got_view = without(server_view(&got), skip);
                let want_view = without(want.clone(), skip);
                // The Python verifier fills an absent canPublishData with `true`; the server
                // reads it as canPublish. Our token follows the server (it omits the key), so
                // compare that one flag as the server would.
                if *peer == Sdk::Python.name() && case.spec["video"].get("canPublishData").is_none()
                {
                    got_view["video"]["canPublishData"] =
                        want_view["video"]["canPublishData"].clone();
                }
                let mut d = Vec::new();
                diff("", &want_view, &got_view, &mut d);
                tally.add(peer, "verifies ours", d.is_empty(), false);
                d.into_iter()
                    .for_each(|x| fail(peer, format!("verifying our token, field {x}")));
            }
            Err(e) => {
                tally.add(peer, "verifies ours", false, false);
                fail(peer, format!("rejected our token: {e}"));
            }
        }
    }

    // ---- official minters → this crate
    let minters: Vec<(&str, Minter)> = vec![
        (
            Sdk::Node.name(),
            Box::new(|spec: &Value| {
                run(Sdk::Node.command("mint"), &spec.to_string())
                    .map_err(|(c, e)| format!("exit {c}: {e}"))
            }),
        ),
        (
            Sdk::Python.name(),
            Box::new(|spec: &Value| {
                run(Sdk::Python.command("mint"), &spec.to_string())
                    .map_err(|(c, e)| format!("exit {c}: {e}"))
            }),
        ),
        ("rust livekit-api", Box::new(mint_official_rust)),
    ];
    for (peer, mint) in &minters {
        let theirs = match mint(&case.spec) {
            Ok(jwt) => jwt,
            Err(e) if e.contains("UNSUPPORTED") => {
                tally.add(peer, "mints, read here", true, true);
                continue;
            }
            Err(e) => {
                tally.add(peer, "mints, read here", false, false);
                fail(peer, format!("mint failed: {e}"));
                continue;
            }
        };
        if let Err(e) = TokenVerifier::new(&credentials()).verify(&theirs) {
            tally.add(peer, "mints, read here", false, false);
            fail(
                peer,
                format!("its token does not verify with TokenVerifier: {e}"),
            );
            continue;
        }
        let payload = match verified_payload(&theirs) {
            Ok(p) => p,
            Err(e) => {
                tally.add(peer, "mints, read here", false, false);
                fail(peer, format!("its token does not verify here: {e}"));
                continue;
            }
        };
        let mut d = Vec::new();
        match TokenVerifier::new(&credentials()).verify(&theirs) {
            Ok(claims) => {
                // Nothing lost: every key is a typed field or kept in `extra`, and the
                // typed reading means what the payload means.
                let back = serde_json::to_value(&claims).unwrap_or_default();
                diff("", &server_view(&payload), &server_view(&back), &mut d);
                if !claims.extra.is_empty() {
                    d.push(format!(
                        "unknown top-level keys {:?}",
                        claims.extra.keys().collect::<Vec<_>>()
                    ));
                }
            }
            Err(e) => d.push(format!("does not verify into Claims: {e}")),
        }
        // And it means what the spec asks for, except where the SDK writes a default of its
        // own: the Python SDK writes canPublishData: true unless told otherwise, which the
        // server reads as true even with canPublish: false. This crate follows the server.
        let mut theirs_view = server_view(&payload);
        if *peer == Sdk::Python.name() && case.spec["video"].get("canPublishData").is_none() {
            theirs_view["video"]["canPublishData"] = want["video"]["canPublishData"].clone();
        }
        diff("", &want, &theirs_view, &mut d);
        tally.add(peer, "mints, read here", d.is_empty(), false);
        d.into_iter()
            .for_each(|x| fail(peer, format!("its token, field {x}")));
    }
}

//! Webhooks both ways: the official SDKs' webhook tokens received here, ours received by
//! the official Node and Python `WebhookReceiver`s.

use super::mint::mint_official_rust;
use super::*;

const WEBHOOK_BODY: &str = r#"{"event":"participant_joined","room":{"sid":"RM_hook","name":"my-room"},"participant":{"sid":"PA_hook","identity":"user123","name":"Jöhn 🎧"},"id":"EV_hook","createdAt":"1700000000"}"#;

fn body_sha256(body: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body.as_bytes()))
}

#[test]
fn webhooks_made_by_official_sdks_pass_here_and_ours_pass_theirs() {
    peers_installed();
    let sha = body_sha256(WEBHOOK_BODY);
    let spec = json!({"ttl": 300, "sha256": sha});
    let receiver = WebhookReceiver::new(TokenVerifier::new(&credentials()));
    let tampered = WEBHOOK_BODY.replace("user123", "mallory");
    let mut failures = Vec::new();

    // Official AccessToken with the body's sha256 (what the server does) → WebhookReceiver here.
    let minted: Vec<(&str, Result<String, String>)> = vec![
        (
            Sdk::Node.name(),
            run(Sdk::Node.command("mint"), &spec.to_string()).map_err(|e| format!("{e:?}")),
        ),
        (
            Sdk::Python.name(),
            run(Sdk::Python.command("mint"), &spec.to_string()).map_err(|e| format!("{e:?}")),
        ),
        ("rust livekit-api", mint_official_rust(&spec)),
    ];
    for (peer, auth) in minted {
        let auth = match auth {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{peer}: mint: {e}"));
                continue;
            }
        };
        match receiver.receive(WEBHOOK_BODY.as_bytes(), &auth) {
            Ok(event) if event.participant_identity.as_deref() == Some("user123") => {}
            other => failures.push(format!(
                "{peer}: its webhook was not received here: {other:?}"
            )),
        }
        if receiver.receive(tampered.as_bytes(), &auth) != Err(WebhookError::BodyHashMismatch) {
            failures.push(format!("{peer}: a tampered body passed here"));
        }
    }

    // Ours → the official Node and Python WebhookReceivers.
    let ours = AccessToken::with_credentials(&credentials())
        .add_ttl(300)
        .add_sha256(sha)
        .to_jwt()
        .unwrap();
    for sdk in [Sdk::Node, Sdk::Python] {
        let input = json!({"body": WEBHOOK_BODY, "auth": ours}).to_string();
        match run(sdk.command("webhook"), &input) {
            Ok(out) if out.contains("user123") => {}
            other => failures.push(format!(
                "{}: our webhook was not received: {other:?}",
                sdk.name()
            )),
        }
        let input = json!({"body": tampered, "auth": ours}).to_string();
        if run(sdk.command("webhook"), &input).is_ok() {
            failures.push(format!(
                "{}: accepted a tampered body with our token",
                sdk.name()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "webhook interop failures:\n{}",
        failures.join("\n")
    );
}

//! Minting a case's spec with this crate and with the official Rust crate, and verifying
//! a token with the official Rust crate and with jsonwebtoken.

use super::*;

/// Mints the spec with this crate, through the runtime-checked path (the spec is data).
pub(super) fn mint_here(spec: &Value) -> Result<String, String> {
    let s = |k: &str| spec.get(k).and_then(Value::as_str);
    let ttl = spec["ttl"].as_u64().ok_or("ttl")?;
    let mut t = RuntimeCheckedToken::new(&credentials()).set_ttl(ttl);
    if let Some(v) = s("identity") {
        t = t.set_identity(v);
    }
    if let Some(v) = s("name") {
        t = t.set_name(v);
    }
    if let Some(v) = s("metadata") {
        t = t.set_metadata(v);
    }
    if let Some(Value::Object(a)) = spec.get("attributes") {
        t = t.add_attributes(
            a.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())),
        );
    }
    if let Some(v) = s("kind") {
        t = t.set_kind(v.parse().map_err(|e| format!("{e}"))?);
    }
    if let Some(details) = spec.get("kindDetails") {
        let details = details
            .as_array()
            .ok_or("kindDetails must be an array")?
            .iter()
            .map(|d| {
                d.as_str()
                    .ok_or_else(|| "kindDetails: not a string".to_owned())?
                    .parse::<KindDetail>()
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, String>>()?;
        t = t.add_kind_details(details);
    }
    let de = |k: &str| spec.get(k).cloned();
    if let Some(v) = de("video") {
        t = t.add_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("sip") {
        t = t.add_sip_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agent") {
        t = t.add_agent_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agentEndpoint") {
        t = t.add_agent_endpoint_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agentThread") {
        t = t.add_agent_thread_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("inference") {
        t = t.add_inference_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("observability") {
        t = t.add_observability_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("roomConfig") {
        t = t.set_room_config(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = s("roomPreset") {
        t = t.set_room_preset(v);
    }
    if let Some(v) = s("sha256") {
        t = t.set_sha256(v);
    }
    t.to_jwt_checked().map_err(|e| e.to_string())
}

/// Mints the spec with the official Rust crate (`livekit-api`'s `access_token`).
pub(super) fn mint_official_rust(spec: &Value) -> Result<String, String> {
    use livekit_api::access_token as lk;
    let s = |k: &str| spec.get(k).and_then(Value::as_str);
    let ttl = spec["ttl"].as_u64().ok_or("ttl")?;
    let mut t = lk::AccessToken::with_api_key(API_KEY, SECRET)
        .with_ttl(std::time::Duration::from_secs(ttl));
    if let Some(v) = s("identity") {
        t = t.with_identity(v);
    }
    if let Some(v) = s("name") {
        t = t.with_name(v);
    }
    if let Some(v) = s("metadata") {
        t = t.with_metadata(v);
    }
    if let Some(Value::Object(a)) = spec.get("attributes") {
        t = t.with_attributes(
            a.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())),
        );
    }
    if let Some(v) = s("kind") {
        t = t.with_kind(v);
    }
    // Its Claims has no kindDetails field.
    if spec.get("kindDetails").is_some() {
        return Err("UNSUPPORTED: kindDetails".into());
    }
    // Its VideoGrants would silently drop these keys (serde ignores unknown fields).
    for key in ["canSubscribeMetrics", "canManageAgentSession"] {
        if spec["video"].get(key).is_some() {
            return Err(format!("UNSUPPORTED: video.{key}"));
        }
    }
    let de = |k: &str| spec.get(k).cloned();
    if let Some(v) = de("video") {
        t = t.with_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("sip") {
        t = t.with_sip_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agent") {
        t = t.with_agent_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agentEndpoint") {
        t = t.with_agent_endpoint_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("agentThread") {
        t = t.with_agent_thread_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("inference") {
        t = t.with_inference_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("observability") {
        t = t.with_observability_grants(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if let Some(v) = de("roomConfig") {
        t = t.with_room_config(serde_json::from_value(v).map_err(|e| e.to_string())?);
    }
    if spec.get("roomPreset").is_some() {
        return Err("UNSUPPORTED: roomPreset".into());
    }
    if let Some(v) = s("sha256") {
        t = t.with_sha256(v);
    }
    t.to_jwt().map_err(|e| e.to_string())
}

/// Verifies with the official Rust crate and returns its claims as JSON.
pub(super) fn verify_official_rust(jwt: &str) -> Result<Value, String> {
    let claims = livekit_api::access_token::TokenVerifier::with_api_key(API_KEY, SECRET)
        .verify(jwt)
        .map_err(|e| e.to_string())?;
    serde_json::to_value(claims).map_err(|e| e.to_string())
}

/// The payload, after checking the signature with jsonwebtoken (exp required).
pub(super) fn verified_payload(jwt: &str) -> Result<Value, String> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[API_KEY]);
    jsonwebtoken::decode::<Value>(
        jwt,
        &DecodingKey::from_secret(SECRET.as_bytes()).unwrap(),
        &v,
    )
    .map(|d| d.claims)
    .map_err(|e| e.to_string())
}

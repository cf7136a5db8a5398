//! Minting a case's spec with this crate and with the official Rust crate, and verifying
//! a token with the official Rust crate and with jsonwebtoken.

use std::collections::BTreeMap;

use livekit_api::access_token as lk;
use serde::de::DeserializeOwned;

use super::*;

/// A spec member that must be a string.
fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.as_str().ok_or_else(|| format!("{key} must be a string"))
}

/// A spec member read as `T`: a grant or a room configuration (`_`, the setter's type),
/// or the attributes.
fn json<T: DeserializeOwned>(v: &Value, key: &str) -> Result<T, String> {
    T::deserialize(v).map_err(|e| format!("{key}: {e}"))
}

/// A row's value: a string, or, where the row names a type, JSON read as that type.
macro_rules! read {
    ($v:ident, $key:literal) => {
        text($v, $key)?
    };
    ($v:ident, $key:literal, $ty:ty) => {
        json::<$ty>($v, $key)?
    };
}

/// The spec members both minters set from the value as it is: the key, what its value
/// is read as (a string where no type is named), this crate's setter and the official
/// crate's. The members they set differently are in `mint_here` and `mint_official_rust`.
macro_rules! both_set {
    ($($key:literal $(: $ty:ty)? => $here:ident, $official:ident;)*) => {
        fn set_here(mut t: RuntimeCheckedToken, spec: &Value) -> Result<RuntimeCheckedToken, String> {
            $(if let Some(v) = spec.get($key) { t = t.$here(read!(v, $key $(, $ty)?)); })*
            Ok(t)
        }

        fn set_official(mut t: lk::AccessToken, spec: &Value) -> Result<lk::AccessToken, String> {
            $(if let Some(v) = spec.get($key) { t = t.$official(read!(v, $key $(, $ty)?)); })*
            Ok(t)
        }
    };
}

both_set! {
    "identity" => set_identity, with_identity;
    "name" => set_name, with_name;
    "metadata" => set_metadata, with_metadata;
    "sha256" => set_sha256, with_sha256;
    "attributes": BTreeMap<String, String> => add_attributes, with_attributes;
    "video": _ => add_grants, with_grants;
    "sip": _ => add_sip_grants, with_sip_grants;
    "agent": _ => add_agent_grants, with_agent_grants;
    "agentEndpoint": _ => add_agent_endpoint_grants, with_agent_endpoint_grants;
    "agentThread": _ => add_agent_thread_grants, with_agent_thread_grants;
    "inference": _ => add_inference_grants, with_inference_grants;
    "observability": _ => add_observability_grants, with_observability_grants;
    "roomConfig": _ => set_room_config, with_room_config;
}

/// Mints the spec with this crate, through the runtime-checked path (the spec is data).
pub(super) fn mint_here(spec: &Value) -> Result<String, String> {
    let ttl = spec["ttl"].as_u64().ok_or("ttl")?;
    let mut t = set_here(RuntimeCheckedToken::new(&credentials()).set_ttl(ttl), spec)?;
    if let Some(v) = spec.get("kind") {
        t = t.set_kind(text(v, "kind")?.parse().map_err(|e| format!("{e}"))?);
    }
    if let Some(details) = spec.get("kindDetails") {
        let details = json::<Vec<String>>(details, "kindDetails")?
            .iter()
            .map(|d| d.parse::<KindDetail>().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, String>>()?;
        t = t.add_kind_details(details);
    }
    if let Some(v) = spec.get("roomPreset") {
        t = t.set_room_preset(text(v, "roomPreset")?);
    }
    t.to_jwt_checked().map_err(|e| e.to_string())
}

/// Mints the spec with the official Rust crate (`livekit-api`'s `access_token`).
pub(super) fn mint_official_rust(spec: &Value) -> Result<String, String> {
    // Its Claims has no kindDetails or roomPreset field.
    for key in ["kindDetails", "roomPreset"] {
        if spec.get(key).is_some() {
            return Err(format!("UNSUPPORTED: {key}"));
        }
    }
    // Its VideoGrants would silently drop these keys (serde ignores unknown fields).
    for key in ["canSubscribeMetrics", "canManageAgentSession"] {
        if spec["video"].get(key).is_some() {
            return Err(format!("UNSUPPORTED: video.{key}"));
        }
    }
    let ttl = spec["ttl"].as_u64().ok_or("ttl")?;
    let t = lk::AccessToken::with_api_key(API_KEY, SECRET)
        .with_ttl(std::time::Duration::from_secs(ttl));
    let mut t = set_official(t, spec)?;
    if let Some(v) = spec.get("kind") {
        t = t.with_kind(text(v, "kind")?);
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

//! The LiveKit server's reading of a payload (`server_view`), which every comparison goes
//! through, and the diff that names the fields where two readings differ.

use super::*;
use serde_json::Map;

const FALSE_FLAGS: &[&str] = &[
    "roomCreate",
    "roomList",
    "roomRecord",
    "roomAdmin",
    "roomJoin",
    "ingressAdmin",
    "hidden",
    "recorder",
    "agent",
    "canUpdateOwnMetadata",
    "canSubscribeMetrics",
    "canManageAgentSession",
];

fn non_empty_str(v: Option<&Value>) -> Option<Value> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| json!(s))
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

/// A list the server reads as a set of strings (compared exactly): sorted, and nothing
/// when empty, so that order and an empty list never count as a difference.
fn string_set(v: Option<&Value>) -> Option<Value> {
    let Some(Value::Array(items)) = v else {
        return None;
    };
    let mut items: Vec<String> = items
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    items.sort();
    (!items.is_empty()).then(|| json!(items))
}

/// Drops protobuf default values (0, "", false, [], {}, the zero enum) recursively.
fn proto_view(v: &Value) -> Option<Value> {
    match v {
        Value::Null | Value::Bool(false) => None,
        Value::Number(n) if n.as_f64() == Some(0.0) => None,
        Value::String(s) if s.is_empty() || s == "JRP_ON_FAILURE" => None,
        Value::Array(items) => {
            let items: Vec<Value> = items
                .iter()
                .map(|i| proto_view(i).unwrap_or(json!({})))
                .collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .iter()
                .filter_map(|(k, v)| proto_view(v).map(|v| (k.clone(), v)))
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other.clone()),
    }
}

/// What the LiveKit server reads from a payload (or a spec, or a verifier's output).
pub(super) fn server_view(c: &Value) -> Value {
    let mut out = Map::new();
    for key in ["sub", "name", "metadata", "roomPreset", "sha256"] {
        if let Some(v) = non_empty_str(c.get(key)) {
            out.insert(key.into(), v);
        }
    }
    // The spec says "identity"; a payload says "sub".
    if let Some(v) = non_empty_str(c.get("identity")) {
        out.insert("sub".into(), v);
    }
    if let Some(Value::Object(a)) = c.get("attributes")
        && !a.is_empty()
    {
        out.insert("attributes".into(), Value::Object(a.clone()));
    }
    let kind = c
        .get("kind")
        .and_then(Value::as_str)
        .filter(|k| !k.is_empty())
        .unwrap_or("standard");
    out.insert("kind".into(), json!(kind.to_lowercase()));
    if let Some(d) = string_set(c.get("kindDetails")) {
        out.insert("kindDetails".into(), d);
    }
    let empty = json!({});
    let video = c.get("video").filter(|v| !v.is_null()).unwrap_or(&empty);
    let mut v = Map::new();
    for key in FALSE_FLAGS {
        v.insert((*key).into(), json!(flag(video, key).unwrap_or(false)));
    }
    let can_publish = flag(video, "canPublish").unwrap_or(true);
    v.insert("canPublish".into(), json!(can_publish));
    v.insert(
        "canSubscribe".into(),
        json!(flag(video, "canSubscribe").unwrap_or(true)),
    );
    v.insert(
        "canPublishData".into(),
        json!(flag(video, "canPublishData").unwrap_or(can_publish)),
    );
    for key in ["room", "destinationRoom"] {
        if let Some(s) = non_empty_str(video.get(key)) {
            v.insert(key.into(), s);
        }
    }
    if let Some(s) = string_set(video.get("canPublishSources")) {
        v.insert("canPublishSources".into(), s);
    }
    out.insert("video".into(), Value::Object(v));
    for key in common::OTHER_GRANTS.into_iter().chain(["roomConfig"]) {
        if let Some(p) = c.get(key).and_then(proto_view) {
            out.insert(key.into(), p);
        }
    }
    Value::Object(out)
}

/// Paths where two views differ, for the failure report.
pub(super) fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(
                    &p,
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if want != got => out.push(format!("{path}: want {want}, got {got}")),
        _ => {}
    }
}

pub(super) fn without(mut v: Value, paths: &[&str]) -> Value {
    for p in paths {
        let mut parts = p.split('.');
        let first = parts.next().unwrap_or_default();
        match parts.next() {
            None => {
                v.as_object_mut().map(|m| m.remove(first));
            }
            Some(second) => {
                v.get_mut(first)
                    .and_then(Value::as_object_mut)
                    .map(|m| m.remove(second));
            }
        }
    }
    v
}

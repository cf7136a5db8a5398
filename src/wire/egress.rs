//! A room configuration's egress as minting checks it: its shape, which the server must be
//! able to read, and the storage or stream credentials it would carry to every holder of
//! the token, refused unless the caller opts in.

use serde_json::{Map, Value};

use super::{ClaimMember, RoomConfiguration};
use crate::error::TokenError;

/// Keys (camelCase or snake_case, compared without `_` and case) that hold credentials in
/// egress outputs: every upload field LiveKit's protocol marks secret except the access
/// key, an identifier like the API key (S3/AliOSS `secret`, S3 `sessionToken` and
/// `assumeRoleExternalId`, GCP `credentials`, Azure `accountKey`, an upload proxy's
/// `password`), and stream outputs, whose URLs carry stream keys. The Go SDK refuses
/// fewer: the secret, GCP credentials, the Azure key and room stream outputs.
const SENSITIVE_KEYS: &[&str] = &[
    "secret",
    "sessiontoken",
    "assumeroleexternalid",
    "credentials",
    "accountkey",
    "password",
    "streamoutputs",
    "stream",
];

/// Keys (compared as [`SENSITIVE_KEYS`] are) of the addresses egress sends to besides its
/// outputs: the page a room composite records (`customBaseUrl`), which egress opens with
/// a token that joins the room hidden from its participants, and the `webhooks` it sends
/// its events to. The server's to choose, never a client's.
const RECEIVER_KEYS: &[&str] = &["custombaseurl", "webhooks"];

impl RoomConfiguration {
    /// Refuses an egress that is not a JSON object, or an egress request in it that is not
    /// one: the server reads the egress as the `RoomEgress` message, and refuses a token
    /// whose egress it cannot read. (`null` reads as none; what the requests hold is the
    /// caller's protojson, and members `RoomEgress` does not have are ignored, as there.)
    pub(crate) fn check_egress_shape(&self) -> Result<(), TokenError> {
        let Some(egress) = &self.egress else {
            return Ok(());
        };
        let path = || format!("{}.egress", ClaimMember::RoomConfig.name());
        if let Some(found) = not_a_message(egress) {
            return Err(TokenError::EgressNotAnObject {
                path: path(),
                found,
            });
        }
        for (name, request) in egress.as_object().into_iter().flatten() {
            if let Some(found) = not_a_message(request)
                && EGRESS_REQUESTS.contains(&name.as_str())
            {
                let path = format!("{}.{name}", path());
                return Err(TokenError::EgressNotAnObject { path, found });
            }
        }
        Ok(())
    }

    /// The JSON path of the first credential found in `egress`, if any, whether it was set
    /// with the builder's `egress` or put in [`extra`](RoomConfiguration::extra) under the
    /// same name (it is written the same).
    pub fn sensitive_credentials_path(&self) -> Option<String> {
        self.egress_member_path(SENSITIVE_KEYS)
    }

    /// The JSON path of the first address in `egress` that egress would send a token for
    /// the room or its events to, if any: a page to record (`customBaseUrl`) or
    /// `webhooks`. Looked for as [`sensitive_credentials_path`](Self::sensitive_credentials_path)
    /// looks.
    pub(crate) fn egress_receiver_path(&self) -> Option<String> {
        self.egress_member_path(RECEIVER_KEYS)
    }

    /// The path of the first member of the egress named by one of `keys` and not empty.
    fn egress_member_path(&self, keys: &[&str]) -> Option<String> {
        [self.egress.as_ref(), self.extra.get("egress")]
            .into_iter()
            .flatten()
            .find_map(|egress| {
                find_member(
                    egress,
                    &format!("{}.egress", ClaimMember::RoomConfig.name()),
                    keys,
                )
            })
    }
}

/// The members of LiveKit's `RoomEgress`, each an egress request message.
const EGRESS_REQUESTS: &[&str] = &["room", "participant", "tracks"];

/// What `value` is when protojson cannot read it as a message: anything but an object, or
/// `null` (none).
fn not_a_message(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null | Value::Object(_) => None,
        Value::Bool(_) => Some("true or false"),
        Value::Number(_) => Some("a number"),
        Value::String(_) => Some("a string"),
        Value::Array(_) => Some("a list"),
    }
}

/// Whether the member `key` holds a credential: a sensitive name with a value.
fn is_credential(key: &str, value: &Value) -> bool {
    is_named_and_set(key, value, SENSITIVE_KEYS)
}

/// Whether `key` is one of `keys` (compared without `_` and case) and its value is set:
/// not `null`, and not an empty string, list or object, which carry nothing and which a
/// client writing its defaults sends.
fn is_named_and_set(key: &str, value: &Value, keys: &[&str]) -> bool {
    let set = match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    };
    let normalized: String = key
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    set && keys.contains(&normalized.as_str())
}

/// The members of `map` as `Debug` shows them: each credential's value is `"<redacted>"`,
/// at any depth. Built without copying a credential, which would leave it in freed memory.
pub(super) fn redacted(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(key, value)| {
            let shown = if is_credential(key, value) {
                Value::String("<redacted>".to_owned())
            } else {
                redacted_value(value)
            };
            (key.clone(), shown)
        })
        .collect()
}

/// `value` as `Debug` shows it: see [`redacted`].
pub(super) fn redacted_value(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(redacted(map)),
        Value::Array(items) => Value::Array(items.iter().map(redacted_value).collect()),
        other => other.clone(),
    }
}

/// One step down a JSON value: a member's name or a list index.
enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

/// The path, from `root`, of the first member of `value` named by one of `keys` and set.
/// The path is written only once a member is found: written at every step, a long name
/// above many members would be copied for each of them, a cost that grows with the square
/// of a request's size.
fn find_member(value: &Value, root: &str, keys: &[&str]) -> Option<String> {
    let mut steps = Vec::new();
    if !find_steps(value, keys, &mut steps) {
        return None;
    }
    let mut path = root.to_owned();
    for step in steps {
        match step {
            // Escaped: the path is shown in errors, and a key may hold control characters.
            Step::Member(key) => {
                path.push('.');
                path.extend(key.escape_debug());
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    Some(path)
}

/// Whether `value` holds a member named by one of `keys` and set; `steps` ends with the
/// way to it when it does.
fn find_steps<'a>(value: &'a Value, keys: &[&str], steps: &mut Vec<Step<'a>>) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            steps.push(Step::Member(key));
            let hit = is_named_and_set(key, child, keys) || find_steps(child, keys, steps);
            if !hit {
                steps.pop();
            }
            hit
        }),
        Value::Array(items) => items.iter().enumerate().any(|(i, child)| {
            steps.push(Step::Index(i));
            let hit = find_steps(child, keys, steps);
            if !hit {
                steps.pop();
            }
            hit
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_credentials_in_nested_egress_outputs() {
        let config = RoomConfiguration::builder()
            .egress(json!({"room": {"fileOutputs": [{"s3": {"accessKey": "AK", "secret": "S"}}]}}))
            .build();
        assert_eq!(
            config.sensitive_credentials_path().as_deref(),
            Some("roomConfig.egress.room.fileOutputs[0].s3.secret")
        );
        let azure = RoomConfiguration::builder()
            .egress(json!({"tracks": {"azure": {"account_key": "k"}}}))
            .build();
        assert!(azure.sensitive_credentials_path().is_some());
        // The protocol's other secrets, in either spelling: a proxy's password, the
        // external id of an assumed role.
        for (egress, path) in [
            (
                json!({"room": {"segmentOutputs": [{"s3": {"bucket": "b", "proxy": {"url": "http://p", "username": "u", "password": "hunter2"}}}]}}),
                "roomConfig.egress.room.segmentOutputs[0].s3.proxy.password",
            ),
            (
                json!({"participant": {"fileOutputs": [{"gcp": {"proxy": {"password": "p"}}}]}}),
                "roomConfig.egress.participant.fileOutputs[0].gcp.proxy.password",
            ),
            (
                json!({"tracks": {"s3": {"assume_role_arn": "arn", "assume_role_external_id": "x"}}}),
                "roomConfig.egress.tracks.s3.assume_role_external_id",
            ),
            (
                json!({"tracks": {"s3": {"assumeRoleExternalId": "x"}}}),
                "roomConfig.egress.tracks.s3.assumeRoleExternalId",
            ),
        ] {
            let config = RoomConfiguration::builder().egress(egress).build();
            assert_eq!(config.sensitive_credentials_path().as_deref(), Some(path));
        }
        // A credential member left empty or null carries nothing.
        for empty in [json!(""), json!(null), json!([]), json!({})] {
            let config = RoomConfiguration::builder()
                .egress(json!({"tracks": {"s3": {"bucket": "b", "secret": empty}}}))
                .build();
            assert_eq!(config.sensitive_credentials_path(), None);
        }
        // An access key alone is an identifier, as the API key is.
        let access_key = RoomConfiguration::builder()
            .egress(json!({"tracks": {"s3": {"accessKey": "AK", "bucket": "b"}}}))
            .build();
        assert_eq!(access_key.sensitive_credentials_path(), None);
        let clean = RoomConfiguration::builder()
            .egress(json!({"tracks": {"filepath": "x/{track_id}"}}))
            .build();
        assert_eq!(clean.sensitive_credentials_path(), None);
    }

    #[test]
    fn finds_where_egress_would_send_a_token_or_its_events() {
        for (egress, path) in [
            (
                json!({"room": {"customBaseUrl": "https://example.com/layout"}}),
                Some("roomConfig.egress.room.customBaseUrl"),
            ),
            (
                json!({"room": {"custom_base_url": "https://example.com/layout"}}),
                Some("roomConfig.egress.room.custom_base_url"),
            ),
            (
                json!({"participant": {"webhooks": [{"url": "https://example.com/hook"}]}}),
                Some("roomConfig.egress.participant.webhooks"),
            ),
            (json!({"room": {"customBaseUrl": "", "webhooks": []}}), None),
            (json!({"room": {"layout": "grid", "fileOutputs": []}}), None),
        ] {
            let config = RoomConfiguration::builder().egress(egress).build();
            assert_eq!(config.egress_receiver_path().as_deref(), path);
            assert_eq!(config.sensitive_credentials_path(), None);
        }
    }
}

//! Credentials in a room configuration's egress: where minting refuses a token that would
//! carry storage or stream credentials to every holder, unless the caller opts in.

use serde_json::Value;

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

impl RoomConfiguration {
    /// Refuses an egress that is not a JSON object: the server reads it as the `RoomEgress`
    /// message, and refuses a token whose egress it cannot read. (`null` reads as none.)
    pub(crate) fn check_egress_is_an_object(&self) -> Result<(), TokenError> {
        let found = match &self.egress {
            None | Some(Value::Null | Value::Object(_)) => return Ok(()),
            Some(Value::Bool(_)) => "true or false",
            Some(Value::Number(_)) => "a number",
            Some(Value::String(_)) => "a string",
            Some(Value::Array(_)) => "a list",
        };
        Err(TokenError::EgressNotAnObject { found })
    }

    /// The JSON path of the first credential found in `egress`, if any, whether it was set
    /// with the builder's `egress` or put in [`extra`](RoomConfiguration::extra) under the
    /// same name (it is written the same).
    pub fn sensitive_credentials_path(&self) -> Option<String> {
        [self.egress.as_ref(), self.extra.get("egress")]
            .into_iter()
            .flatten()
            .find_map(|egress| {
                find_sensitive(
                    egress,
                    &format!("{}.egress", ClaimMember::RoomConfig.name()),
                )
            })
    }
}

fn find_sensitive(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Object(map) => map.iter().find_map(|(key, child)| {
            let normalized: String = key
                .chars()
                .filter(|c| *c != '_')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            // Escaped: the path is shown in errors, and a key may hold control characters.
            let here = format!("{path}.{}", key.escape_debug());
            let present =
                !matches!(child, Value::Null) && !matches!(child, Value::String(s) if s.is_empty());
            if present && SENSITIVE_KEYS.contains(&normalized.as_str()) {
                Some(here)
            } else {
                find_sensitive(child, &here)
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, child)| find_sensitive(child, &format!("{path}[{i}]"))),
        _ => None,
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
        for empty in [json!(""), json!(null)] {
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
}

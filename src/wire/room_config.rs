//! The room configuration: the room a token creates on first join, as camelCase protojson of
//! LiveKit's `RoomConfiguration`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use typed_builder::TypedBuilder;

/// The room configuration a token carries (protojson of `livekit.RoomConfiguration`).
///
/// Many optional fields, so it has a builder:
///
/// ```
/// use livekit_access_token::{RoomAgentDispatch, RoomConfiguration};
/// let config = RoomConfiguration::builder()
///     .max_participants(10u32)
///     .agents(vec![RoomAgentDispatch::builder().agent_name("support-bot").build()])
///     .build();
/// assert_eq!(
///     serde_json::to_string(&config)?,
///     r#"{"maxParticipants":10,"agents":[{"agentName":"support-bot"}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// `egress` is kept as raw protojson: it can name storage buckets with credentials, which
/// [`AccessToken::to_jwt`](crate::AccessToken::to_jwt) refuses unless the token opts in
/// with `allow_sensitive_credentials_in_room_config()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TypedBuilder)]
#[serde(rename_all = "camelCase")]
#[builder(field_defaults(default, setter(strip_option, into)))]
#[non_exhaustive]
pub struct RoomConfiguration {
    /// Room name (`name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Seconds to keep an empty room open (`emptyTimeout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_timeout: Option<u32>,
    /// Seconds to keep the room after the last participant left (`departureTimeout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure_timeout: Option<u32>,
    /// Maximum number of participants (`maxParticipants`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<u32>,
    /// Room metadata (`metadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Auto-egress settings, raw protojson (`egress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Value>,
    /// Minimum playout delay in ms (`minPlayoutDelay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_playout_delay: Option<u32>,
    /// Maximum playout delay in ms (`maxPlayoutDelay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_playout_delay: Option<u32>,
    /// Synchronise audio and video of each participant (`syncStreams`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_streams: Option<bool>,
    /// Agents to dispatch when the room is created (`agents`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<Vec<RoomAgentDispatch>>,
    /// Room tags (`tags`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    #[builder(default, setter(skip))]
    pub extra: Map<String, Value>,
}

/// One agent to dispatch into the room (`livekit.RoomAgentDispatch`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TypedBuilder)]
#[serde(rename_all = "camelCase")]
#[builder(field_defaults(default, setter(strip_option, into)))]
#[non_exhaustive]
pub struct RoomAgentDispatch {
    /// The agent's name (`agentName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// Metadata handed to the agent job (`metadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// The deployment to dispatch (`deployment`; LiveKit Cloud).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
    /// What to do when the job fails (`restartPolicy`; LiveKit Cloud).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<JobRestartPolicy>,
    /// Attributes of the agent participant (`attributes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, String>>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    #[builder(default, setter(skip))]
    pub extra: Map<String, Value>,
}

/// `livekit.JobRestartPolicy`: written by name, read by name or number (protojson).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobRestartPolicy {
    /// Restart the job when it fails (`JRP_ON_FAILURE`, 0).
    OnFailure,
    /// Never restart the job (`JRP_NEVER`, 1).
    Never,
}

impl JobRestartPolicy {
    /// The protojson name.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobRestartPolicy::OnFailure => "JRP_ON_FAILURE",
            JobRestartPolicy::Never => "JRP_NEVER",
        }
    }
}

impl Serialize for JobRestartPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for JobRestartPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) if s == "JRP_ON_FAILURE" => Ok(JobRestartPolicy::OnFailure),
            Value::String(s) if s == "JRP_NEVER" => Ok(JobRestartPolicy::Never),
            Value::Number(n) if n.as_u64() == Some(0) => Ok(JobRestartPolicy::OnFailure),
            Value::Number(n) if n.as_u64() == Some(1) => Ok(JobRestartPolicy::Never),
            other => Err(serde::de::Error::custom(format_args!(
                "restartPolicy must be JRP_ON_FAILURE or JRP_NEVER, not {other}"
            ))),
        }
    }
}

/// Keys (camelCase or snake_case, compared without `_` and case) that hold credentials in
/// egress outputs: S3/AliOSS `secret`, S3 `sessionToken`, GCP `credentials`, Azure
/// `accountKey`, and stream outputs, whose URLs carry stream keys. The Go SDK refuses
/// the same set.
const SENSITIVE_KEYS: &[&str] = &[
    "secret",
    "sessiontoken",
    "credentials",
    "accountkey",
    "streamoutputs",
    "stream",
];

impl RoomConfiguration {
    /// The JSON path of the first credential found in `egress`, if any, whether it was set
    /// with the builder's `egress` or put in [`extra`](RoomConfiguration::extra) under the
    /// same name (it is written the same).
    pub fn sensitive_credentials_path(&self) -> Option<String> {
        [self.egress.as_ref(), self.extra.get("egress")]
            .into_iter()
            .flatten()
            .find_map(|egress| find_sensitive(egress, "roomConfig.egress"))
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
            let here = format!("{path}.{key}");
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
        let clean = RoomConfiguration::builder()
            .egress(json!({"tracks": {"filepath": "x/{track_id}"}}))
            .build();
        assert_eq!(clean.sensitive_credentials_path(), None);
    }

    #[test]
    fn restart_policy_reads_names_and_numbers() {
        let d: RoomAgentDispatch = serde_json::from_value(json!({"restartPolicy": 1})).unwrap();
        assert_eq!(d.restart_policy, Some(JobRestartPolicy::Never));
        let d: RoomAgentDispatch =
            serde_json::from_value(json!({"restartPolicy": "JRP_ON_FAILURE"})).unwrap();
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            json!({"restartPolicy": "JRP_ON_FAILURE"})
        );
        assert!(
            serde_json::from_value::<RoomAgentDispatch>(json!({"restartPolicy": "x"})).is_err()
        );
    }
}

//! The room configuration: the room a token creates on first join, as camelCase protojson of
//! LiveKit's `RoomConfiguration`.
//!
//! Names are read as protojson reads them: each field under its JSON name
//! (`maxParticipants`) or its proto name (`max_participants`). The server reads the token's
//! room configuration with Go's protojson, which accepts both, and client SDKs send the
//! proto names in a token request's `room_config`. The proto name is the Rust field's name,
//! given as a serde alias where it differs from the JSON name; the JSON name is the only one
//! written. Integers must be JSON integers, where protojson also takes `"5"` or `5e0` (no
//! SDK writes them).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use typed_builder::TypedBuilder;

use super::JobRestartPolicy;
use super::egress::{redacted, redacted_value};

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
/// Read under either protojson name of each field (`maxParticipants` or
/// `max_participants`, as the server and client SDKs write them; both for one field is an
/// error), written under the JSON name:
///
/// ```
/// use livekit_access_token::RoomConfiguration;
/// let sent: RoomConfiguration =
///     serde_json::from_str(r#"{"max_participants":2,"agents":[{"agent_name":"support-bot"}]}"#)?;
/// assert_eq!(
///     serde_json::to_string(&sent)?,
///     r#"{"maxParticipants":2,"agents":[{"agentName":"support-bot"}]}"#
/// );
/// assert!(serde_json::from_str::<RoomConfiguration>(r#"{"maxParticipants":2,"max_participants":3}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// The server reads a member at its proto3 default (`0`, `false`, `""`) as absent: a
/// `departure_timeout` of 0 leaves the server's default (20 s) or the room preset's, not
/// an immediate close, and a `max_participants` of 0 the server's or preset's limit. It
/// names the room after
/// the video grant's `room`, not `name`; an empty list of `agents` is refused when minting
/// (the server would start any agent registered for automatic dispatch).
///
/// `egress` is kept as raw protojson: it can name storage buckets with credentials, which
/// [`AccessToken::to_jwt`](crate::AccessToken::to_jwt) refuses unless the token opts in
/// with `allow_sensitive_credentials_in_room_config()`. Its `Debug` shows each credential
/// in `egress` (or in [`extra`](RoomConfiguration::extra)) as `"<redacted>"`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, TypedBuilder)]
#[serde(rename_all = "camelCase")]
#[builder(field_defaults(default, setter(strip_option, into)))]
#[non_exhaustive]
pub struct RoomConfiguration {
    /// Room name (`name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Seconds to keep an empty room open (`emptyTimeout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "empty_timeout")]
    pub empty_timeout: Option<u32>,
    /// Seconds to keep the room after the last participant left (`departureTimeout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "departure_timeout")]
    pub departure_timeout: Option<u32>,
    /// Maximum number of participants (`maxParticipants`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "max_participants")]
    pub max_participants: Option<u32>,
    /// Room metadata (`metadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Auto-egress settings, raw protojson (`egress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Value>,
    /// Minimum playout delay in ms (`minPlayoutDelay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "min_playout_delay")]
    pub min_playout_delay: Option<u32>,
    /// Maximum playout delay in ms (`maxPlayoutDelay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "max_playout_delay")]
    pub max_playout_delay: Option<u32>,
    /// Synchronise audio and video of each participant (`syncStreams`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "sync_streams")]
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

/// Written out so that no credential is shown: a verified token's configuration is
/// logged with `{:?}` in the services that receive it. Destructured without `..`, so a new
/// field does not compile until it is listed here.
impl fmt::Debug for RoomConfiguration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            name,
            empty_timeout,
            departure_timeout,
            max_participants,
            metadata,
            egress,
            min_playout_delay,
            max_playout_delay,
            sync_streams,
            agents,
            tags,
            extra,
        } = self;
        // Whatever its shape: a caller's configuration may hold a list, which only minting
        // and verifying refuse.
        let egress = egress.as_ref().map(redacted_value);
        f.debug_struct("RoomConfiguration")
            .field("name", name)
            .field("empty_timeout", empty_timeout)
            .field("departure_timeout", departure_timeout)
            .field("max_participants", max_participants)
            .field("metadata", metadata)
            .field("egress", &egress)
            .field("min_playout_delay", min_playout_delay)
            .field("max_playout_delay", max_playout_delay)
            .field("sync_streams", sync_streams)
            .field("agents", agents)
            .field("tags", tags)
            .field("extra", &redacted(extra))
            .finish()
    }
}

/// One agent to dispatch into the room (`livekit.RoomAgentDispatch`). Like
/// [`RoomConfiguration`], read under either protojson name of each field (`agentName` or
/// `agent_name`), written under the JSON name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TypedBuilder)]
#[serde(rename_all = "camelCase")]
#[builder(field_defaults(default, setter(strip_option, into)))]
#[non_exhaustive]
pub struct RoomAgentDispatch {
    /// The agent's name (`agentName`); empty or absent, the agent registered for automatic
    /// dispatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "agent_name")]
    pub agent_name: Option<String>,
    /// Metadata handed to the agent job (`metadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// The deployment to dispatch (`deployment`; LiveKit Cloud).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
    /// What to do when the job fails (`restartPolicy`; LiveKit Cloud).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(alias = "restart_policy")]
    pub restart_policy: Option<JobRestartPolicy>,
    /// Attributes of the agent participant (`attributes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, String>>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    #[builder(default, setter(skip))]
    pub extra: Map<String, Value>,
}

/// A dispatch of the agent of that name, with nothing else set.
impl From<&str> for RoomAgentDispatch {
    fn from(agent_name: &str) -> Self {
        RoomAgentDispatch::from(agent_name.to_owned())
    }
}

/// A dispatch of the agent of that name, with nothing else set.
impl From<String> for RoomAgentDispatch {
    fn from(agent_name: String) -> Self {
        RoomAgentDispatch {
            agent_name: Some(agent_name),
            ..RoomAgentDispatch::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every field set, so a field added to either struct without a test here is a
    /// compile error in the destructuring below.
    fn every_field() -> RoomConfiguration {
        let agent = RoomAgentDispatch::builder()
            .agent_name("support-bot")
            .metadata("{}")
            .deployment("production")
            .restart_policy(JobRestartPolicy::Never)
            .attributes(BTreeMap::from([("lang".to_owned(), "en".to_owned())]))
            .build();
        let RoomAgentDispatch {
            agent_name: Some(_),
            metadata: Some(_),
            deployment: Some(_),
            restart_policy: Some(_),
            attributes: Some(_),
            extra: _,
        } = &agent
        else {
            panic!("every dispatch field is set: {agent:?}")
        };
        let config = RoomConfiguration::builder()
            .name("consult-42")
            .empty_timeout(60u32)
            .departure_timeout(20u32)
            .max_participants(3u32)
            .metadata("m")
            .egress(json!({"room": {"roomName": "consult-42"}}))
            .min_playout_delay(100u32)
            .max_playout_delay(400u32)
            .sync_streams(true)
            .agents(vec![agent])
            .tags(BTreeMap::from([("ward_id".to_owned(), "7".to_owned())]))
            .build();
        let RoomConfiguration {
            name: Some(_),
            empty_timeout: Some(_),
            departure_timeout: Some(_),
            max_participants: Some(_),
            metadata: Some(_),
            egress: Some(_),
            min_playout_delay: Some(_),
            max_playout_delay: Some(_),
            sync_streams: Some(_),
            agents: Some(_),
            tags: Some(_),
            extra: _,
        } = &config
        else {
            panic!("every field is set: {config:?}")
        };
        config
    }

    /// `maxParticipants` as protoc names it: `max_participants`.
    fn proto_name(json_name: &str) -> String {
        json_name.chars().fold(String::new(), |mut name, c| {
            if c.is_ascii_uppercase() {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
            name
        })
    }

    /// The object with each member renamed by `rename`, and the members of each dispatch
    /// in `agents` too (the values of `egress` and `tags` are not member names).
    fn renamed(value: &Value, rename: &dyn Fn(&str) -> String) -> Value {
        let Value::Object(map) = value else {
            return value.clone();
        };
        let members = map.iter().map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("agents", Value::Array(agents)) => {
                    Value::Array(agents.iter().map(|a| renamed(a, rename)).collect())
                }
                _ => value.clone(),
            };
            (rename(key), value)
        });
        Value::Object(members.collect())
    }

    #[test]
    fn every_field_reads_under_its_proto_name_or_its_json_name_and_is_written_as_json() {
        let config = every_field();
        let json = serde_json::to_value(&config).unwrap();
        let members = json.as_object().unwrap();
        assert!(
            members.contains_key("maxParticipants") && members.contains_key("syncStreams"),
            "{json}"
        );
        assert!(
            !members.keys().any(|k| k.contains('_')),
            "written under JSON names: {json}"
        );
        let agent_keys = json["agents"][0].as_object().unwrap();
        assert!(agent_keys.contains_key("agentName") && agent_keys.contains_key("restartPolicy"));

        let as_clients_send_it = renamed(&json, &|k| proto_name(k));
        assert_ne!(as_clients_send_it, json);
        assert!(as_clients_send_it.get("max_participants").is_some());
        assert!(as_clients_send_it["agents"][0].get("agent_name").is_some());
        let read: RoomConfiguration = serde_json::from_value(as_clients_send_it).unwrap();
        assert_eq!(
            read, config,
            "every proto name is read as its field, none lands in extra"
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), json);
        let read: RoomConfiguration = serde_json::from_value(json).unwrap();
        assert_eq!(read, config);
    }

    #[test]
    fn a_field_under_both_of_its_names_is_refused() {
        let json = serde_json::to_value(every_field()).unwrap();
        let mut two_named = 0;
        for (key, value) in json.as_object().unwrap() {
            let proto = proto_name(key);
            if proto == *key {
                continue;
            }
            two_named += 1;
            let mut both = json.clone();
            both[proto.as_str()] = value.clone();
            let err = serde_json::from_value::<RoomConfiguration>(both).unwrap_err();
            assert!(err.to_string().contains("duplicate field"), "{key}: {err}");
        }
        assert_eq!(two_named, 6, "emptyTimeout .. syncStreams");
        let agent = &json["agents"][0];
        for key in ["agentName", "restartPolicy"] {
            let mut both = agent.clone();
            both[proto_name(key).as_str()] = agent[key].clone();
            assert!(
                serde_json::from_value::<RoomAgentDispatch>(both).is_err(),
                "{key}"
            );
        }
    }
}

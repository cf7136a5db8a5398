//! The standard endpoint's request, `livekit.TokenSourceRequest`, with its field names
//! spelt once, here.
//!
//! Names are read as protojson reads them: each field under its proto name (`room_name`,
//! what client SDKs send) or its JSON name (`roomName`), a field given twice (under either
//! name) is an error, and `null` is absent. Numbers inside `room_config` must be JSON
//! integers: protojson also takes `"10"` or `1e1`, which no client SDK sends. Written with
//! the request's fields under their proto names, as the endpoint documentation and the
//! client SDKs spell them, and `room_config` as [`RoomConfiguration`] writes itself (its
//! JSON names, `agentName`), which protojson reads as well.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::TokenSourceError;
use super::error::capped_quotes;
use crate::codec::strict_json;
use crate::error::capped;
use crate::wire::RoomConfiguration;
use crate::wire::from_object::{FromObject, deserialize_from_object};

/// A field of a [`TokenSourceRequest`], for errors and policies to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestField {
    /// `room_name`: the room to join.
    RoomName,
    /// `participant_name`: the display name.
    ParticipantName,
    /// `participant_identity`: the identity.
    ParticipantIdentity,
    /// `participant_metadata`: participant metadata.
    ParticipantMetadata,
    /// `participant_attributes`: participant attributes.
    ParticipantAttributes,
    /// `room_config`: the configuration of the room the token creates, agents included.
    RoomConfig,
}

impl RequestField {
    /// Every field, in the proto's order.
    pub(super) const ALL: [RequestField; 6] = [
        RequestField::RoomName,
        RequestField::ParticipantName,
        RequestField::ParticipantIdentity,
        RequestField::ParticipantMetadata,
        RequestField::ParticipantAttributes,
        RequestField::RoomConfig,
    ];

    /// The proto name (`room_name`): what client SDKs send, and what is written.
    pub const fn proto_name(self) -> &'static str {
        self.names().0
    }

    /// The protojson JSON name (`roomName`), also read.
    pub const fn json_name(self) -> &'static str {
        self.names().1
    }

    const fn names(self) -> (&'static str, &'static str) {
        match self {
            RequestField::RoomName => ("room_name", "roomName"),
            RequestField::ParticipantName => ("participant_name", "participantName"),
            RequestField::ParticipantIdentity => ("participant_identity", "participantIdentity"),
            RequestField::ParticipantMetadata => ("participant_metadata", "participantMetadata"),
            RequestField::ParticipantAttributes => {
                ("participant_attributes", "participantAttributes")
            }
            RequestField::RoomConfig => ("room_config", "roomConfig"),
        }
    }

    fn from_name(name: &str) -> Option<RequestField> {
        RequestField::ALL
            .into_iter()
            .find(|f| f.proto_name() == name || f.json_name() == name)
    }
}

/// Shown as its proto name, as client SDKs send it.
impl fmt::Display for RequestField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.proto_name())
    }
}

/// The body a client SDK's endpoint `TokenSource` posts (`livekit.TokenSourceRequest`):
/// every field optional.
///
/// ```
/// use livekit_access_token::TokenSourceRequest;
/// // What livekit-client's TokenSource.endpoint sends for an agent session:
/// let request = TokenSourceRequest::from_json(br#"{
///     "room_name": "consult-42",
///     "participant_identity": "patient-7",
///     "room_config": {"agents": [{"agent_name": "support-bot", "metadata": "{}"}]}
/// }"#)?;
/// assert_eq!(request.room_name.as_deref(), Some("consult-42"));
/// let agents = request.room_config.and_then(|c| c.agents).unwrap_or_default();
/// assert_eq!(agents[0].agent_name.as_deref(), Some("support-bot"));
/// # Ok::<(), livekit_access_token::TokenSourceError>(())
/// ```
///
/// Its fields are what the client *asks for*; a
/// [`TokenSourcePolicy`](crate::TokenSourcePolicy) decides what it gets.
///
/// Read a body with [`from_json`](Self::from_json), the only way to read one. It has no
/// `Deserialize` impl, so a web framework's JSON extractor does not compile: serde cannot
/// see a member named twice (it keeps the last, where protojson refuses the body), and the
/// framework would answer errors with serde's whole message, which can quote the client's
/// values at length. Take the body as bytes:
///
/// ```compile_fail
/// # use livekit_access_token::TokenSourceRequest;
/// let request: TokenSourceRequest = serde_json::from_slice(b"{}")?; // error: no `Deserialize`
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TokenSourceRequest {
    /// The room to join (`room_name`).
    pub room_name: Option<String>,
    /// The display name (`participant_name`).
    pub participant_name: Option<String>,
    /// The identity (`participant_identity`).
    pub participant_identity: Option<String>,
    /// Participant metadata (`participant_metadata`).
    pub participant_metadata: Option<String>,
    /// Participant attributes (`participant_attributes`); a proto map, so empty is absent.
    pub participant_attributes: BTreeMap<String, String>,
    /// The configuration of the room the token creates, agent dispatch included
    /// (`room_config`, whose own fields are read under either protojson name too).
    pub room_config: Option<RoomConfiguration>,
}

impl TokenSourceRequest {
    /// An empty request: asks for nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a request body. A body that is not a token request (not JSON, a value of the
    /// wrong type, an unknown field, a field given twice, a member named twice in any
    /// object in it) is [`TokenSourceError::Malformed`]. The body's size is the web
    /// framework's to limit.
    pub fn from_json(body: &[u8]) -> Result<Self, TokenSourceError> {
        // An attribute, a tag or an egress member given twice: protojson refuses it and
        // serde keeps the last, so whatever read the body before (a proxy, a log) could
        // see another value than the one minted. Checked first: serde's own refusal of a
        // field given twice names it as this crate spells it, not as the client did.
        if strict_json::repeats_a_member(body) {
            return Err(TokenSourceError::Malformed {
                reason: "an object in it names a member twice".to_owned(),
            });
        }
        // serde_json's message can quote a whole value the client sent: capped.
        let Body(request) =
            serde_json::from_slice(body).map_err(|e| TokenSourceError::Malformed {
                reason: capped_quotes(&e.to_string()).chars().take(200).collect(),
            })?;
        Ok(request)
    }
}

impl Serialize for TokenSourceRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let texts = [
            (RequestField::RoomName, &self.room_name),
            (RequestField::ParticipantName, &self.participant_name),
            (
                RequestField::ParticipantIdentity,
                &self.participant_identity,
            ),
            (
                RequestField::ParticipantMetadata,
                &self.participant_metadata,
            ),
        ];
        for (field, value) in texts {
            if let Some(value) = value {
                map.serialize_entry(field.proto_name(), value)?;
            }
        }
        if !self.participant_attributes.is_empty() {
            let key = RequestField::ParticipantAttributes.proto_name();
            map.serialize_entry(key, &self.participant_attributes)?;
        }
        if let Some(config) = &self.room_config {
            map.serialize_entry(RequestField::RoomConfig.proto_name(), config)?;
        }
        map.end()
    }
}

/// Refuses a field seen before, under either of its names.
pub(super) fn first_time<E: de::Error>(
    seen: &mut u8,
    bit: usize,
    proto: &str,
    json: &str,
) -> Result<(), E> {
    let mask = 1u8 << bit;
    if *seen & mask != 0 {
        return Err(E::custom(format_args!(
            "{proto} is given twice (as {proto} or {json}): send it once"
        )));
    }
    *seen |= mask;
    Ok(())
}

/// What [`TokenSourceRequest::from_json`] reads a body into: the request's own reading,
/// kept off the public type so that only `from_json`, which refuses repeated members,
/// reads one.
struct Body(TokenSourceRequest);

deserialize_from_object!(Body);

impl<'de> FromObject<'de> for Body {
    const EXPECTING: &'static str = "a token request: a JSON object";

    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut seen = 0u8;
        let mut request = TokenSourceRequest::default();
        while let Some(key) = map.next_key::<String>()? {
            let Some(field) = RequestField::from_name(&key) else {
                // Capped: the name is echoed back to the client. The fields a request has
                // are listed by the error's message.
                let key = capped(&key);
                return Err(de::Error::custom(format_args!("unknown field {key:?}")));
            };
            let bit = field as usize;
            first_time(&mut seen, bit, field.proto_name(), field.json_name())?;
            match field {
                RequestField::RoomName => request.room_name = map.next_value()?,
                RequestField::ParticipantName => request.participant_name = map.next_value()?,
                RequestField::ParticipantIdentity => {
                    request.participant_identity = map.next_value()?;
                }
                RequestField::ParticipantMetadata => {
                    request.participant_metadata = map.next_value()?;
                }
                RequestField::ParticipantAttributes => {
                    let attributes: Option<BTreeMap<String, String>> = map.next_value()?;
                    request.participant_attributes = attributes.unwrap_or_default();
                }
                RequestField::RoomConfig => request.room_config = map.next_value()?,
            }
        }
        Ok(Body(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> Result<TokenSourceRequest, String> {
        TokenSourceRequest::from_json(value.to_string().as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn every_field_reads_under_either_name_and_is_written_under_its_proto_name() {
        let snake = json!({
            "room_name": "r", "participant_name": "n", "participant_identity": "i",
            "participant_metadata": "m", "participant_attributes": {"a": "1"},
            "room_config": {"agents": [{"agent_name": "bot"}]}
        });
        let camel = json!({
            "roomName": "r", "participantName": "n", "participantIdentity": "i",
            "participantMetadata": "m", "participantAttributes": {"a": "1"},
            "roomConfig": {"agents": [{"agentName": "bot"}]}
        });
        let request = read(snake.clone()).unwrap();
        assert_eq!(read(camel).unwrap(), request);
        assert_eq!(request.participant_attributes["a"], "1");
        let mut written = serde_json::to_value(&request).unwrap();
        written["room_config"] = json!({"agents": [{"agent_name": "bot"}]});
        assert_eq!(
            written, snake,
            "proto names, room_config aside (JSON names inside)"
        );
        let names: Vec<_> = RequestField::ALL.iter().map(|f| f.to_string()).collect();
        assert_eq!(names.len(), snake.as_object().unwrap().len());
    }

    #[test]
    fn nulls_and_empty_maps_are_absent_and_empty_requests_write_nothing() {
        let request = read(json!({"room_name": null, "participant_attributes": null})).unwrap();
        assert_eq!(request, TokenSourceRequest::new());
        let request = read(json!({"participant_attributes": {}})).unwrap();
        assert_eq!(serde_json::to_string(&request).unwrap(), "{}");
    }

    #[test]
    fn every_field_given_under_both_names_is_given_twice() {
        for field in RequestField::ALL {
            let (proto, json) = (field.proto_name(), field.json_name());
            let body = format!(r#"{{"{proto}":null,"{json}":null}}"#);
            let twice = TokenSourceRequest::from_json(body.as_bytes()).unwrap_err();
            let twice = twice.to_string();
            assert!(
                twice.contains(&format!("{proto} is given twice")),
                "{twice}"
            );
        }
    }

    #[test]
    fn a_field_twice_an_unknown_field_or_a_wrong_type_is_malformed() {
        let twice = read(json!({"room_name": "a", "roomName": "b"})).unwrap_err();
        assert!(twice.contains("room_name is given twice"), "{twice}");
        let unknown = read(json!({"room_name": "a", "can_publish": true})).unwrap_err();
        assert!(
            unknown.contains(r#"unknown field "can_publish""#),
            "{unknown}"
        );
        assert_eq!(
            unknown.matches("room_name, participant_name").count(),
            1,
            "the fields are listed once: {unknown}"
        );
        assert!(read(json!({"room_name": 5})).is_err());
        let not_an_object = read(json!(["room_name"])).unwrap_err();
        assert!(
            not_an_object.contains("expected a token request: a JSON object"),
            "{not_an_object}"
        );
        for twice in [
            r#"{"participant_attributes":{"role":"a","role":"b"}}"#,
            r#"{"room_config":{"tags":{"a":"1","a":"2"}}}"#,
            r#"{"room_config":{"egress":{"room":{"s3":{"secret":"S","secret":""}}}}}"#,
            r#"{"room_config":{"agents":[{"agent_name":"a","agent_name":"b"}]}}"#,
        ] {
            let err = TokenSourceRequest::from_json(twice.as_bytes()).unwrap_err();
            assert!(
                err.to_string().contains("names a member twice")
                    && !err.to_string().contains("agentName"),
                "{twice}: {err}"
            );
        }
        let err = TokenSourceRequest::from_json(b"{not json").unwrap_err();
        assert!(matches!(err, TokenSourceError::Malformed { .. }));
        let huge = json!({"participant_attributes": "v".repeat(100_000)});
        let echoed = read(huge).unwrap_err();
        assert!(
            echoed.contains(&"v".repeat(64)) && !echoed.contains(&"v".repeat(65)),
            "a value is echoed 64 characters long: {echoed}"
        );
        let long = "k".repeat(500);
        let capped = read(json!({ long.as_str(): 1 })).unwrap_err();
        assert!(capped.contains(&"k".repeat(64)), "{capped}");
        assert!(!capped.contains(&"k".repeat(65)), "{capped}");
    }
}

//! A request held to a policy: [`TokenSourcePolicy::check`], which returns a
//! [`PermittedRequest`].

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::error::capped_path;
use super::names::generate;
use super::policy::{FieldRule, Names};
use super::proto3;
use super::{
    PermittedRequest, RequestField, TokenSourceError, TokenSourcePolicy, TokenSourceRequest,
    TokenSourceResponse,
};
use crate::credentials::Credentials;
use crate::error::capped;
use crate::error::{Field, TokenError};
use crate::mint::checks::{size, within};
use crate::wire::{ClaimMember, RoomAgentDispatch, RoomConfiguration};

impl TokenSourcePolicy {
    /// Holds `request` to this policy: refuses a field the client may not set (or a value
    /// inside `room_config` it may not set), one it must set and did not, and credentials
    /// in `room_config`; generates the identity and room it leaves out. A value that is its
    /// proto3 default (an empty string, map or list, `0`, `false`, `JRP_ON_FAILURE`) or
    /// `null` is absent: it is neither refused nor minted. Inside `room_config` that is how
    /// the server reads it; for the request's own text fields, which proto3 marks
    /// `optional`, it is this crate's choice: an empty identity or room names nothing, so
    /// one is generated (or, under [`FieldRule::Required`], refused as missing). A value
    /// over the LiveKit server's limits (an identity over 256 bytes), or values that make a
    /// token over [`limits::MAX_TOKEN_BYTES`](crate::limits::MAX_TOKEN_BYTES) (measured with
    /// an API key of 128 bytes and an identity of 256, so it holds for any key of letters
    /// and digits up to that long, and any identity the server sets instead that JSON
    /// writes in up to 256 bytes), is
    /// [`TokenSourceError::Token`], status 400: checked here, so that whatever stops the
    /// token later is the server's own doing.
    pub fn check(&self, request: TokenSourceRequest) -> Result<PermittedRequest, TokenSourceError> {
        let TokenSourceRequest {
            room_name,
            participant_name,
            participant_identity,
            participant_metadata,
            participant_attributes,
            room_config,
        } = request;
        let identity = ruled(
            RequestField::ParticipantIdentity,
            self.identity,
            participant_identity,
        )?;
        let room = ruled(RequestField::RoomName, self.room, room_name)?;
        // Held to the server's limits below only if the client sent them.
        let (identity_sent, room_sent) = (
            identity.as_ref().map(String::len),
            room.as_ref().map(String::len),
        );
        let identity = identity.unwrap_or_else(|| generate(&self.identity_prefix));
        let room = room.unwrap_or_else(|| generate(&self.room_prefix));
        let name = ruled(RequestField::ParticipantName, self.name, participant_name)?;
        let metadata_rule = if self.metadata {
            FieldRule::Optional
        } else {
            FieldRule::Forbidden
        };
        let metadata = ruled(
            RequestField::ParticipantMetadata,
            metadata_rule,
            participant_metadata,
        )?;
        check_keys(
            &self.attributes,
            participant_attributes.keys(),
            || RequestField::ParticipantAttributes.proto_name().to_owned(),
            |key| TokenSourceError::AttributeNotAllowed { key },
        )?;
        let room_config = match room_config {
            Some(config) => self.check_room_config(config, &room)?,
            None => None,
        };
        let sent = [
            (Field::Identity, identity_sent),
            (Field::Room, room_sent),
            (Field::Name, name.as_ref().map(String::len)),
            (Field::Metadata, metadata.as_ref().map(String::len)),
            (Field::Attributes, Some(size(&participant_attributes))),
        ];
        let dispatched = room_config.iter().flat_map(|c| c.agents.iter().flatten());
        let agent_attributes = dispatched.filter_map(|agent| agent.attributes.as_ref());
        sent.into_iter()
            .filter_map(|(field, len)| Some((field, len?)))
            .chain(agent_attributes.map(|a| (Field::AgentAttributes, size(a))))
            .try_for_each(|(field, len)| within(len, field))
            .map_err(TokenSourceError::Token)?;
        let permitted = PermittedRequest {
            identity,
            room,
            name,
            metadata,
            attributes: participant_attributes,
            room_config,
            grant: self.grant.clone(),
            ttl: self.ttl,
        };
        permitted
            .check_token_size()
            .map_err(TokenSourceError::Token)?;
        Ok(permitted)
    }

    /// [`check`](Self::check), then [`PermittedRequest::respond`]: the whole endpoint in
    /// one call.
    pub fn respond(
        &self,
        credentials: &Credentials,
        request: TokenSourceRequest,
        server_url: impl Into<String>,
    ) -> Result<TokenSourceResponse, TokenSourceError> {
        self.check(request)?.respond(credentials, server_url)
    }

    /// The room configuration a client may send: `None` when it asks for nothing.
    fn check_room_config(
        &self,
        config: RoomConfiguration,
        room: &str,
    ) -> Result<Option<RoomConfiguration>, TokenSourceError> {
        let config = proto3::without_defaults(config);
        let in_config = |member: &str| format!("{}.{member}", RequestField::RoomConfig);
        if let Some(key) = config.extra.keys().next() {
            return Err(forbidden(&in_config(&member_name(key))));
        }
        if config.egress.is_some() && !self.room_egress {
            let egress = RoomConfiguration {
                egress: config.egress.clone(),
                ..Default::default()
            };
            return Err(forbidden(&in_config(&first_member(&egress))));
        }
        // A path as the client sent it: under the request's proto name.
        let as_sent = |path: String| {
            let inside = path
                .strip_prefix(ClaimMember::RoomConfig.name())
                .and_then(|rest| rest.strip_prefix('.'));
            capped_path(&inside.map_or_else(|| path.clone(), in_config))
        };
        config.check_egress_shape().map_err(|error| match error {
            TokenError::EgressNotAnObject { path, found } => {
                TokenSourceError::Token(TokenError::EgressNotAnObject {
                    path: as_sent(path),
                    found,
                })
            }
            other => TokenSourceError::Token(other),
        })?;
        if let Some(path) = config.sensitive_credentials_path() {
            return Err(TokenSourceError::SensitiveCredentials {
                path: as_sent(path),
            });
        }
        if let Some(path) = config.egress_receiver_path() {
            return Err(forbidden(&as_sent(path)));
        }
        if let Some(agents) = &config.agents {
            let only_agents = RoomConfiguration {
                agents: Some(agents.clone()),
                ..Default::default()
            };
            let path = in_config(&first_member(&only_agents));
            self.check_agents(agents, &path)?;
        }
        let settings = RoomConfiguration {
            name: None,
            egress: None,
            agents: None,
            ..config.clone()
        };
        if settings != RoomConfiguration::default() && !self.room_settings {
            return Err(forbidden(&in_config(&first_member(&settings))));
        }
        if config.name.as_deref().is_some_and(|name| name != room) {
            return Err(TokenSourceError::RoomConfigName { room: capped(room) });
        }
        Ok(Some(config).filter(|c| *c != RoomConfiguration::default()))
    }

    /// The dispatches in `room_config.agents` (at `path`): allowed agents, no more of them
    /// than the policy's maximum, only the members client SDKs send, and allowed agent
    /// attributes.
    fn check_agents(
        &self,
        agents: &[RoomAgentDispatch],
        path: &str,
    ) -> Result<(), TokenSourceError> {
        if self.agents == Names::None {
            return Err(forbidden(path));
        }
        if agents.len() > self.max_agents {
            return Err(TokenSourceError::TooManyAgents {
                count: agents.len(),
                max: self.max_agents,
            });
        }
        for (i, agent) in agents.iter().enumerate() {
            let member =
                |dispatch: &RoomAgentDispatch| format!("{path}[{i}].{}", first_member(dispatch));
            if let Some(key) = agent.extra.keys().next() {
                return Err(forbidden(&format!("{path}[{i}].{}", member_name(key))));
            }
            if agent.restart_policy.is_some() {
                return Err(forbidden(&member(&RoomAgentDispatch {
                    restart_policy: agent.restart_policy.clone(),
                    ..Default::default()
                })));
            }
            if agent.metadata.is_some() && !self.agent_metadata {
                return Err(forbidden(&member(&RoomAgentDispatch {
                    metadata: agent.metadata.clone(),
                    ..Default::default()
                })));
            }
            if let Some(deployment) = agent.deployment.as_deref() {
                if self.agent_deployments == Names::None {
                    return Err(forbidden(&member(&RoomAgentDispatch {
                        deployment: agent.deployment.clone(),
                        ..Default::default()
                    })));
                }
                if !self.agent_deployments.allows(deployment) {
                    return Err(TokenSourceError::AgentDeploymentNotAllowed {
                        deployment: capped(deployment),
                    });
                }
            }
            check_keys(
                &self.agent_attributes,
                agent.attributes.iter().flat_map(BTreeMap::keys),
                || {
                    member(&RoomAgentDispatch {
                        attributes: agent.attributes.clone(),
                        ..Default::default()
                    })
                },
                |key| TokenSourceError::AgentAttributeNotAllowed { key },
            )?;
            let name = agent.agent_name.as_deref().unwrap_or_default();
            if !self.agents.allows(name) {
                return Err(TokenSourceError::AgentNotAllowed {
                    agent_name: capped(name),
                });
            }
        }
        Ok(())
    }
}

/// A text field under `rule`: empty is absent; refused when forbidden and present, or
/// required and absent.
fn ruled(
    field: RequestField,
    rule: FieldRule,
    value: Option<String>,
) -> Result<Option<String>, TokenSourceError> {
    let value = value.filter(|v| !v.is_empty());
    match (rule, value) {
        (FieldRule::Forbidden, Some(_)) => Err(forbidden(field.proto_name())),
        (FieldRule::Required, None) => Err(TokenSourceError::Missing { field }),
        (_, value) => Ok(value),
    }
}

/// Holds attribute `keys` to `names`: any key where none is allowed is `Forbidden` at
/// `path()`; a key outside the list is `not_listed(key)`, the key capped.
fn check_keys<'a>(
    names: &Names,
    keys: impl IntoIterator<Item = &'a String>,
    path: impl FnOnce() -> String,
    not_listed: fn(String) -> TokenSourceError,
) -> Result<(), TokenSourceError> {
    let mut keys = keys.into_iter();
    if *names == Names::None {
        return match keys.next() {
            Some(_) => Err(forbidden(&path())),
            None => Ok(()),
        };
    }
    match keys.find(|key| !names.allows(key)) {
        Some(key) => Err(not_listed(capped(key))),
        None => Ok(()),
    }
}

/// A member name the client sent, to put in a path: capped, and escaped so that control
/// characters cannot break the line it is logged on.
fn member_name(key: &str) -> String {
    capped(key).escape_debug().to_string()
}

fn forbidden(field: &str) -> TokenSourceError {
    TokenSourceError::Forbidden {
        field: field.to_owned(),
    }
}

/// The proto name of the first member `object` writes, to name it in an error as a client
/// SDK sends it: the JSON name, which the wire types spell, turned into the proto name
/// (`maxParticipants` to `max_participants`), the one protoc derives it from.
fn first_member(object: &impl Serialize) -> String {
    let Ok(Value::Object(members)) = serde_json::to_value(object) else {
        return String::from("?");
    };
    let Some(json_name) = members.keys().next() else {
        return String::from("?");
    };
    json_name.chars().fold(String::new(), |mut name, c| {
        if c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
        name
    })
}

//! What a token carries besides its credentials, as both builders hold it.

use std::collections::BTreeMap;

use super::video_data::VideoData;
use crate::codec::strict_json::wipe_strings;
use crate::codec::text::Text;
use crate::error::Field;
use crate::ttl::Ttl;
use crate::wire::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, KindDetail,
    ObservabilityGrant, ParticipantKind, RoomAgentDispatch, RoomConfiguration, SipGrant,
};

/// Everything a token carries besides the credentials, in one non-generic struct so the
/// typed builder's state changes are plain moves. What most tokens carry is inline; the
/// rest is boxed in [`RareClaims`], so those moves stay small (a few hundred bytes, not
/// eight hundred) and a token without them allocates nothing for them.
#[derive(Default)]
pub(crate) struct TokenData {
    pub(crate) identity: Option<Text>,
    pub(crate) name: Option<Text>,
    pub(crate) metadata: Option<String>,
    pub(crate) ttl: Ttl,
    pub(crate) kind: Option<ParticipantKind>,
    pub(crate) kind_details: Vec<KindDetail>,
    pub(crate) video: Option<VideoData>,
    pub(crate) rare: Option<Box<RareClaims>>,
    pub(crate) allow_sensitive_credentials: bool,
    pub(crate) allow_unknown_members: bool,
    /// An agent grant merged into one that names another target: refused when minting.
    pub(crate) scope_conflict: Option<Field>,
}

/// The claims and grants of [`TokenData`] that most tokens do not carry.
#[derive(Default)]
pub(crate) struct RareClaims {
    pub(crate) attributes: Option<BTreeMap<String, String>>,
    pub(crate) sip: Option<SipGrant>,
    pub(crate) agent: Option<AgentGrant>,
    pub(crate) agent_endpoint: Option<AgentEndpointGrant>,
    pub(crate) agent_thread: Option<AgentThreadGrant>,
    pub(crate) inference: Option<InferenceGrant>,
    pub(crate) observability: Option<ObservabilityGrant>,
    pub(crate) room_config: Option<RoomConfiguration>,
    /// The agents `add_agent_dispatch` named: they belong to the token, so a room
    /// configuration set after them keeps them.
    pub(crate) dispatched: Vec<String>,
    pub(crate) room_preset: Option<String>,
    pub(crate) sha256: Option<String>,
}

/// A room configuration may carry storage credentials, and the one the caller handed over
/// is moved in, so this is the last copy: its free-form parts are wiped with it, minted or
/// not.
impl Drop for RareClaims {
    fn drop(&mut self) {
        if let Some(config) = &mut self.room_config {
            wipe(config);
        }
    }
}

/// Wipes the parts of a room configuration that may hold credentials.
fn wipe(config: &mut RoomConfiguration) {
    config.egress.iter_mut().for_each(wipe_strings);
    config.extra.values_mut().for_each(wipe_strings);
}

/// The agent a dispatch names; no name is the empty one, as the server reads it (the agent
/// registered for automatic dispatch).
fn agent(dispatch: &RoomAgentDispatch) -> &str {
    dispatch.agent_name.as_deref().unwrap_or_default()
}

fn put_dispatch(config: &mut RoomConfiguration, dispatch: RoomAgentDispatch) {
    let agents = config.agents.get_or_insert_with(Vec::new);
    agents.retain(|a| agent(a) != agent(&dispatch));
    agents.push(dispatch);
}

/// Merges an optional grant: the first one is stored, later ones merge into it.
macro_rules! merge_into {
    ($slot:expr, $grant:expr) => {
        match &mut $slot {
            Some(existing) => existing.merge($grant),
            None => $slot = Some($grant),
        }
    };
}
pub(crate) use merge_into;

impl TokenData {
    /// Sets the room configuration, keeping the agents `add_agent_dispatch` added to the
    /// one it replaces; that one is wiped, as it would be with the token.
    pub(crate) fn set_room_config(&mut self, mut config: RoomConfiguration) {
        let rare = self.rare_mut();
        if let Some(mut replaced) = rare.room_config.take() {
            let dispatched = &rare.dispatched;
            let agents = replaced.agents.iter_mut().flatten();
            for dispatch in agents.filter(|a| dispatched.iter().any(|name| name == agent(a))) {
                put_dispatch(&mut config, std::mem::take(dispatch));
            }
            wipe(&mut replaced);
        }
        rare.room_config = Some(config);
    }

    /// Adds an agent dispatch to the room configuration, replacing one of the same agent
    /// (the server would start it twice).
    pub(crate) fn add_agent_dispatch(&mut self, dispatch: RoomAgentDispatch) {
        let rare = self.rare_mut();
        if !rare.dispatched.iter().any(|name| name == agent(&dispatch)) {
            rare.dispatched.push(agent(&dispatch).to_owned());
        }
        put_dispatch(
            rare.room_config.get_or_insert_with(Default::default),
            dispatch,
        );
    }

    /// The rare claims, boxed on first use.
    pub(crate) fn rare_mut(&mut self) -> &mut RareClaims {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Adds attributes; keys already present are overwritten (the Go SDK's behaviour).
    pub(crate) fn add_attributes<K: Into<String>, V: Into<String>>(
        &mut self,
        attributes: impl IntoIterator<Item = (K, V)>,
    ) {
        self.rare_mut()
            .attributes
            .get_or_insert_with(BTreeMap::new)
            .extend(attributes.into_iter().map(|(k, v)| (k.into(), v.into())));
    }

    /// Adds kind details, keeping the first occurrence of each.
    pub(crate) fn add_kind_details(&mut self, details: impl IntoIterator<Item = KindDetail>) {
        for d in details {
            if !self.kind_details.contains(&d) {
                self.kind_details.push(d);
            }
        }
    }
}

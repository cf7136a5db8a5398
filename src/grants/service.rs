//! Grants that join no room: SIP, agents, inference, observability.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{merge_set_fields, not_true};

macro_rules! flag_grant {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$fdoc:meta])* $field:ident => $key:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fdoc])*
                #[serde(rename = $key, default, skip_serializing_if = "not_true")]
                pub $field: Option<bool>,
            )+
            /// Keys this crate does not know, kept as they were read.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        impl $name {
            /// An empty grant: nothing set.
            pub fn new() -> Self {
                Self::default()
            }

            $(
                $(#[$fdoc])*
                #[must_use]
                pub fn $field(mut self, value: bool) -> Self {
                    self.$field = Some(value);
                    self
                }
            )+

            /// Merges `other` into `self`: flags set in `other` win.
            pub fn merge(&mut self, other: Self) {
                merge_set_fields!(self, other; $($field),+);
                self.extra.extend(other.extra);
            }

            /// Whether nothing would be written for this grant.
            pub fn is_empty(&self) -> bool {
                $( not_true(&self.$field) && )+ self.extra.is_empty()
            }
        }
    };
}

flag_grant!(
    /// The `sip` grant: manage SIP trunks and dispatch rules, or make SIP calls.
    ///
    /// ```
    /// let sip = livekit_access_token::SipGrant::new().admin(true).call(true);
    /// assert_eq!(sip.admin, Some(true));
    /// ```
    SipGrant {
        /// Manage SIP trunks and dispatch rules (`admin`).
        admin => "admin",
        /// Make outbound SIP calls (`call`).
        call => "call",
    }
);

flag_grant!(
    /// The top-level `agent` grant (not `video.agent`): administer LiveKit Agents.
    AgentGrant {
        /// Administer agents (`admin`).
        admin => "admin",
        /// Administer agent simulations (`simulationAdmin`).
        simulation_admin => "simulationAdmin",
        /// Administer agent databases (`databaseAdmin`).
        database_admin => "databaseAdmin",
        /// Administer agent dispatch (`dispatchAdmin`).
        dispatch_admin => "dispatchAdmin",
    }
);

flag_grant!(
    /// The `inference` grant: call LiveKit Inference.
    InferenceGrant {
        /// Perform inference (`perform`).
        perform => "perform",
    }
);

flag_grant!(
    /// The `observability` grant: write observability data.
    ObservabilityGrant {
        /// Write observability data (`write`).
        write => "write",
    }
);

/// The `agentEndpoint` grant: call an agent endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AgentEndpointGrant {
    /// Call the endpoint (`call`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub call: Option<bool>,
    /// The agent's name (`agentName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// The deployment (`deployment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgentEndpointGrant {
    /// An empty grant: nothing set.
    pub fn new() -> Self {
        Self::default()
    }
    /// Call the endpoint (`call`).
    #[must_use]
    pub fn call(mut self, value: bool) -> Self {
        self.call = Some(value);
        self
    }
    /// The agent's name (`agentName`).
    #[must_use]
    pub fn agent_name(mut self, name: impl Into<String>) -> Self {
        self.agent_name = Some(name.into());
        self
    }
    /// The deployment (`deployment`).
    #[must_use]
    pub fn deployment(mut self, deployment: impl Into<String>) -> Self {
        self.deployment = Some(deployment.into());
        self
    }
    /// Merges `other` into `self`: values set in `other` win.
    pub fn merge(&mut self, other: Self) {
        merge_set_fields!(self, other; call, agent_name, deployment);
        self.extra.extend(other.extra);
    }
    /// Whether nothing would be written for this grant.
    pub fn is_empty(&self) -> bool {
        not_true(&self.call)
            && self.agent_name.is_none()
            && self.deployment.is_none()
            && self.extra.is_empty()
    }
}

/// The `agentThread` grant: access agent conversation threads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AgentThreadGrant {
    /// Every thread (`all`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub all: Option<bool>,
    /// The scope of the grant (`scope`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The threads it covers (`threadIds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_ids: Option<Vec<String>>,
    /// List threads (`list`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub list: Option<bool>,
    /// Create threads (`create`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub create: Option<bool>,
    /// Write to threads (`write`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub write: Option<bool>,
    /// Read threads (`read`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub read: Option<bool>,
    /// Delete threads (`delete`).
    #[serde(default, skip_serializing_if = "not_true")]
    pub delete: Option<bool>,
    /// Keys this crate does not know, kept as they were read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgentThreadGrant {
    /// An empty grant: nothing set.
    pub fn new() -> Self {
        Self::default()
    }
    /// Every thread (`all`).
    #[must_use]
    pub fn all(mut self, value: bool) -> Self {
        self.all = Some(value);
        self
    }
    /// The scope of the grant (`scope`).
    #[must_use]
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
    /// The threads it covers (`threadIds`).
    #[must_use]
    pub fn thread_ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.thread_ids = Some(ids.into_iter().map(Into::into).collect());
        self
    }
    /// List threads (`list`).
    #[must_use]
    pub fn list(mut self, value: bool) -> Self {
        self.list = Some(value);
        self
    }
    /// Create threads (`create`).
    #[must_use]
    pub fn create(mut self, value: bool) -> Self {
        self.create = Some(value);
        self
    }
    /// Write to threads (`write`).
    #[must_use]
    pub fn write(mut self, value: bool) -> Self {
        self.write = Some(value);
        self
    }
    /// Read threads (`read`).
    #[must_use]
    pub fn read(mut self, value: bool) -> Self {
        self.read = Some(value);
        self
    }
    /// Delete threads (`delete`).
    #[must_use]
    pub fn delete(mut self, value: bool) -> Self {
        self.delete = Some(value);
        self
    }
    /// Merges `other` into `self`: values set in `other` win.
    pub fn merge(&mut self, other: Self) {
        merge_set_fields!(self, other; all, scope, thread_ids, list, create, write, read, delete);
        self.extra.extend(other.extra);
    }
    /// Whether nothing would be written for this grant.
    pub fn is_empty(&self) -> bool {
        [
            self.all,
            self.list,
            self.create,
            self.write,
            self.read,
            self.delete,
        ]
        .iter()
        .all(not_true)
            && self.scope.is_none()
            && self.thread_ids.is_none()
            && self.extra.is_empty()
    }
}

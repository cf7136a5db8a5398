//! The setters both token builders share, written once as macros expanded into each
//! builder's `impl` (the typed builder's methods keep their type states, the runtime
//! builder's have none, so a shared trait would not fit both).

/// The value setters both token builders share. The typed builder names the single-value
/// ones `add_*`, after the Elixir API it follows; the runtime one `set_*`, for a value a
/// later call replaces. `add_attributes` adds to a map, so both call it that.
macro_rules! value_setters {
    (
        metadata: $metadata:ident,
        room_config: $room_config:ident,
        room_preset: $room_preset:ident,
        sha256: $sha256:ident $(,)?
    ) => {
        /// Sets the participant metadata.
        pub fn $metadata(mut self, metadata: impl Into<String>) -> Self {
            self.data.metadata = Some(metadata.into());
            self
        }

        /// Adds participant attributes, overwriting keys already present.
        pub fn add_attributes<K: Into<String>, V: Into<String>>(
            mut self,
            attributes: impl IntoIterator<Item = (K, V)>,
        ) -> Self {
            self.data.add_attributes(attributes);
            self
        }

        /// Sets the configuration of the room created on first join, replacing one set
        /// before. Agents added with [`add_agent_dispatch`](Self::add_agent_dispatch), before
        /// or after, are kept in it, and replace an agent of the same name it lists.
        ///
        /// Minting refuses a configuration whose egress carries storage or stream
        /// credentials unless [`allow_sensitive_credentials_in_room_config`](Self::allow_sensitive_credentials_in_room_config)
        /// was called: anyone holding the token can read them.
        pub fn $room_config(mut self, config: $crate::wire::RoomConfiguration) -> Self {
            self.data.set_room_config(config);
            self
        }

        /// Dispatches an agent when joining creates the room (the room configuration's
        /// agents), as lk's `--agent` does, without building a `RoomConfiguration`: an
        /// agent's name (`"support-bot"`) or a whole
        /// [`RoomAgentDispatch`](crate::RoomAgentDispatch) with metadata or a deployment.
        ///
        /// Added to the agents of the room configuration, whether it is set before or after;
        /// a dispatch of an agent of the same name replaces the earlier one, or the one the
        /// configuration lists (the server would start that agent twice). An empty name, or
        /// none, is the agent registered for automatic dispatch, as the server reads it.
        pub fn add_agent_dispatch(
            mut self,
            dispatch: impl Into<$crate::wire::RoomAgentDispatch>,
        ) -> Self {
            self.data.add_agent_dispatch(dispatch.into());
            self
        }

        /// Sets the room preset, LiveKit Cloud (`roomPreset`).
        pub fn $room_preset(mut self, preset: impl Into<String>) -> Self {
            self.data.rare_mut().room_preset = Some(preset.into());
            self
        }

        /// Sets the base64 SHA-256 of a webhook body.
        pub fn $sha256(mut self, sha256: impl Into<String>) -> Self {
            self.data.rare_mut().sha256 = Some(sha256.into());
            self
        }
    };
}
pub(crate) use value_setters;

/// The grant setters both token builders share: each merges into the grant already there.
macro_rules! service_grant_setters {
    () => {
        $crate::builder::setters::service_grant_setters!(@merging
            /// Adds a SIP grant; a second one merges into the first.
            add_sip_grants(SipGrant) => sip, Sip;
            /// Adds the top-level `agent` grant; a second one merges into the first.
            add_agent_grants(AgentGrant) => agent, Agent;
            /// Adds an agent endpoint grant; a second one merges into the first only if it
            /// names the same agent and deployment (or both none), else minting refuses it
            /// ([`TokenError::ConflictingScopes`](crate::TokenError::ConflictingScopes)).
            add_agent_endpoint_grants(AgentEndpointGrant) => agent_endpoint, AgentEndpoint;
            /// Adds an agent thread grant; a second one merges into the first only if it
            /// names the same `all`, scope and threads (in any order), else minting refuses
            /// it ([`TokenError::ConflictingScopes`](crate::TokenError::ConflictingScopes)):
            /// merged, one grant's permissions would reach the other's threads.
            add_agent_thread_grants(AgentThreadGrant) => agent_thread, AgentThread;
            /// Adds an `inference` grant; a second one merges into the first.
            add_inference_grants(InferenceGrant) => inference, Inference;
            /// Adds an `observability` grant; a second one merges into the first.
            add_observability_grants(ObservabilityGrant) => observability, Observability;
        );

        /// Lets the room configuration carry storage or stream credentials. The token is a bearer
        /// credential readable by its holder: only do this for tokens that stay server-side.
        pub fn allow_sensitive_credentials_in_room_config(mut self) -> Self {
            self.data.allow_sensitive_credentials = true;
            self
        }

        /// Lets grants and the room configuration (its agent dispatches too) carry members
        /// this crate does not know (their `extra`), written as given: for a member a LiveKit
        /// server newer than this crate reads. Without it, minting refuses one
        /// ([`TokenError::UnknownMember`](crate::TokenError::UnknownMember)): the server
        /// ignores a member it does not read, so a misspelt permission or room setting
        /// (`can_publish`, `canPublsh`, a room's `max_participant`) would not apply.
        pub fn allow_unknown_members(mut self) -> Self {
            self.data.allow_unknown_members = true;
            self
        }
    };
    (@merging $($(#[$doc:meta])* $method:ident($grant:ident) => $field:ident, $variant:ident;)+) => {$(
        $(#[$doc])*
        pub fn $method(mut self, grant: $crate::wire::$grant) -> Self {
            let rare = self.data.rare_mut();
            if rare.$field.as_ref().is_some_and(|first| {
                $crate::wire::MergeTarget::target_differs(first, &grant)
            }) {
                self.data.scope_conflict.get_or_insert($crate::error::Field::$variant);
            }
            $crate::mint::data::merge_into!(self.data.rare_mut().$field, grant);
            self
        }
    )+};
}
pub(crate) use service_grant_setters;

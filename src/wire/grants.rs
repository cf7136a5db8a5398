//! Grants that join no room: SIP, agents, inference, observability. Each table is its
//! grant's rows (see the [module docs](super) for the row syntax).

use std::collections::BTreeSet;

use super::wire_object;

wire_object!([grant setters]
    /// The `sip` grant: manage SIP trunks and dispatch rules, or make SIP calls.
    ///
    /// ```
    /// let sip = livekit_access_token::SipGrant::new().admin(true).call(true);
    /// assert_eq!(sip.admin, Some(true));
    /// ```
    SipGrant / SipMember {
        /// Manage SIP trunks and dispatch rules.
        admin, Admin: flag = "admin";
        /// Make outbound SIP calls.
        call, Call: flag = "call";
    }
);

wire_object!([grant setters]
    /// The top-level `agent` grant (not `video.agent`): administer LiveKit Agents.
    AgentGrant / AgentMember {
        /// Administer agents.
        admin, Admin: flag = "admin";
        /// Administer agent simulations.
        simulation_admin, SimulationAdmin: flag = "simulationAdmin";
        /// Administer agent databases (LiveKit's protocol 1.51 and later; older servers
        /// ignore it).
        database_admin, DatabaseAdmin: flag = "databaseAdmin";
        /// Administer agent dispatch (LiveKit's protocol 1.52 and later; older servers
        /// ignore it).
        dispatch_admin, DispatchAdmin: flag = "dispatchAdmin";
    }
);

wire_object!([grant setters]
    /// The `agentEndpoint` grant: call an agent endpoint. New in LiveKit's protocol after
    /// release 1.52.1: a server on a release without it ignores it, and the token then
    /// grants nothing here.
    AgentEndpointGrant / AgentEndpointMember {
        /// Call the endpoint.
        call, Call: flag = "call";
        /// The agent whose endpoints may be called; absent, every agent (minting refuses an
        /// empty one, which reads the same).
        agent_name, AgentName: text = "agentName";
        /// The deployment whose endpoints may be called; absent, every deployment (minting
        /// refuses an empty one, which reads the same).
        deployment, Deployment: text = "deployment";
    }
);

wire_object!([grant setters]
    /// The `agentThread` grant: access agent conversation threads. New in LiveKit's
    /// protocol after release 1.52.1: a server on a release without it ignores it.
    AgentThreadGrant / AgentThreadMember {
        /// Every thread.
        all, All: flag = "all";
        /// The scope of the grant.
        scope, Scope: text = "scope";
        /// The threads it covers.
        thread_ids, ThreadIds: texts = "threadIds";
        /// List threads.
        list, List: flag = "list";
        /// Create threads.
        create, Create: flag = "create";
        /// Write to threads.
        write, Write: flag = "write";
        /// Read threads.
        read, Read: flag = "read";
        /// Delete threads.
        delete, Delete: flag = "delete";
    }
);

/// A text member that limits a grant: absent or empty means no limit.
fn unset_or(limit: Option<&str>, value: &str) -> bool {
    limit.is_none_or(|limit| limit.is_empty() || limit == value)
}

impl AgentEndpointGrant {
    /// The reading the official SDKs give: whether the bearer may call the endpoints of
    /// agent `agent_name` in `deployment`. Needs `call`; an absent or empty `agentName`
    /// or `deployment` covers every agent or deployment, a set one only that one (exactly,
    /// case included).
    ///
    /// ```
    /// use livekit_access_token::AgentEndpointGrant;
    /// let grant = AgentEndpointGrant::new().call(true).agent_name("support-bot");
    /// assert!(grant.effective_can_call("support-bot", "production"));
    /// assert!(!grant.effective_can_call("billing-bot", "production"));
    /// ```
    pub fn effective_can_call(&self, agent_name: &str, deployment: &str) -> bool {
        self.call == Some(true)
            && unset_or(self.agent_name.as_deref(), agent_name)
            && unset_or(self.deployment.as_deref(), deployment)
    }
}

impl AgentThreadGrant {
    /// Whether `scope` is covered: `all`, or a `scope` set to exactly this one.
    fn in_scope(&self, scope: &str) -> bool {
        self.all == Some(true)
            || self
                .scope
                .as_deref()
                .is_some_and(|s| !s.is_empty() && s == scope)
    }

    /// Whether the non-empty `thread_id` is covered: `all`, or listed in `threadIds`.
    fn covers(&self, thread_id: &str) -> bool {
        !thread_id.is_empty()
            && (self.all == Some(true)
                || self.thread_ids.iter().flatten().any(|id| id == thread_id))
    }

    /// The official SDKs' reading: may create threads in `scope` (`create`, and `all` or
    /// that `scope`).
    ///
    /// ```
    /// use livekit_access_token::AgentThreadGrant;
    /// let grant = AgentThreadGrant::new().scope("support").create(true).read(true).thread_ids(["t1"]);
    /// assert!(grant.effective_can_create("support") && !grant.effective_can_create("billing"));
    /// assert!(grant.effective_can_read("t1") && !grant.effective_can_read("t2"));
    /// assert!(!grant.effective_can_write("t1"), "write is not granted");
    /// ```
    pub fn effective_can_create(&self, scope: &str) -> bool {
        self.create == Some(true) && self.in_scope(scope)
    }

    /// May list the threads of `scope` (`list`, and `all` or that `scope`).
    pub fn effective_can_list(&self, scope: &str) -> bool {
        self.list == Some(true) && self.in_scope(scope)
    }

    /// May update threads as a whole: `all` and `write` (a grant for listed threads or a
    /// scope does not).
    pub fn effective_can_update(&self) -> bool {
        self.all == Some(true) && self.write == Some(true)
    }

    /// May read thread `thread_id` (`read`, and `all` or the thread in `threadIds`; never
    /// an empty id).
    pub fn effective_can_read(&self, thread_id: &str) -> bool {
        self.read == Some(true) && self.covers(thread_id)
    }

    /// May write to thread `thread_id` (`write`, and `all` or the thread in `threadIds`).
    pub fn effective_can_write(&self, thread_id: &str) -> bool {
        self.write == Some(true) && self.covers(thread_id)
    }

    /// May delete thread `thread_id` (`delete`, and `all` or the thread in `threadIds`).
    pub fn effective_can_delete(&self, thread_id: &str) -> bool {
        self.delete == Some(true) && self.covers(thread_id)
    }
}

wire_object!([grant setters]
    /// The `inference` grant: call LiveKit Inference.
    InferenceGrant / InferenceMember {
        /// Perform inference.
        perform, Perform: flag = "perform";
    }
);

wire_object!([grant setters]
    /// The `observability` grant: write observability data.
    ObservabilityGrant / ObservabilityMember {
        /// Write observability data.
        write, Write: flag = "write";
    }
);

/// What a second grant of one kind must match to merge into the first. The permissions of
/// an agent endpoint or thread grant apply to what it names (its target), so two grants
/// naming different targets, or one naming none, cannot become one grant without a
/// permission reaching a target it was not given for; the other grants name none.
pub(crate) trait MergeTarget {
    /// Whether `later` names another target than `self`.
    fn target_differs(&self, _later: &Self) -> bool {
        false
    }
}

impl MergeTarget for SipGrant {}
impl MergeTarget for AgentGrant {}
impl MergeTarget for InferenceGrant {}
impl MergeTarget for ObservabilityGrant {}

impl MergeTarget for AgentEndpointGrant {
    fn target_differs(&self, later: &Self) -> bool {
        (&self.agent_name, &self.deployment) != (&later.agent_name, &later.deployment)
    }
}

impl MergeTarget for AgentThreadGrant {
    /// `all`, the scope and the threads (in any order) together: `all` covers every scope
    /// and thread, a scope is what `list` and `create` reach, the threads what `read`,
    /// `write` and `delete` do.
    fn target_differs(&self, later: &Self) -> bool {
        fn target(grant: &AgentThreadGrant) -> (bool, Option<&str>, Option<BTreeSet<&str>>) {
            let threads = grant
                .thread_ids
                .as_ref()
                .map(|ids| ids.iter().map(String::as_str).collect());
            (grant.all == Some(true), grant.scope.as_deref(), threads)
        }
        target(self) != target(later)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_merge_and_emptiness_follow_the_table() {
        let thread = AgentThreadGrant::new()
            .all(false)
            .scope("s")
            .thread_ids(["t1", "t2"])
            .read(true);
        assert_eq!(
            serde_json::to_string(&thread).unwrap(),
            r#"{"scope":"s","threadIds":["t1","t2"],"read":true}"#
        );
        let mut sip = SipGrant::new().admin(true);
        sip.merge(SipGrant::new().call(true).admin(false));
        assert_eq!((sip.admin, sip.call), (Some(false), Some(true)));
        assert!(!sip.is_empty());
        assert!(
            SipGrant::new().admin(false).is_empty(),
            "false is not written"
        );
        let endpoint: AgentEndpointGrant =
            serde_json::from_str(r#"{"agentName":"bot","call":true,"other":1}"#).unwrap();
        assert_eq!(endpoint.agent_name.as_deref(), Some("bot"));
        assert_eq!(endpoint.extra.len(), 1);
    }

    #[test]
    fn a_grant_that_is_not_an_object_says_what_was_expected() {
        let err = serde_json::from_str::<SipGrant>("[true]").unwrap_err();
        assert!(err.to_string().contains("expected a JSON object"), "{err}");
    }
}

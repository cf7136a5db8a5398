//! Grants that join no room: SIP, agents, inference, observability. Each table is its
//! grant's rows (see the [module docs](super) for the row syntax).

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
        /// Administer agent databases.
        database_admin, DatabaseAdmin: flag = "databaseAdmin";
        /// Administer agent dispatch.
        dispatch_admin, DispatchAdmin: flag = "dispatchAdmin";
    }
);

wire_object!([grant setters]
    /// The `agentEndpoint` grant: call an agent endpoint.
    AgentEndpointGrant / AgentEndpointMember {
        /// Call the endpoint.
        call, Call: flag = "call";
        /// The agent's name.
        agent_name, AgentName: text = "agentName";
        /// The deployment.
        deployment, Deployment: text = "deployment";
    }
);

wire_object!([grant setters]
    /// The `agentThread` grant: access agent conversation threads.
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
}

//! [`TokenSourcePolicy`]: what the server lets a client ask for, and what it grants.

use std::collections::BTreeSet;
use std::time::Duration;

use super::names::{IDENTITY_PREFIX, ROOM_PREFIX};
use crate::ttl::Ttl;
use crate::wire::VideoClaims;

/// Whether a client may set a field of its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum FieldRule {
    /// The client may not set it: a request that does is refused (403). An identity or
    /// room is then generated.
    #[default]
    Forbidden,
    /// The client may set it. An identity or room it leaves out is generated.
    Optional,
    /// The client must set it: a request without it is refused (400).
    Required,
}

/// Which names (of attributes, of agents) a client may use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Names {
    /// None: the client may not set any.
    #[default]
    None,
    /// Only these.
    Only(BTreeSet<String>),
    /// Any.
    Any,
}

impl Names {
    /// These names; none, as a closed field is, for an empty list.
    fn only<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        let names: BTreeSet<String> = names.into_iter().map(Into::into).collect();
        if names.is_empty() {
            Names::None
        } else {
            Names::Only(names)
        }
    }

    pub(crate) fn allows(&self, name: &str) -> bool {
        match self {
            Names::None => false,
            Names::Only(names) => names.contains(name),
            Names::Any => true,
        }
    }
}

/// What a token endpoint lets a client ask for, and what every token it mints grants: the
/// standard token endpoint ("endpoint token generation") every LiveKit client SDK's
/// endpoint `TokenSource` calls.
///
/// The client `POST`s a JSON [`TokenSourceRequest`](crate::TokenSourceRequest) (protocol's
/// `livekit.TokenSourceRequest`): `room_name`, `participant_identity`, `participant_name`,
/// `participant_metadata`, `participant_attributes` and `room_config`, all optional, agent
/// dispatch in `room_config.agents`. The endpoint answers `201 Created` (the status
/// LiveKit's documentation gives; the client SDKs take any success) with a
/// [`TokenSourceResponse`](crate::TokenSourceResponse), `{"server_url": ..,
/// "participant_token": ..}`. For a field the client may not set it answers with a 4xx
/// ([`TokenSourceError::status`](crate::TokenSourceError::status)).
///
/// A policy starts closed: [`new`](Self::new) lets a client set nothing, generates the
/// identity and the room, and grants joining that room with the server's default
/// permissions (publish, subscribe, publish data) for 15 minutes, as LiveKit's starter
/// endpoint does. Each `allow_*` or rule opens one thing. Whatever the policy, a client
/// never sets the grant, the kind, the TTL or any claim the request has no field for, never
/// sends credentials in `room_config.egress`, and never sets a member of `room_config` this
/// crate does not know.
///
/// Nothing here depends on a web framework: read the raw body with
/// [`TokenSourceRequest::from_json`](crate::TokenSourceRequest::from_json) (the request
/// has no `Deserialize` for your framework's JSON extractor; see there why), answer with
/// [`TokenSourceResponse::to_json`](crate::TokenSourceResponse::to_json).
///
/// ```
/// use livekit_access_token::{Credentials, FieldRule, TokenSourcePolicy, TokenSourceRequest};
///
/// /// One endpoint call: the status and the body to answer with.
/// fn token_endpoint(policy: &TokenSourcePolicy, creds: &Credentials, body: &[u8]) -> (u16, String) {
///     let answer = TokenSourceRequest::from_json(body)
///         .and_then(|request| policy.respond(creds, request, "wss://my.livekit.cloud"));
///     match answer {
///         Ok(response) => (201, response.to_json()),
///         // A 5xx is the server's own setup (a TTL under a second): log it, and tell
///         // the client no more.
///         Err(e) if e.status() >= 500 => {
///             eprintln!("token not issued: {e}");
///             (e.status(), r#"{"error":"token not issued"}"#.into())
///         }
///         Err(e) => (e.status(), serde_json::json!({ "error": e.to_string() }).to_string()),
///     }
/// }
///
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let policy = TokenSourcePolicy::new()
///     .room(FieldRule::Optional)
///     .name(FieldRule::Optional)
///     .allow_agents(["support-bot"])
///     .ttl(std::time::Duration::from_secs(10 * 60));
///
/// // What livekit-client's TokenSource.endpoint posts for an agent session:
/// let body = br#"{"room_name":"consult-42","participant_name":"Ada",
///     "room_config":{"agents":[{"agent_name":"support-bot"}]}}"#;
/// let (status, answer) = token_endpoint(&policy, &creds, body);
/// assert_eq!(status, 201);
/// assert!(answer.starts_with(r#"{"server_url":"wss://my.livekit.cloud","participant_token":"#));
///
/// // Granting oneself more is not among the fields: refused, whatever the policy.
/// let (status, _) = token_endpoint(&policy, &creds, br#"{"room_name":"r","video":{"roomAdmin":true}}"#);
/// assert_eq!(status, 400);
/// // An agent the policy does not offer, or an identity it does not let clients choose:
/// let (status, _) = token_endpoint(&policy, &creds, br#"{"room_config":{"agents":[{"agent_name":"admin-bot"}]}}"#);
/// assert_eq!(status, 403);
/// let (status, _) = token_endpoint(&policy, &creds, br#"{"participant_identity":"dr-ada"}"#);
/// assert_eq!(status, 403);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The request says what a client *asks for*; who the client is, and whether it may be in
/// the room it names, is the server's to decide first. Authenticate every request (the
/// LiveKit documentation asks for header-based authentication) and take the identity from
/// your session where you have one
/// ([`PermittedRequest::into_token`](crate::PermittedRequest::into_token), then
/// `set_identity`). Where the callers are your own apps,
/// [`EndpointSecret`](crate::EndpointSecret) checks a shared `Authorization: Bearer` secret
/// in constant time. The repository's `examples/token-server` is an endpoint built on this
/// type.
#[derive(Debug, Clone)]
pub struct TokenSourcePolicy {
    pub(crate) identity: FieldRule,
    pub(crate) name: FieldRule,
    pub(crate) room: FieldRule,
    pub(crate) metadata: bool,
    pub(crate) attributes: Names,
    pub(crate) agents: Names,
    pub(crate) agent_attributes: Names,
    pub(crate) agent_metadata: bool,
    pub(crate) agent_deployments: Names,
    pub(crate) max_agents: usize,
    pub(crate) room_settings: bool,
    pub(crate) room_egress: bool,
    pub(crate) grant: VideoClaims,
    pub(crate) ttl: Ttl,
    pub(crate) identity_prefix: String,
    pub(crate) room_prefix: String,
}

impl Default for TokenSourcePolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// Builder-style setters of [`TokenSourcePolicy`], one row each:
/// `name[generics](arguments) => field = value;`.
macro_rules! setters {
    ($(
        $(#[$doc:meta])*
        $name:ident $([$($generics:tt)*])? ($($arg:ident: $ty:ty),*) => $field:ident = $value:expr;
    )+) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $name $(<$($generics)*>)? (mut self, $($arg: $ty),*) -> Self {
            self.$field = $value;
            self
        }
    )+};
}

impl TokenSourcePolicy {
    /// The closed policy described [above](Self).
    pub fn new() -> Self {
        let mut grant = VideoClaims::new();
        grant.can_publish = Some(true);
        grant.can_subscribe = Some(true);
        grant.can_publish_data = Some(true);
        TokenSourcePolicy {
            identity: FieldRule::Forbidden,
            name: FieldRule::Forbidden,
            room: FieldRule::Forbidden,
            metadata: false,
            attributes: Names::None,
            agents: Names::None,
            agent_attributes: Names::None,
            agent_metadata: false,
            agent_deployments: Names::None,
            max_agents: 1,
            room_settings: false,
            room_egress: false,
            grant,
            ttl: Ttl::from_secs(15 * 60),
            identity_prefix: IDENTITY_PREFIX.to_owned(),
            room_prefix: ROOM_PREFIX.to_owned(),
        }
    }

    setters! {
        /// Whether the client may set `participant_identity`. Where the identity comes from
        /// the server's own authentication, keep it `Forbidden` and set it on the token
        /// ([`PermittedRequest::into_token`](crate::PermittedRequest::into_token), then
        /// `set_identity`).
        identity(rule: FieldRule) => identity = rule;
        /// Whether the client may set `participant_name`. None is generated.
        name(rule: FieldRule) => name = rule;
        /// Whether the client may set `room_name`. A client that may choose the room may join
        /// any room it can name: check the room against your own records where that matters.
        room(rule: FieldRule) => room = rule;
        /// Lets the client set `participant_metadata` (at most the server's 512 KiB).
        allow_metadata() => metadata = true;
        /// Lets the client set participant attributes with these keys only. Other
        /// participants and agents read attributes: never let a client set one they trust
        /// (a role, a verified flag).
        allow_attributes[S: Into<String>](keys: impl IntoIterator<Item = S>)
            => attributes = Names::only(keys);
        /// Lets the client set any participant attribute.
        allow_any_attributes() => attributes = Names::Any;
        /// Lets the client dispatch these agents (`room_config.agents`, what client SDKs send
        /// for an agent session): each dispatch names the agent, and carries its job
        /// metadata, deployment and attributes only as far as
        /// [`allow_agent_metadata`](Self::allow_agent_metadata),
        /// [`allow_agent_deployments`](Self::allow_agent_deployments) and
        /// [`allow_agent_attributes`](Self::allow_agent_attributes) let it; a restart policy
        /// other than the default `JRP_ON_FAILURE`, or an unknown member, is refused.
        allow_agents[S: Into<String>](agent_names: impl IntoIterator<Item = S>)
            => agents = Names::only(agent_names);
        /// Lets the client dispatch any agent, as [`allow_agents`](Self::allow_agents) does
        /// for named ones. An agent may act with more rights than the client: prefer naming them.
        allow_any_agent() => agents = Names::Any;
        /// Lets a dispatch carry attributes of the agent participant with these keys only
        /// (`room_config.agents[].attributes`, the protocol's `RoomAgentDispatch.attributes`,
        /// which a client SDK sends where its app sets agent attributes, as a client of your
        /// own may); the agents themselves still need
        /// [`allow_agents`](Self::allow_agents). Like participant attributes, others read
        /// them: never let a client set one they trust. An empty map asks for nothing.
        allow_agent_attributes[S: Into<String>](keys: impl IntoIterator<Item = S>)
            => agent_attributes = Names::only(keys);
        /// Lets a dispatch carry any attribute of the agent participant, including the
        /// `lk.`-prefixed ones LiveKit's own SDKs set and read (an agent's state): prefer
        /// naming the keys.
        allow_any_agent_attributes() => agent_attributes = Names::Any;
        /// Lets a dispatch carry the agent's job metadata (`room_config.agents[].metadata`).
        /// The agent reads it as its job's context (a case to work on, a number to call):
        /// open it only to an agent that trusts nothing in it.
        allow_agent_metadata() => agent_metadata = true;
        /// Lets a dispatch name one of these deployments of its agent
        /// (`room_config.agents[].deployment`, LiveKit Cloud): which version of the agent
        /// answers, a staging one included, is otherwise the server's to choose.
        allow_agent_deployments[S: Into<String>](deployments: impl IntoIterator<Item = S>)
            => agent_deployments = Names::only(deployments);
        /// Lets a dispatch name any deployment of its agent, as
        /// [`allow_agent_deployments`](Self::allow_agent_deployments) does for named ones.
        allow_any_agent_deployment() => agent_deployments = Names::Any;
        /// How many agents one request may dispatch; 1 by default (client SDKs send one).
        max_agents(max: usize) => max_agents = max;
        /// Lets the client set the room's settings in `room_config`: timeouts, the
        /// participant limit, room metadata, playout delays, stream sync and tags. They take
        /// effect when the token's join creates the room.
        allow_room_settings() => room_settings = true;
        /// Lets the client set `room_config.egress`: the room is recorded where the client
        /// says, on your account. Refused even so: credentials, a page to record
        /// (`custom_base_url`, which egress opens with a token for the room, hidden from its
        /// participants) and `webhooks` (where egress sends its events).
        allow_room_egress() => room_egress = true;
        /// The video grant every token carries; its room and room join are set for each
        /// request (the room asked for or generated, and `true`). `canUpdateOwnMetadata` lets
        /// the participant change its name, metadata and attributes once joined, past what
        /// this policy allows in the request.
        grant(grant: VideoClaims) => grant = grant;
        /// How long each token is valid; 15 minutes by default. Counted in whole seconds, as a
        /// token's dates are: under one second, every mint fails with
        /// [`TokenError::ZeroTtl`](crate::TokenError::ZeroTtl) (status 500).
        ttl(ttl: Duration) => ttl = Ttl::from(ttl);
    }

    /// The prefixes of generated identities and room names (default `voice_assistant_user_`
    /// and `voice_assistant_room_`, as LiveKit's starter endpoint names them); 16
    /// hexadecimal digits follow.
    #[must_use]
    pub fn generated_name_prefixes(
        mut self,
        identity: impl Into<String>,
        room: impl Into<String>,
    ) -> Self {
        self.identity_prefix = identity.into();
        self.room_prefix = room.into();
        self
    }
}

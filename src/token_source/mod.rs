//! The standard token endpoint ("endpoint token generation"), as types: what every LiveKit
//! client SDK's endpoint `TokenSource` posts, what it expects back, and a policy that turns
//! the one into the other.
//!
//! The client `POST`s a JSON [`TokenSourceRequest`] (protocol's
//! `livekit.TokenSourceRequest`): `room_name`, `participant_identity`, `participant_name`,
//! `participant_metadata`, `participant_attributes` and `room_config`, all optional, agent
//! dispatch in `room_config.agents`. The endpoint answers `201 Created` with a
//! [`TokenSourceResponse`], `{"server_url": .., "participant_token": ..}`. For a field the
//! client may not set it answers with a 4xx ([`TokenSourceError::status`]).
//!
//! A [`TokenSourcePolicy`] is what the server allows. It starts closed (the client sets
//! nothing; identity and room are generated) and each call opens one thing; the grant, the
//! TTL and everything the request has no field for are the server's alone. Nothing here
//! depends on a web framework: read the body with [`TokenSourceRequest::from_json`] (or
//! your framework's JSON extractor: the types implement serde), answer with
//! [`TokenSourceResponse::to_json`].
//!
//! ```
//! use livekit_access_token::{Credentials, FieldRule, TokenSourcePolicy, TokenSourceRequest};
//!
//! /// One endpoint call: the status and the body to answer with.
//! fn token_endpoint(policy: &TokenSourcePolicy, creds: &Credentials, body: &[u8]) -> (u16, String) {
//!     let answer = TokenSourceRequest::from_json(body)
//!         .and_then(|request| policy.respond(creds, request, "wss://my.livekit.cloud"));
//!     match answer {
//!         Ok(response) => (201, response.to_json()),
//!         // A 5xx is the server's own setup (a TTL under a second): log it, and tell
//!         // the client no more.
//!         Err(e) if e.status() >= 500 => {
//!             eprintln!("token not issued: {e}");
//!             (e.status(), r#"{"error":"token not issued"}"#.into())
//!         }
//!         Err(e) => (e.status(), serde_json::json!({ "error": e.to_string() }).to_string()),
//!     }
//! }
//!
//! let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
//! let policy = TokenSourcePolicy::new()
//!     .room(FieldRule::Optional)
//!     .name(FieldRule::Optional)
//!     .allow_agents(["support-bot"]);
//!
//! // What livekit-client's TokenSource.endpoint posts for an agent session:
//! let body = br#"{"room_name":"consult-42","participant_name":"Ada",
//!     "room_config":{"agents":[{"agent_name":"support-bot"}]}}"#;
//! let (status, answer) = token_endpoint(&policy, &creds, body);
//! assert_eq!(status, 201);
//! assert!(answer.starts_with(r#"{"server_url":"wss://my.livekit.cloud","participant_token":"#));
//!
//! // Granting oneself more is not among the fields: refused, whatever the policy.
//! let (status, _) = token_endpoint(&policy, &creds, br#"{"room_name":"r","video":{"roomAdmin":true}}"#);
//! assert_eq!(status, 400);
//! // An agent the policy does not offer, or an identity it does not let clients choose:
//! let (status, _) = token_endpoint(&policy, &creds, br#"{"room_config":{"agents":[{"agent_name":"admin-bot"}]}}"#);
//! assert_eq!(status, 403);
//! let (status, _) = token_endpoint(&policy, &creds, br#"{"participant_identity":"dr-ada"}"#);
//! assert_eq!(status, 403);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The request says what a client *asks for*; who the client is, and whether it may be in
//! the room it names, is the server's to decide first. Authenticate every request (the
//! LiveKit documentation asks for header-based authentication) and take the identity from
//! your session where you have one ([`PermittedRequest::into_token`], then
//! `set_identity`). Where the callers are your own apps, [`EndpointSecret`] checks a
//! shared `Authorization: Bearer` secret in constant time. `examples/token-server` is an
//! endpoint built on this module.

mod auth;
mod check;
mod error;
mod names;
mod policy;
mod proto3;
mod request;
mod response;

pub use auth::EndpointSecret;
pub use check::PermittedRequest;
pub use error::TokenSourceError;
pub use policy::{FieldRule, TokenSourcePolicy};
pub use request::{RequestField, TokenSourceRequest};
pub use response::TokenSourceResponse;

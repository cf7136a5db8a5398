#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The layers, each importing only those above it in this list: `env_vars`, `error`,
// `clock` and `ttl` (shared by all), `wire` (the vocabulary), `codec` (encoders),
// `credentials`, `mint` (checks, payload, signing), `builder` (the two token builders),
// `token_source` (the standard token endpoint, on the runtime builder), `verify`. Minting
// never imports the verifier, and the verifier never imports a builder or the endpoint.
mod clock;
mod codec;
mod credentials;
mod env_vars;
pub mod error;
mod ttl;
mod wire;

mod mint;

mod builder;

mod token_source;

mod verify;

pub use builder::state;
pub use builder::{AccessToken, RoomJoinToken, RuntimeCheckedToken, VideoGrant};
pub use clock::{Clock, FixedClock, SystemClock};
pub use credentials::{ApiSecret, Credentials, MIN_SECRET_LEN, SecretSource};
pub use error::{CredentialsError, Field, TokenError, UnknownValue};
pub use mint::checks::limits;
pub use token_source::{
    EndpointSecret, FieldRule, PermittedRequest, RequestField, TokenSourceError, TokenSourcePolicy,
    TokenSourceRequest, TokenSourceResponse,
};
pub use ttl::Ttl;
pub use verify::{
    DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_BYTES, KeyRing, MAX_LEEWAY, MIN_MAX_TOKEN_BYTES, Malformed,
    RoomJoinClaims, TokenPart, TokenVerifier, VerifierConfigError, VerifyError, WebhookError,
    WebhookEvent, WebhookReceiver, dangerous,
};
pub use wire::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, Claims, InferenceGrant, IsKindDetail,
    IsParticipantKind, IsTrackSource, JobRestartPolicy, KindDetail, ObservabilityGrant,
    ParticipantKind, RoomAgentDispatch, RoomConfiguration, SipGrant, TrackSource,
    UnrecognizedPolicy, VideoClaims,
};

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// Re-exported so callers can reach the one way out of an [`ApiSecret`].
pub use secrecy::ExposeSecret;

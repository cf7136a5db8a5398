#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod b64;
mod claims;
mod claims_from_map;
mod clock;
mod credentials;
pub mod error;
mod grants;
mod json_string;
mod keys;
mod kinds;
mod literal;
mod mac;
mod mint;
mod payload;
mod runtime;
mod secret;
mod sign;
mod sink;
pub mod state;
mod text;
mod token;
mod ttl;
mod verify;

pub use claims::Claims;
pub use clock::{Clock, FixedClock, SystemClock};
pub use credentials::{Credentials, MIN_SECRET_LEN};
pub use error::{CredentialsError, Field, TokenError, UnknownValue};
pub use grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, JobRestartPolicy,
    ObservabilityGrant, RoomAgentDispatch, RoomConfiguration, SipGrant, VideoClaims, VideoGrant,
};
pub use kinds::{
    IsKindDetail, IsParticipantKind, IsTrackSource, KindDetail, ParticipantKind, TrackSource,
};
pub use mint::limits;
pub use runtime::RuntimeCheckedToken;
pub use secret::ApiSecret;
pub use token::{AccessToken, RoomJoinToken};
pub use ttl::Ttl;
pub use verify::webhook::{WebhookError, WebhookEvent, WebhookReceiver};
pub use verify::{
    DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_BYTES, KeyRing, MAX_LEEWAY, MIN_MAX_TOKEN_BYTES, Malformed,
    RoomJoinClaims, TokenPart, TokenVerifier, VerifierConfigError, VerifyError, dangerous,
};

#[doc(hidden)]
pub use verify::__private;

/// Re-exported so callers can reach the one way out of an [`ApiSecret`].
pub use secrecy::ExposeSecret;

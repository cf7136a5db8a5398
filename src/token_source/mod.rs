//! The standard token endpoint ("endpoint token generation") as types: the request every
//! LiveKit client SDK's endpoint `TokenSource` posts, the response it expects, and the
//! policy between them. The guide, for users, is on [`TokenSourcePolicy`].

mod auth;
mod check;
mod error;
mod names;
mod permitted;
mod policy;
mod proto3;
mod request;
mod response;

pub use auth::EndpointSecret;
pub use error::TokenSourceError;
pub use permitted::PermittedRequest;
pub use policy::{FieldRule, TokenSourcePolicy};
pub use request::{RequestField, TokenSourceRequest};
pub use response::TokenSourceResponse;

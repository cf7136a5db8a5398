//! Why a token request was refused, and the HTTP status that says so.

use super::RequestField;
use crate::error::{ECHO_CHARS, TokenError};

/// A token request the policy refuses, or a token that could not be minted.
///
/// [`status`](Self::status) is the HTTP status to answer with (the endpoint documentation
/// asks for a 4xx when a client sets a field it may not); the message says what to change
/// and is meant for the client. None holds a secret or a token; a value the client sent
/// is echoed with at most 64 of its characters, and `…` where it was cut.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenSourceError {
    /// The body is not a token request: not JSON, a value of the wrong type, an unknown
    /// field, or a field given twice. Status 400.
    #[error(
        "the body is not a token request ({reason}): send one JSON object of {}, each of the type LiveKit's TokenSourceRequest gives it, all optional",
        request_fields()
    )]
    Malformed {
        /// What the JSON reader found.
        reason: String,
    },
    /// The request sets something this endpoint does not let clients set (a field, a
    /// room setting, a member of an agent dispatch, or one this crate does not know), or
    /// chooses where egress sends a token or its events (`custom_base_url`, `webhooks`),
    /// which no policy lets a client do. Status 403.
    #[error("this endpoint does not let clients set {field}: leave it out of the request")]
    Forbidden {
        /// Its path in the request, in proto names (`room_config.egress`).
        field: String,
    },
    /// A field this endpoint requires is absent or empty. Status 400.
    #[error("this endpoint needs {field}: send a non-empty {field}")]
    Missing {
        /// The field.
        field: RequestField,
    },
    /// A participant attribute this endpoint does not let clients set. Status 403.
    #[error(
        "this endpoint does not let clients set the participant attribute {key:?}: leave it out"
    )]
    AttributeNotAllowed {
        /// The attribute's key.
        key: String,
    },
    /// An attribute of a dispatched agent this endpoint does not let clients set.
    /// Status 403.
    #[error("this endpoint does not let clients set the agent attribute {key:?}: leave it out")]
    AgentAttributeNotAllowed {
        /// The attribute's key.
        key: String,
    },
    /// An agent this endpoint does not let clients dispatch. Status 403.
    #[error(
        "this endpoint does not dispatch agent {agent_name:?} for clients: ask for an agent it offers"
    )]
    AgentNotAllowed {
        /// The agent's name (empty when the dispatch names none).
        agent_name: String,
    },
    /// A deployment of an agent this endpoint does not let clients choose. Status 403.
    #[error(
        "this endpoint does not dispatch deployment {deployment:?} of an agent for clients: ask for a deployment it offers, or leave it out"
    )]
    AgentDeploymentNotAllowed {
        /// The deployment asked for.
        deployment: String,
    },
    /// More agent dispatches than this endpoint allows. Status 403.
    #[error(
        "the request dispatches {count} agents and this endpoint dispatches at most {max}: ask for fewer"
    )]
    TooManyAgents {
        /// How many the request asks for.
        count: usize,
        /// How many the policy allows.
        max: usize,
    },
    /// `room_config.name` names another room than the one the token joins (the server
    /// ignores it, so the client would not get what it asked for). Status 400.
    #[error(
        "room_config.name is not the room the token joins ({room:?}): leave room_config.name out"
    )]
    RoomConfigName {
        /// The room the token joins (its first 64 characters, then `…` if it is longer).
        room: String,
    },
    /// `room_config.egress` carries storage or stream credentials, which anyone holding
    /// the token could read; never accepted from a client, whatever the policy. Status 403.
    #[error(
        "room_config carries credentials at `{path}`: a client must not send storage or stream credentials; remove them"
    )]
    SensitiveCredentials {
        /// The credential's path in the request (`room_config.egress.room.s3.secret`; `…`,
        /// then its last 64 characters, if it is longer), member names escaped.
        path: String,
    },
    /// The server URL given to [`respond`](super::PermittedRequest::respond) is not one a
    /// client SDK connects to: `wss://`, `ws://`, `https://` or `http://`, then a host, and
    /// no user info (`user:password@`, which every client would be sent). Status 500: the
    /// server's setup.
    #[error(
        "the server URL {url:?} is not a LiveKit server URL: give the one clients connect to, such as wss://my.livekit.cloud (your LIVEKIT_URL)"
    )]
    ServerUrl {
        /// The URL given (its first 64 characters, then `…` if it is longer), any user info
        /// shown as `…`.
        url: String,
    },
    /// A value the client sent is over the LiveKit server's limits (an identity over 256
    /// bytes) or one it cannot read (an egress that is not an object), found by
    /// [`check`](super::TokenSourcePolicy::check). Status 400.
    #[error(transparent)]
    Token(TokenError),
    /// The server's own setup stopped the token: its policy (a grant LiveKit would not read,
    /// a TTL under one second, a generated name over the limits), what it added through
    /// [`into_token`](super::PermittedRequest::into_token) (its own identity for the user),
    /// or its clock. A `TokenError` converted with `?` lands here: what the client sent
    /// passed `check`. Status 500: the message is for the server's log, not for the client.
    #[error("the server could not mint the token: {0}")]
    Setup(#[from] TokenError),
}

impl TokenSourceError {
    /// The HTTP status to answer with: 400 for a request that is malformed, misses what the
    /// endpoint needs or sends a value over the server's limits, 403 for one that asks for
    /// what the policy does not give, 500 when the server's own setup failed.
    pub fn status(&self) -> u16 {
        match self {
            TokenSourceError::Malformed { .. }
            | TokenSourceError::Missing { .. }
            | TokenSourceError::RoomConfigName { .. } => 400,
            TokenSourceError::Forbidden { .. }
            | TokenSourceError::AttributeNotAllowed { .. }
            | TokenSourceError::AgentAttributeNotAllowed { .. }
            | TokenSourceError::AgentNotAllowed { .. }
            | TokenSourceError::AgentDeploymentNotAllowed { .. }
            | TokenSourceError::TooManyAgents { .. }
            | TokenSourceError::SensitiveCredentials { .. } => 403,
            TokenSourceError::Token(_) => 400,
            TokenSourceError::Setup(_) | TokenSourceError::ServerUrl { .. } => 500,
        }
    }
}

/// The fields a request may have, by proto name.
fn request_fields() -> String {
    let names: Vec<&str> = RequestField::ALL.iter().map(|f| f.proto_name()).collect();
    names.join(", ")
}

/// At most 64 characters of a path made of member names the client sent: `…`, then its
/// end, which names the member, if it is longer.
pub(crate) fn capped_path(path: &str) -> String {
    let count = path.chars().count();
    if count <= ECHO_CHARS {
        return path.to_owned();
    }
    let tail: String = path
        .chars()
        .skip(count.saturating_sub(ECHO_CHARS))
        .collect();
    format!("…{tail}")
}

/// The JSON reader's message about a body, to echo: each value it quotes (between `"` or
/// backticks) cut to 64 characters, and control characters escaped.
pub(crate) fn capped_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(256));
    let push = |out: &mut String, c: char| {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    };
    let (mut quote, mut escaped, mut run) = (None, false, 0usize);
    for c in message.chars() {
        let Some(open) = quote else {
            if c == '"' || c == '`' {
                (quote, run) = (Some(c), 0);
            }
            push(&mut out, c);
            continue;
        };
        if c == open && !escaped {
            if run > ECHO_CHARS {
                out.push('…');
            }
            quote = None;
            out.push(c);
            continue;
        }
        // A quoted string is written as Rust writes one: `\"` does not close it.
        escaped = !escaped && c == '\\' && open == '"';
        run = run.saturating_add(1);
        if run <= ECHO_CHARS {
            push(&mut out, c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Field;

    #[test]
    fn each_error_has_the_status_of_whose_fault_it_is() {
        let forbidden = TokenSourceError::Forbidden {
            field: "room_config.egress".into(),
        };
        assert_eq!(forbidden.status(), 403);
        assert!(forbidden.to_string().contains("leave it out"));
        let missing = TokenSourceError::Missing {
            field: RequestField::RoomName,
        };
        assert_eq!(missing.status(), 400);
        assert!(missing.to_string().contains("send a non-empty room_name"));
        let too_long = || TokenError::TooLong {
            field: Field::Identity,
            len: 300,
            max: 256,
        };
        assert_eq!(TokenSourceError::Token(too_long()).status(), 400);
        // Converted with `?`, a token error is the server's: the client's values passed
        // `check` before the server touched the token.
        assert_eq!(TokenSourceError::from(too_long()).status(), 500);
        assert_eq!(TokenSourceError::from(TokenError::ZeroTtl).status(), 500);
    }

    #[test]
    fn a_long_path_keeps_its_end_and_a_quoted_value_its_start() {
        let path = format!("room_config.egress.{}.secret", "k".repeat(100));
        let echoed = capped_path(&path);
        assert_eq!(echoed.chars().count(), 65);
        assert!(
            echoed.starts_with('…') && echoed.ends_with(".secret"),
            "{echoed}"
        );
        let whole = format!("{}.secret", "k".repeat(57));
        assert_eq!(capped_path(&whole), whole);
        assert_eq!(capped_path("a.b"), "a.b");
        let message = format!(
            "invalid type: string \"{}\\\"{}\", expected u32 at `{}\x1b`",
            "A".repeat(10),
            "B".repeat(300),
            "C".repeat(70)
        );
        let echoed = capped_quotes(&message);
        assert!(
            echoed.starts_with("invalid type: string \"AAAAAAAAAA\\\"BBB"),
            "{echoed}"
        );
        assert!(echoed.contains(&"B".repeat(52)) && !echoed.contains(&"B".repeat(53)));
        assert!(echoed.contains("…\", expected u32 at `"), "{echoed}");
        assert!(
            echoed.contains(&format!("{}…`", "C".repeat(64))),
            "{echoed}"
        );
        assert!(!echoed.chars().any(char::is_control), "{echoed}");
        // Exactly 64 characters are echoed whole, with nothing to say they were cut.
        let whole = format!("string \"{}\"", "D".repeat(64));
        assert_eq!(capped_quotes(&whole), whole);
        let control = capped_quotes("unknown variant `a\u{1b}[31m`, expected `b`");
        assert_eq!(control, "unknown variant `a\\u{1b}[31m`, expected `b`");
    }
}

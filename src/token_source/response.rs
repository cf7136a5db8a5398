//! The standard endpoint's answer, `livekit.TokenSourceResponse`, with its field names
//! spelt once, here.

use std::fmt;

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::TokenSourceError;
use super::request::first_time;
use crate::error::capped;
use crate::wire::from_object::{FromObject, deserialize_from_object};

/// The answer to a token request (`livekit.TokenSourceResponse`): the URL to connect to
/// and the token. Sent with status `201 Created`.
///
/// Written as `{"server_url": .., "participant_token": ..}`, the proto names the endpoint
/// documentation gives. Read under either protojson name, ignoring unknown fields; both
/// fields must be present and strings (a client SDK may read a missing one as empty). The
/// token is a bearer credential: `Debug` does not show it, and nothing here logs it.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSourceResponse {
    server_url: String,
    participant_token: String,
}

/// The response's two fields: (proto name, JSON name).
const SERVER_URL: (&str, &str) = ("server_url", "serverUrl");
const PARTICIPANT_TOKEN: (&str, &str) = ("participant_token", "participantToken");

impl TokenSourceResponse {
    /// A response carrying `participant_token`, to connect to `server_url`, which is not
    /// checked: a server answering a client builds its response with
    /// [`try_new`](Self::try_new) (or `PermittedRequest::respond`).
    pub fn new(server_url: impl Into<String>, participant_token: impl Into<String>) -> Self {
        TokenSourceResponse {
            server_url: server_url.into(),
            participant_token: participant_token.into(),
        }
    }

    /// [`new`](Self::new), refusing a server URL no client SDK connects to (not `wss://`,
    /// `ws://`, `https://` or `http://` and a host, or with user info) as
    /// [`TokenSourceError::ServerUrl`], the server's own error (500), before the client
    /// gets it.
    ///
    /// ```
    /// use livekit_access_token::TokenSourceResponse;
    /// assert!(TokenSourceResponse::try_new("wss://my.livekit.cloud", "a.jwt.token").is_ok());
    /// assert!(TokenSourceResponse::try_new("wss://:443", "a.jwt.token").is_err());
    /// ```
    pub fn try_new(
        server_url: impl Into<String>,
        participant_token: impl Into<String>,
    ) -> Result<Self, TokenSourceError> {
        let server_url = server_url.into();
        check_server_url(&server_url)?;
        Ok(Self::new(server_url, participant_token))
    }

    /// The LiveKit server's URL (`server_url`).
    pub fn server_url(&self) -> &str {
        &self.server_url
    }

    /// The token (`participant_token`).
    pub fn participant_token(&self) -> &str {
        &self.participant_token
    }

    /// The body to send: `{"server_url":"..","participant_token":".."}`.
    pub fn to_json(&self) -> String {
        // Two strings into a map: serde_json cannot fail here, and would only say so.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Shows the server URL only: the token is a credential.
impl fmt::Debug for TokenSourceResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSourceResponse")
            .field("server_url", &self.server_url)
            .field("participant_token", &"<redacted>")
            .finish()
    }
}

impl Serialize for TokenSourceResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(SERVER_URL.0, &self.server_url)?;
        map.serialize_entry(PARTICIPANT_TOKEN.0, &self.participant_token)?;
        map.end()
    }
}

deserialize_from_object!(TokenSourceResponse);

impl<'de> FromObject<'de> for TokenSourceResponse {
    const EXPECTING: &'static str = "a token response: a JSON object";

    fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut url, mut token) = (None, None);
        let mut seen = 0u8;
        while let Some(key) = map.next_key::<String>()? {
            let (slot, bit, (proto, json)) = if key == SERVER_URL.0 || key == SERVER_URL.1 {
                (&mut url, 0, SERVER_URL)
            } else if key == PARTICIPANT_TOKEN.0 || key == PARTICIPANT_TOKEN.1 {
                (&mut token, 1, PARTICIPANT_TOKEN)
            } else {
                map.next_value::<de::IgnoredAny>()?;
                continue;
            };
            first_time(&mut seen, bit, proto, json)?;
            *slot = Some(map.next_value::<String>()?);
        }
        Ok(TokenSourceResponse {
            server_url: url.ok_or_else(|| de::Error::missing_field(SERVER_URL.0))?,
            participant_token: token
                .ok_or_else(|| de::Error::missing_field(PARTICIPANT_TOKEN.0))?,
        })
    }
}

/// Refuses a server URL no client SDK connects to: they take `wss://` and `ws://`, and
/// `https://` and `http://`, which they turn into the WebSocket ones. Refuses user info
/// (`user:password@`) too: the URL goes to every client, and the error goes to logs, so
/// the error shows the URL without it.
pub(super) fn check_server_url(url: &str) -> Result<(), TokenSourceError> {
    let rest = url.split_once("://").and_then(|(scheme, rest)| {
        ["wss", "ws", "https", "http"]
            .iter()
            .any(|known| scheme.eq_ignore_ascii_case(known))
            .then_some(rest)
    });
    match rest {
        Some(rest)
            if is_host_and_port(authority(rest))
                && !rest.contains(|c: char| c.is_whitespace() || c.is_control()) =>
        {
            Ok(())
        }
        _ => Err(TokenSourceError::ServerUrl {
            url: capped(&without_user_info(url)),
        }),
    }
}

/// `url` with whatever stands between `://` and the last `@` of the authority replaced by
/// `…`, so that a password in it reaches no log line. In a URL too broken to find user info
/// in its authority (`wss:/user:pw@host`, `user:pw@host`, `user:pw@wss://host`), anything
/// before its last `@` may be user info, so it is all replaced.
fn without_user_info(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && let Some(at) = authority(rest).rfind('@')
    {
        return format!("{scheme}://…{}", &rest[at..]);
    }
    match url.rfind('@') {
        Some(at) => format!("…{}", &url[at..]),
        None => url.to_owned(),
    }
}

/// What follows `scheme://` up to the path, query or fragment: `user@host:port`.
fn authority(rest: &str) -> &str {
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// Whether `authority` has the shape of a host and an optional port that the URL parser of
/// a browser or Node (the WHATWG one client SDKs use) reads for these schemes: a name of
/// letters, digits, `-`, `.`, `_` and `~` (non-ASCII letters and digits too: an
/// internationalised name, not checked further against IDNA), an IPv4 address (a name
/// whose last label is a number must be one), or an IPv6 address in brackets; then a port
/// up to 65535, if any. User info (`user:password@`) is none of these.
fn is_host_and_port(authority: &str) -> bool {
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let Some((address, after)) = v6.split_once(']') else {
                return false;
            };
            let port = match after.strip_prefix(':') {
                Some(port) => Some(port),
                None if after.is_empty() => None,
                None => return false,
            };
            (address.parse::<std::net::Ipv6Addr>().is_ok(), port)
        }
        None => {
            let (name, port) = match authority.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (authority, None),
            };
            let name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~');
            let shaped = !name.is_empty() && name.chars().all(name_char);
            (shaped && ipv4_if_numeric(name), port)
        }
    };
    // An empty port is the scheme's default, as `wss://host:` is read.
    let port_ok = port.is_none_or(|port| {
        port.is_empty() || (port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok())
    });
    host_ok && port_ok
}

/// A name whose last label (a trailing dot aside) is a number, as `10.0.0.1.7880` or
/// `example.123`, is read as an IPv4 address, so it must be one.
fn ipv4_if_numeric(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let last = name.rsplit('.').next().unwrap_or_default();
    let numeric = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
        || last.starts_with("0x")
        || last.starts_with("0X");
    !numeric || name.parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_response_is_written_snake_case_read_either_way_and_never_debugged() {
        let response = TokenSourceResponse::new("wss://x", "header.payload.sig");
        assert_eq!(
            response.to_json(),
            r#"{"server_url":"wss://x","participant_token":"header.payload.sig"}"#
        );
        let camel = r#"{"serverUrl":"wss://x","participantToken":"header.payload.sig","extra":1}"#;
        assert_eq!(
            serde_json::from_str::<TokenSourceResponse>(camel).unwrap(),
            response
        );
        let twice = r#"{"server_url":"a","serverUrl":"b","participant_token":"t"}"#;
        assert!(serde_json::from_str::<TokenSourceResponse>(twice).is_err());
        assert!(serde_json::from_str::<TokenSourceResponse>(r#"{"server_url":"a"}"#).is_err());
        let not_an_object = serde_json::from_str::<TokenSourceResponse>("[]").unwrap_err();
        assert!(
            not_an_object
                .to_string()
                .contains("expected a token response: a JSON object"),
            "{not_an_object}"
        );
        let shown = format!("{response:?}");
        assert!(
            shown.contains("wss://x") && !shown.contains("payload"),
            "{shown}"
        );
    }
}

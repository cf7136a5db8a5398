//! The agent restart policy (`livekit.JobRestartPolicy`): read open, as protojson reads it;
//! minted only when known.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::error::UnknownValue;

/// `livekit.JobRestartPolicy`: written by name, read by name or number (protojson).
///
/// Read open, as the server reads it: a policy a newer LiveKit defines is
/// [`Unrecognized`](Self::Unrecognized), not an error, so its tokens keep verifying here.
/// Minting refuses one ([`TokenError::UnknownValue`](crate::TokenError::UnknownValue)): the
/// server ignores a name it does not know, so the agent would get the default policy
/// instead of the one its author wrote (`"JRP_NEVR"`). When a later version of this crate
/// learns a policy, it is read as its own variant instead of `Unrecognized`.
///
/// ```
/// use livekit_access_token::{JobRestartPolicy, RoomAgentDispatch};
/// let newer: RoomAgentDispatch = serde_json::from_str(r#"{"restartPolicy":"JRP_ALWAYS"}"#)?;
/// let Some(JobRestartPolicy::Unrecognized(policy)) = &newer.restart_policy else {
///     panic!("read as a policy this crate does not know");
/// };
/// assert_eq!(policy.name(), Some("JRP_ALWAYS"));
/// assert_eq!(JobRestartPolicy::Never.as_str(), Some("JRP_NEVER"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobRestartPolicy {
    /// Restart the job when it fails (`JRP_ON_FAILURE`, 0).
    OnFailure,
    /// Never restart the job (`JRP_NEVER`, 1).
    Never,
    /// A policy this crate does not know, as read from a token or a request. The server
    /// reads a name it does not know as no policy, and keeps a number.
    Unrecognized(UnrecognizedPolicy),
}

/// A restart policy this crate does not know, kept as it was read: by name or by number.
/// It never holds a policy that has a [`JobRestartPolicy`] variant of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnrecognizedPolicy(PolicyAsRead);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PolicyAsRead {
    Name(String),
    Number(i32),
}

impl UnrecognizedPolicy {
    /// The name it was read by (`"JRP_..."`), if it was read by name.
    pub fn name(&self) -> Option<&str> {
        match &self.0 {
            PolicyAsRead::Name(name) => Some(name),
            PolicyAsRead::Number(_) => None,
        }
    }

    /// The number it was read by, if it was read by number.
    pub fn number(&self) -> Option<i32> {
        match self.0 {
            PolicyAsRead::Name(_) => None,
            PolicyAsRead::Number(number) => Some(number),
        }
    }
}

/// As it was read: the name, or the number in decimal.
impl fmt::Display for UnrecognizedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            PolicyAsRead::Name(name) => f.write_str(name),
            PolicyAsRead::Number(number) => write!(f, "{number}"),
        }
    }
}

/// The policies this crate knows, in number order.
const KNOWN: [JobRestartPolicy; 2] = [JobRestartPolicy::OnFailure, JobRestartPolicy::Never];

impl JobRestartPolicy {
    /// A known policy's protojson name and number; an unrecognized one as read.
    fn wire(&self) -> Result<(&'static str, i32), &UnrecognizedPolicy> {
        match self {
            JobRestartPolicy::OnFailure => Ok(("JRP_ON_FAILURE", 0)),
            JobRestartPolicy::Never => Ok(("JRP_NEVER", 1)),
            JobRestartPolicy::Unrecognized(policy) => Err(policy),
        }
    }

    /// The protojson name of a known policy; `None` for an unrecognized one (see
    /// [`UnrecognizedPolicy::name`]).
    pub fn as_str(&self) -> Option<&'static str> {
        self.wire().ok().map(|(name, _)| name)
    }

    /// The protojson number of a known policy, or of an unrecognized one read by number.
    pub fn number(&self) -> Option<i32> {
        match self.wire() {
            Ok((_, number)) => Some(number),
            Err(policy) => policy.number(),
        }
    }

    /// Minting writes only the policies this crate knows.
    pub(crate) fn check_known(&self) -> Result<(), UnknownValue> {
        match self.wire() {
            Ok(_) => Ok(()),
            Err(policy) => Err(UnknownValue::new(
                "restart policy",
                &policy.to_string(),
                KNOWN.iter().filter_map(JobRestartPolicy::as_str),
            )),
        }
    }
}

impl Serialize for JobRestartPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.wire() {
            Ok((name, _)) => s.serialize_str(name),
            Err(UnrecognizedPolicy(PolicyAsRead::Name(name))) => s.serialize_str(name),
            Err(UnrecognizedPolicy(PolicyAsRead::Number(number))) => s.serialize_i32(*number),
        }
    }
}

/// Reads what protojson reads for an enum: a name (exact; an unknown one kept, as the
/// server's discard-unknown reading does not refuse it) or an integer in `i32`'s range.
/// The error names what was found, never echoes it: the value may come from a request.
impl<'de> Deserialize<'de> for JobRestartPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let found = match &value {
            Value::String(name) => {
                let known = KNOWN
                    .into_iter()
                    .find(|p| p.as_str() == Some(name.as_str()));
                return Ok(known.unwrap_or_else(|| {
                    JobRestartPolicy::Unrecognized(UnrecognizedPolicy(PolicyAsRead::Name(
                        name.clone(),
                    )))
                }));
            }
            Value::Number(n) => match n.as_i64().and_then(|n| i32::try_from(n).ok()) {
                Some(number) => {
                    let known = KNOWN.into_iter().find(|p| p.number() == Some(number));
                    return Ok(known.unwrap_or(JobRestartPolicy::Unrecognized(
                        UnrecognizedPolicy(PolicyAsRead::Number(number)),
                    )));
                }
                None => "a number that is not a 32-bit integer",
            },
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let names: Vec<&str> = KNOWN.iter().filter_map(JobRestartPolicy::as_str).collect();
        Err(serde::de::Error::custom(format_args!(
            "a restart policy is a name ({}) or a 32-bit integer, not {found}",
            names.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::RoomAgentDispatch;
    use serde_json::json;

    #[test]
    fn restart_policy_reads_names_and_numbers() {
        let read =
            |v: Value| serde_json::from_value::<RoomAgentDispatch>(json!({"restartPolicy": v}));
        let policy = |v: Value| read(v).unwrap().restart_policy.unwrap();
        assert_eq!(policy(json!(1)), JobRestartPolicy::Never);
        assert_eq!(policy(json!(0)), JobRestartPolicy::OnFailure);
        assert_eq!(policy(json!("JRP_NEVER")), JobRestartPolicy::Never);
        let d = read(json!("JRP_ON_FAILURE")).unwrap();
        assert_eq!(d.restart_policy, Some(JobRestartPolicy::OnFailure));
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            json!({"restartPolicy": "JRP_ON_FAILURE"}),
            "a known number is written by name"
        );
        assert_eq!(
            serde_json::to_value(read(json!(1)).unwrap()).unwrap(),
            json!({"restartPolicy": "JRP_NEVER"})
        );
        for (known, name, number) in [
            (JobRestartPolicy::OnFailure, "JRP_ON_FAILURE", 0),
            (JobRestartPolicy::Never, "JRP_NEVER", 1),
        ] {
            assert_eq!((known.as_str(), known.number()), (Some(name), Some(number)));
            assert!(known.check_known().is_ok());
        }
    }

    #[test]
    fn an_unknown_restart_policy_is_kept_as_read_and_written_back_unchanged() {
        // Names match exactly, as protojson matches them: `jrp_never` is not `JRP_NEVER`
        // to the server (it reads an unknown name as no policy), so it is not here either.
        for (value, name, number) in [
            (json!("JRP_ALWAYS"), Some("JRP_ALWAYS"), None),
            (json!("jrp_never"), Some("jrp_never"), None),
            (json!(""), Some(""), None),
            (json!(2), None, Some(2)),
            (json!(-1), None, Some(-1)),
            (json!(i32::MAX), None, Some(i32::MAX)),
            (json!(i32::MIN), None, Some(i32::MIN)),
        ] {
            let dispatch = json!({"agentName": "a", "restartPolicy": value});
            let read: RoomAgentDispatch = serde_json::from_value(dispatch.clone()).unwrap();
            let Some(JobRestartPolicy::Unrecognized(policy)) = &read.restart_policy else {
                panic!("{value}: {read:?}")
            };
            assert_eq!((policy.name(), policy.number()), (name, number), "{value}");
            let read_policy = read.restart_policy.as_ref().unwrap();
            assert_eq!(read_policy.as_str(), None, "no known name: {value}");
            assert_eq!(read_policy.number(), number, "{value}");
            assert_eq!(
                policy.to_string(),
                value.as_str().map_or(value.to_string(), str::to_owned)
            );
            assert!(read_policy.check_known().is_err(), "never minted: {value}");
            assert!(read.extra.is_empty(), "{value}");
            assert_eq!(serde_json::to_value(&read).unwrap(), dispatch);
        }
    }

    #[test]
    fn a_restart_policy_protojson_would_refuse_is_refused() {
        for value in [
            json!(1.5),
            json!(i64::from(i32::MAX) + 1),
            json!(i64::from(i32::MIN) - 1),
            json!(u64::MAX),
            json!(true),
            json!(["JRP_NEVER"]),
            json!({"name": "JRP_NEVER"}),
        ] {
            let err = serde_json::from_value::<RoomAgentDispatch>(json!({"restartPolicy": value}))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(
                    "a restart policy is a name (JRP_ON_FAILURE, JRP_NEVER) or a 32-bit integer, not "
                ),
                "{value}: {err}"
            );
            let echoed = value.to_string();
            assert!(!err.contains(&echoed), "the value is not echoed: {err}");
        }
        let absent: RoomAgentDispatch =
            serde_json::from_value(json!({"restartPolicy": null})).unwrap();
        assert_eq!(
            absent.restart_policy, None,
            "null is absent, as in protojson"
        );
    }
}

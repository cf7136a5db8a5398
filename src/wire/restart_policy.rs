//! The agent restart policy (`livekit.JobRestartPolicy`), an open enum as protojson reads it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// `livekit.JobRestartPolicy`: written by name, read by name or number (protojson).
///
/// Open, as the server reads it: a policy a newer LiveKit defines is read, not refused, so
/// its tokens keep verifying here, and it is written back exactly as it was read.
///
/// ```
/// use livekit_access_token::{JobRestartPolicy, RoomAgentDispatch};
/// let newer: RoomAgentDispatch = serde_json::from_str(r#"{"restartPolicy":"JRP_ALWAYS"}"#)?;
/// let Some(JobRestartPolicy::Unrecognized(policy)) = &newer.restart_policy else {
///     panic!("read as a policy this crate does not know");
/// };
/// assert_eq!(policy.name(), Some("JRP_ALWAYS"));
/// assert_eq!(serde_json::to_string(&newer)?, r#"{"restartPolicy":"JRP_ALWAYS"}"#);
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
/// Only reading makes one; to mint a policy, name a [`JobRestartPolicy`] variant.
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

impl JobRestartPolicy {
    /// The protojson name; `None` only for an unrecognized policy read by number.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JobRestartPolicy::OnFailure => Some("JRP_ON_FAILURE"),
            JobRestartPolicy::Never => Some("JRP_NEVER"),
            JobRestartPolicy::Unrecognized(policy) => policy.name(),
        }
    }

    /// A known policy by its number, or the number kept as read.
    fn from_number(number: i32) -> Self {
        match number {
            0 => JobRestartPolicy::OnFailure,
            1 => JobRestartPolicy::Never,
            _ => JobRestartPolicy::Unrecognized(UnrecognizedPolicy(PolicyAsRead::Number(number))),
        }
    }
}

impl Serialize for JobRestartPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            JobRestartPolicy::Unrecognized(UnrecognizedPolicy(PolicyAsRead::Number(n))) => {
                s.serialize_i32(*n)
            }
            known_or_named => s.serialize_str(known_or_named.as_str().unwrap_or_default()),
        }
    }
}

/// Reads what protojson reads for an enum: a name (exact; an unknown one kept, as the
/// server's discard-unknown reading does not refuse it) or an integer in `i32`'s range.
impl<'de> Deserialize<'de> for JobRestartPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        match &value {
            Value::String(name) => {
                let known = [JobRestartPolicy::OnFailure, JobRestartPolicy::Never]
                    .into_iter()
                    .find(|known| known.as_str() == Some(name.as_str()));
                return Ok(known.unwrap_or_else(|| {
                    JobRestartPolicy::Unrecognized(UnrecognizedPolicy(PolicyAsRead::Name(
                        name.clone(),
                    )))
                }));
            }
            Value::Number(n) => {
                if let Some(n) = n.as_i64().and_then(|n| i32::try_from(n).ok()) {
                    return Ok(JobRestartPolicy::from_number(n));
                }
            }
            _ => {}
        }
        Err(serde::de::Error::custom(format_args!(
            "restartPolicy must be a policy's name (such as \"JRP_NEVER\") or a 32-bit integer, not {value}"
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
            assert_eq!(read.restart_policy.as_ref().and_then(|p| p.as_str()), name);
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
            assert!(err.contains("restartPolicy must be"), "{value}: {err}");
        }
        let absent: RoomAgentDispatch =
            serde_json::from_value(json!({"restartPolicy": null})).unwrap();
        assert_eq!(
            absent.restart_policy, None,
            "null is absent, as in protojson"
        );
    }
}

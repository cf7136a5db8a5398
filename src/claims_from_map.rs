//! Reading [`Claims`] from an already-parsed JSON object in one pass over its members:
//! what the verifier does after its strict parse. Faster than serde's `#[serde(flatten)]`,
//! which buffers every member before sorting known from unknown, and each error names the
//! claim it is in. A property test holds the result equal to the derived `Deserialize`.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::claims::Claims;
use crate::grants::VideoClaims;
use crate::verify::members::VideoMember;

/// Reads `value` as `T`; `null` is `None`, as the derived `Deserialize` reads it. An
/// error is `claim`, the name of the top-level claim `value` is in.
fn read<T: DeserializeOwned>(value: Value, claim: &'static str) -> Result<Option<T>, &'static str> {
    match value {
        Value::Null => Ok(None),
        v => serde_json::from_value(v).map(Some).map_err(|_| claim),
    }
}

/// The claims in `map`; an error is the name of the claim that does not fit its type.
pub(crate) fn claims_from_map(map: Map<String, Value>) -> Result<Claims, &'static str> {
    let mut c = Claims::default();
    for (key, value) in map {
        set_claim(&mut c, key, value)?;
    }
    Ok(c)
}

/// The top-level claims read with serde, each name written once: it is both the member
/// matched and the name an error reports.
macro_rules! set_known_claim {
    ($c:ident, $key:ident, $value:ident; $($name:literal => $field:ident,)*) => {
        match $key.as_str() {
            $($name => $c.$field = read($value, $name)?,)*
            "video" => {
                $c.video = match $value {
                    Value::Null => None,
                    Value::Object(inner) => Some(video_from_map(inner)?),
                    _ => return Err("video"),
                }
            }
            _ => {
                $c.extra.insert($key, $value);
            }
        }
    };
}

/// Stores one member of the claims object in `c`; an error is the name of the claim.
pub(crate) fn set_claim(c: &mut Claims, key: String, value: Value) -> Result<(), &'static str> {
    set_known_claim!(c, key, value;
        "iss" => iss,
        "sub" => sub,
        "nbf" => nbf,
        "iat" => iat,
        "exp" => exp,
        "jti" => jti,
        "name" => name,
        "metadata" => metadata,
        "attributes" => attributes,
        "kind" => kind,
        "kindDetails" => kind_details,
        "sip" => sip,
        "agent" => agent,
        "agentEndpoint" => agent_endpoint,
        "agentThread" => agent_thread,
        "inference" => inference,
        "observability" => observability,
        "roomPreset" => room_preset,
        "roomConfig" => room_config,
        "sha256" => sha256,
    );
    Ok(())
}

/// The `video` object; an error is `"video"`, the claim it is in.
fn video_from_map(map: Map<String, Value>) -> Result<VideoClaims, &'static str> {
    let mut v = VideoClaims::default();
    for (key, value) in map {
        set_video_claim(&mut v, key, value)?;
    }
    Ok(v)
}

/// Stores one member of the `video` object in `v`; an error is `"video"`, the claim it is
/// in.
pub(crate) fn set_video_claim(
    v: &mut VideoClaims,
    key: String,
    value: Value,
) -> Result<(), &'static str> {
    let Some(member) = VideoMember::from_name(key.as_bytes()) else {
        v.extra.insert(key, value);
        return Ok(());
    };
    match member {
        VideoMember::Flag(flag) => *flag.slot(v) = read(value, "video")?,
        VideoMember::Room => v.room = read(value, "video")?,
        VideoMember::DestinationRoom => v.destination_room = read(value, "video")?,
        VideoMember::CanPublishSources => v.can_publish_sources = read(value, "video")?,
    }
    Ok(())
}

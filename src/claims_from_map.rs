//! Reading [`Claims`] from an already-parsed JSON object in one pass over its members:
//! what the verifier does after its strict parse. Faster than serde's `#[serde(flatten)]`,
//! which buffers every member before sorting known from unknown, and each error names the
//! claim it is in. A property test holds the result equal to the derived `Deserialize`.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::claims::Claims;
use crate::grants::VideoClaims;
use crate::verify::members::VideoMember;

/// Reads `value` as `T`; `null` is `None`, as the derived `Deserialize` reads it.
fn read<T: DeserializeOwned>(value: Value, key: &str) -> Result<Option<T>, String> {
    match value {
        Value::Null => Ok(None),
        v => serde_json::from_value(v)
            .map(Some)
            .map_err(|_| key.to_owned()),
    }
}

/// The claims in `map`; an error is the name of the claim that does not fit its type.
pub(crate) fn claims_from_map(map: Map<String, Value>) -> Result<Claims, String> {
    let mut c = Claims::default();
    for (key, value) in map {
        set_claim(&mut c, key, value)?;
    }
    Ok(c)
}

/// Stores one member of the claims object in `c`; an error is the name of the claim.
pub(crate) fn set_claim(c: &mut Claims, key: String, value: Value) -> Result<(), String> {
    match key.as_str() {
        "iss" => c.iss = read(value, &key)?,
        "sub" => c.sub = read(value, &key)?,
        "nbf" => c.nbf = read(value, &key)?,
        "iat" => c.iat = read(value, &key)?,
        "exp" => c.exp = read(value, &key)?,
        "jti" => c.jti = read(value, &key)?,
        "name" => c.name = read(value, &key)?,
        "metadata" => c.metadata = read(value, &key)?,
        "attributes" => c.attributes = read(value, &key)?,
        "kind" => c.kind = read(value, &key)?,
        "kindDetails" => c.kind_details = read(value, &key)?,
        "video" => {
            c.video = match value {
                Value::Null => None,
                Value::Object(inner) => Some(video_from_map(inner).map_err(|_| key.clone())?),
                _ => return Err(key),
            }
        }
        "sip" => c.sip = read(value, &key)?,
        "agent" => c.agent = read(value, &key)?,
        "agentEndpoint" => c.agent_endpoint = read(value, &key)?,
        "agentThread" => c.agent_thread = read(value, &key)?,
        "inference" => c.inference = read(value, &key)?,
        "observability" => c.observability = read(value, &key)?,
        "roomPreset" => c.room_preset = read(value, &key)?,
        "roomConfig" => c.room_config = read(value, &key)?,
        "sha256" => c.sha256 = read(value, &key)?,
        _ => {
            c.extra.insert(key, value);
        }
    }
    Ok(())
}

fn video_from_map(map: Map<String, Value>) -> Result<VideoClaims, String> {
    let mut v = VideoClaims::default();
    for (key, value) in map {
        set_video_claim(&mut v, key, value)?;
    }
    Ok(v)
}

/// Stores one member of the `video` object in `v`; an error is the name of the member.
pub(crate) fn set_video_claim(
    v: &mut VideoClaims,
    key: String,
    value: Value,
) -> Result<(), String> {
    let Some(member) = VideoMember::from_name(key.as_bytes()) else {
        v.extra.insert(key, value);
        return Ok(());
    };
    match member {
        VideoMember::Flag(flag) => *flag.slot(v) = read(value, &key)?,
        VideoMember::Room => v.room = read(value, &key)?,
        VideoMember::DestinationRoom => v.destination_room = read(value, &key)?,
        VideoMember::CanPublishSources => v.can_publish_sources = read(value, &key)?,
    }
    Ok(())
}

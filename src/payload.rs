//! Writes a token's claims as JSON, byte for byte what `serde_json` writes for the
//! [`Claims`](crate::Claims) the verifier reads back (field order, skipped defaults,
//! escaping), but without serde's per-field machinery on the common claims, and straight
//! from borrowed parts of the builder's data, so no `Claims` value is built to be thrown
//! away. The rare, nested claims (`sip`, `roomConfig`, ...) and every string's escaping
//! still go through `serde_json`. A property test holds the whole token equal to
//! `jsonwebtoken::encode` of the claims it verifies to.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant,
    RoomConfiguration, SipGrant, VideoClaims,
};

/// A token's claims, borrowed, in the order and with the wire names of
/// [`Claims`](crate::Claims) (`iss` is written by the signer from the credentials).
#[derive(Default)]
pub(crate) struct PayloadParts<'a> {
    pub(crate) sub: Option<&'a str>,
    pub(crate) nbf: Option<u64>,
    pub(crate) iat: Option<u64>,
    pub(crate) exp: Option<u64>,
    pub(crate) name: Option<&'a str>,
    pub(crate) metadata: Option<&'a str>,
    pub(crate) attributes: Option<&'a BTreeMap<String, String>>,
    pub(crate) kind: Option<&'a str>,
    pub(crate) kind_details: Option<Vec<&'a str>>,
    pub(crate) video: Option<&'a VideoClaims>,
    pub(crate) sip: Option<&'a SipGrant>,
    pub(crate) agent: Option<&'a AgentGrant>,
    pub(crate) agent_endpoint: Option<&'a AgentEndpointGrant>,
    pub(crate) agent_thread: Option<&'a AgentThreadGrant>,
    pub(crate) inference: Option<&'a InferenceGrant>,
    pub(crate) observability: Option<&'a ObservabilityGrant>,
    pub(crate) room_preset: Option<&'a str>,
    pub(crate) room_config: Option<&'a RoomConfiguration>,
    pub(crate) sha256: Option<&'a str>,
}

/// Appends `"key":` and the value, with a leading comma unless the object is empty.
struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        // Every key written here is a plain ASCII literal or comes from serde below.
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> serde_json::Result<()> {
        self.key(key);
        serde_json::to_writer(&mut *self.out, value)
    }

    fn opt<T: Serialize>(&mut self, key: &str, value: &Option<T>) -> serde_json::Result<()> {
        match value {
            Some(v) => self.value(key, v),
            None => Ok(()),
        }
    }

    /// A default-false flag: written only when `true`.
    fn flag(&mut self, key: &str, value: Option<bool>) {
        if value == Some(true) {
            self.key(key);
            self.out.extend_from_slice(b"true");
        }
    }

    /// A tri-state flag: written whenever it is set.
    fn tri(&mut self, key: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.key(key);
            self.out
                .extend_from_slice(if v { b"true" } else { b"false" });
        }
    }

    fn extra(
        &mut self,
        extra: &serde_json::Map<String, serde_json::Value>,
    ) -> serde_json::Result<()> {
        for (k, v) in extra {
            if !self.empty {
                self.out.push(b',');
            }
            self.empty = false;
            serde_json::to_writer(&mut *self.out, k)?;
            self.out.push(b':');
            serde_json::to_writer(&mut *self.out, v)?;
        }
        Ok(())
    }
}

/// Appends the members of `claims` after an object already opened with `iss`, then `}`.
pub(crate) fn write_claims_after_iss(
    claims: &PayloadParts<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let mut w = ObjectWriter { out, empty: false };
    w.opt("sub", &claims.sub)?;
    w.opt("nbf", &claims.nbf)?;
    w.opt("iat", &claims.iat)?;
    w.opt("exp", &claims.exp)?;
    w.opt("name", &claims.name)?;
    w.opt("metadata", &claims.metadata)?;
    w.opt("attributes", &claims.attributes)?;
    w.opt("kind", &claims.kind)?;
    w.opt("kindDetails", &claims.kind_details)?;
    if let Some(video) = claims.video {
        w.key("video");
        write_video(video, w.out)?;
    }
    w.opt("sip", &claims.sip)?;
    w.opt("agent", &claims.agent)?;
    w.opt("agentEndpoint", &claims.agent_endpoint)?;
    w.opt("agentThread", &claims.agent_thread)?;
    w.opt("inference", &claims.inference)?;
    w.opt("observability", &claims.observability)?;
    w.opt("roomPreset", &claims.room_preset)?;
    w.opt("roomConfig", &claims.room_config)?;
    w.opt("sha256", &claims.sha256)?;
    w.out.push(b'}');
    Ok(())
}

fn write_video(v: &VideoClaims, out: &mut Vec<u8>) -> serde_json::Result<()> {
    out.push(b'{');
    let mut w = ObjectWriter { out, empty: true };
    w.flag("roomCreate", v.room_create);
    w.flag("roomList", v.room_list);
    w.flag("roomRecord", v.room_record);
    w.flag("roomAdmin", v.room_admin);
    w.flag("roomJoin", v.room_join);
    w.opt("room", &v.room)?;
    w.tri("canPublish", v.can_publish);
    w.tri("canSubscribe", v.can_subscribe);
    w.tri("canPublishData", v.can_publish_data);
    w.opt("canPublishSources", &v.can_publish_sources)?;
    w.tri("canUpdateOwnMetadata", v.can_update_own_metadata);
    w.flag("ingressAdmin", v.ingress_admin);
    w.flag("hidden", v.hidden);
    w.flag("recorder", v.recorder);
    w.flag("agent", v.agent);
    w.tri("canSubscribeMetrics", v.can_subscribe_metrics);
    w.tri("canManageAgentSession", v.can_manage_agent_session);
    w.opt("destinationRoom", &v.destination_room)?;
    w.extra(&v.extra)?;
    w.out.push(b'}');
    Ok(())
}

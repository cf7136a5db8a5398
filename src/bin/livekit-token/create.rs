//! `create`: the flags become a token.

use livekit_access_token::{
    AgentGrant, InferenceGrant, ObservabilityGrant, RoomConfiguration, RuntimeCheckedToken,
    SipGrant, TokenError, VideoClaims, dangerous,
};

use crate::args::CreateArgs;
use crate::credentials::credentials;

pub fn create(a: CreateArgs) -> Result<String, String> {
    let creds = credentials(&a.credentials)?;
    let mut video = VideoClaims::new();
    let set = |flag: bool| flag.then_some(true);
    video.room_join = set(a.join);
    video.room = a.room.clone();
    video.room_admin = set(a.admin);
    video.room_create = set(a.create);
    video.room_list = set(a.list);
    video.room_record = set(a.record);
    video.ingress_admin = set(a.ingress_admin);
    video.hidden = set(a.hidden);
    video.recorder = set(a.recorder);
    video.can_publish = if a.can_publish {
        Some(true)
    } else if a.no_publish {
        Some(false)
    } else {
        None
    };
    video.can_subscribe = if a.can_subscribe {
        Some(true)
    } else if a.no_subscribe {
        Some(false)
    } else {
        None
    };
    video.can_publish_data = set(a.can_publish_data);
    video.can_update_own_metadata = set(a.can_update_own_metadata);
    if !a.sources.is_empty() {
        video.can_publish_sources = Some(a.sources.iter().map(|s| s.as_str().to_owned()).collect());
    }
    let mut token = RuntimeCheckedToken::new(&creds)
        .set_ttl(a.valid_for)
        .add_grants(video);
    if let Some(v) = a.identity {
        token = token.set_identity(v);
    }
    if let Some(v) = a.name {
        token = token.set_name(v);
    }
    if let Some(v) = a.metadata {
        token = token.set_metadata(v);
    }
    if !a.attributes.is_empty() {
        token = token.add_attributes(a.attributes);
    }
    if let Some(k) = a.kind {
        token = token.set_kind(k);
    }
    if a.sip_admin || a.sip_call {
        token = token.add_sip_grants(SipGrant::new().admin(a.sip_admin).call(a.sip_call));
    }
    if a.agent_admin {
        token = token.add_agent_grants(AgentGrant::new().admin(true));
    }
    if a.inference {
        token = token.add_inference_grants(InferenceGrant::new().perform(true));
    }
    if a.observability {
        token = token.add_observability_grants(ObservabilityGrant::new().write(true));
    }
    if let Some(path) = &a.room_config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let config: RoomConfiguration = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a room configuration: {e}", path.display()))?;
        token = token.set_room_config(config);
    }
    if a.allow_sensitive_credentials {
        token = token.allow_sensitive_credentials_in_room_config();
    }
    let jwt = token.to_jwt_checked().map_err(token_error)?;
    if !a.json {
        return Ok(jwt);
    }
    let claims = dangerous::decode_untrusted(&jwt)
        .map_err(|e| e.to_string())?
        .into_untrusted_claims();
    Ok(serde_json::json!({ "token": jwt, "claims": claims }).to_string())
}

/// The library's errors in the words of this tool's flags. The room rules are the ones the
/// types enforce in code, checked by `to_jwt_checked` (one implementation), with the same
/// wording as the compile errors but naming the flag to pass.
pub fn token_error(e: TokenError) -> String {
    match e {
        TokenError::RoomJoinWithoutIdentity => {
            "this token joins a room, so it needs an identity: pass --identity".into()
        }
        TokenError::RoomJoinWithoutRoom => {
            "this token joins a room, so it needs a room name: pass --room".into()
        }
        TokenError::RoomAdminWithoutRoom => {
            "this token grants room admin, so it needs a room name: pass --room".into()
        }
        TokenError::ZeroTtl => {
            "--valid-for is zero, so the token would be born expired: pass a positive duration"
                .into()
        }
        TokenError::TtlOverflow => {
            "--valid-for is too long: now + the duration must stay below 2^53 seconds".into()
        }
        TokenError::SensitiveCredentials { path } => {
            format!(
                "the room config carries credentials at `{path}`: remove them, or pass --allow-sensitive-credentials"
            )
        }
        other => other.to_string(),
    }
}

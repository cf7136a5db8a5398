//! Grant objects as LiveKit writes them: plain serde data in the wire's camelCase keys.
//!
//! Every flag is an `Option<bool>`: `None` is "not set" and is never written, so adding a
//! grant a second time merges (flags set later win, unset flags keep their value). Flags
//! whose server default is `false` are written only when `true`; the tri-state flags
//! (`canPublish`, `canSubscribe`, `canPublishData`, `canUpdateOwnMetadata`,
//! `canSubscribeMetrics`, `canManageAgentSession`) are written whenever they are set.
//! Unknown keys are kept in `extra`, so nothing a newer minter wrote is lost.

mod room_config;
mod service;
mod video;
pub(crate) mod video_data;

pub use room_config::{JobRestartPolicy, RoomAgentDispatch, RoomConfiguration};
pub use service::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant, SipGrant,
};
pub use video::{VideoClaims, VideoGrant};
pub(crate) use video_data::VideoData;

/// Serde helper: a flag whose default is `false` is written only when it is `true`.
pub(crate) fn not_true(flag: &Option<bool>) -> bool {
    *flag != Some(true)
}

/// Overwrites each field of `$dst` with `$src`'s where `$src` has it set.
macro_rules! merge_set_fields {
    ($dst:expr, $src:expr; $($field:ident),+ $(,)?) => {
        $( if $src.$field.is_some() { $dst.$field = $src.$field; } )+
    };
}
pub(crate) use merge_set_fields;

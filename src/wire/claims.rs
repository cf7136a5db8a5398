//! The whole JWT payload of a LiveKit access token, as the server reads it.

use super::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, KindDetail,
    ObservabilityGrant, ParticipantKind, RoomConfiguration, SipGrant, VideoClaims, wire_object,
};

wire_object!([]
    /// Every claim a LiveKit access token can carry.
    ///
    /// Reads what any official SDK mints (absent members are `None`, unknown ones land in
    /// [`Claims::extra`]) and is what [`AccessToken::to_jwt`](crate::AccessToken::to_jwt)
    /// writes, member for member in this order. Strings that name enumerated values (`kind`,
    /// `kindDetails`, `canPublishSources`) stay strings here so nothing another minter wrote
    /// is lost; the typed readings are [`Claims::participant_kind`] and friends.
    Claims / ClaimMember {
        /// Issuer: the API key.
        iss, Iss: id = "iss";
        /// Subject: the participant identity, absent on tokens without one.
        sub, Sub: id = "sub";
        /// Not before, seconds since the epoch (a verified fractional date reads as its
        /// whole seconds and a negative one as 0, as do `iat` and `exp`).
        nbf, Nbf: date = "nbf";
        /// Issued at, seconds since the epoch. Its value is not checked, as the server
        /// ignores it: a verified token's `iat` that is `null` or out of range reads as
        /// `None` (one that is not a number is refused).
        iat, Iat: date = "iat";
        /// Expiry, seconds since the epoch.
        exp, Exp: date = "exp";
        /// JWT ID; the server's identity fallback when `sub` is empty.
        jti, Jti: id = "jti";
        /// The participant's display name.
        name, Name: text = "name";
        /// Participant metadata.
        metadata, Metadata: text = "metadata";
        /// Participant attributes.
        attributes, Attributes: map = "attributes";
        /// Participant kind, lower-case.
        kind, Kind: text = "kind";
        /// Details of the participant kind.
        kind_details, KindDetails: texts = "kindDetails";
        /// The video grant.
        video, Video: grant(VideoClaims) = "video";
        /// The SIP grant.
        sip, Sip: grant(SipGrant) = "sip";
        /// The top-level agent grant.
        agent, Agent: grant(AgentGrant) = "agent";
        /// The agent endpoint grant.
        agent_endpoint, AgentEndpoint: grant(AgentEndpointGrant) = "agentEndpoint";
        /// The agent thread grant.
        agent_thread, AgentThread: grant(AgentThreadGrant) = "agentThread";
        /// The inference grant.
        inference, Inference: grant(InferenceGrant) = "inference";
        /// The observability grant.
        observability, Observability: grant(ObservabilityGrant) = "observability";
        /// Room preset name, LiveKit Cloud.
        room_preset, RoomPreset: text = "roomPreset";
        /// Room configuration: the room the token creates on first join.
        room_config, RoomConfig: value(RoomConfiguration) = "roomConfig";
        /// Base64 SHA-256 of a webhook body.
        sha256, Sha256: text = "sha256";
    }
);

/// The audience claim. LiveKit never writes one; the verifier refuses a token that carries
/// one it was not told to expect, and keeps it in [`Claims::extra`] when it was.
pub(crate) const AUD: &str = "aud";

/// Go's minter (and so `lk`) writes the identity twice, as `sub` and as this claim; the
/// server reads `sub` (or `jti`) and overwrites this one with it.
pub(crate) const GO_IDENTITY: &str = "identity";

/// Top-level names the server reads into its claims struct besides [`Claims`]' own: the
/// audience and Go's `identity` (which repeats `sub`). Case folding treats them as known.
pub(crate) const ALSO_READ_BY_THE_SERVER: [&str; 2] = [AUD, GO_IDENTITY];

impl Claims {
    /// The participant identity as the server reads it: `sub`, or `jti` when `sub` is
    /// absent or empty.
    pub fn identity(&self) -> Option<&str> {
        match self.sub.as_deref() {
            Some(sub) if !sub.is_empty() => Some(sub),
            _ => self.jti.as_deref().filter(|j| !j.is_empty()),
        }
    }

    /// The participant kind as the server reads it: absent or unknown means `Standard`.
    pub fn participant_kind(&self) -> ParticipantKind {
        self.kind
            .as_deref()
            .and_then(|k| k.parse().ok())
            .unwrap_or(ParticipantKind::Standard)
    }

    /// The kind details this crate knows; unknown names are skipped (they stay in
    /// [`Claims::kind_details`]).
    pub fn known_kind_details(&self) -> Vec<KindDetail> {
        self.kind_details
            .iter()
            .flatten()
            .filter_map(|d| d.parse().ok())
            .collect()
    }

    /// The video grant, or an empty one (what the server assumes when it is absent).
    pub fn video_or_default(&self) -> VideoClaims {
        self.video.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_the_servers_upper_casing_reads_them() {
        let claims = Claims {
            kind: Some("\u{17F}ip".into()),
            kind_details: Some(vec!["\u{17F}\u{131}mulation".into(), "\u{212A}".into()]),
            ..Claims::default()
        };
        assert_eq!(claims.participant_kind(), ParticipantKind::Sip);
        assert_eq!(claims.known_kind_details(), [KindDetail::Simulation]);
    }

    #[test]
    fn known_kind_details_reads_the_names_it_knows_in_any_case_and_skips_the_rest() {
        let claims = Claims {
            kind_details: Some(vec![
                "forwarded".into(),
                "from_a_newer_server".into(),
                "CLOUD_AGENT".into(),
                "simulation".into(),
            ]),
            ..Claims::default()
        };
        assert_eq!(
            claims.known_kind_details(),
            [
                KindDetail::Forwarded,
                KindDetail::CloudAgent,
                KindDetail::Simulation
            ]
        );
        assert_eq!(Claims::default().known_kind_details(), []);
    }

    #[test]
    fn video_or_default_is_the_grant_when_present_and_an_empty_one_when_absent() {
        let mut video = VideoClaims::new();
        video.room = Some("r".into());
        video.room_join = Some(true);
        let claims = Claims {
            video: Some(video.clone()),
            ..Claims::default()
        };
        assert_eq!(claims.video_or_default(), video);
        assert_eq!(Claims::default().video_or_default(), VideoClaims::new());
    }
}

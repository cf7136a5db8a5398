//! [`RuntimeCheckedToken::from_claims`]: a token to mint again from the claims of one
//! already verified (a refresh, or a template).

use super::RuntimeCheckedToken;
use crate::credentials::Credentials;
use crate::error::{Field, TokenError};
use crate::ttl::Ttl;
use crate::wire::{Claims, GO_IDENTITY, KindDetail, ParticipantKind, TrackSource};

impl RuntimeCheckedToken {
    /// A token that carries what `claims` carry, to be minted again: a refresh of a
    /// verified token, or a template read from one. It is a runtime token like any other:
    /// change what you need, then [`to_jwt_checked`](Self::to_jwt_checked) checks the room
    /// rules, the server's limits, the track sources and credentials in the room configuration.
    ///
    /// It signs whatever `claims` grant, so pass only claims from
    /// [`TokenVerifier::verify`](crate::TokenVerifier::verify) or your own code. Claims from
    /// [`dangerous::decode_untrusted`](crate::dangerous::decode_untrusted) are whatever the
    /// token's author wrote: refreshed, they become a token your key vouches for. A token too
    /// old to verify is not refreshed: mint a new one from your own record of the user.
    ///
    /// - **Kept:** the identity as the server reads it (`sub`, or `jti` when `sub` is
    ///   empty), the name, metadata, attributes, kind and kind details, every grant (video,
    ///   SIP, agent, agent endpoint, agent thread, inference, observability), the room
    ///   preset, the room configuration and the webhook body hash.
    /// - **Dropped:** `iss` (the credentials passed here sign the new token), `nbf`, `iat`
    ///   and `exp` (the new token starts when it is minted), `jti` beside a `sub` (it
    ///   names the old token, not the participant), and the `identity` claim Go's minter
    ///   and `lk` write beside `sub` when it names the same participant (the server reads
    ///   `sub`). An empty room or destination room is none, as the server reads it. The
    ///   TTL is the old token's lifetime, `exp` − the later of `nbf` and `iat`, so a
    ///   refresh lives as long as the token it replaces; [`set_ttl`](Self::set_ttl) changes
    ///   it. Without those dates (a date of 0 or before 1970 is none) it is the default
    ///   hour.
    /// - **Refused:** a top-level claim this crate does not mint, kept in
    ///   [`Claims::extra`] (such as an `aud` the verifier was told to expect):
    ///   [`TokenError::UnknownClaim`], so nothing is dropped unseen; remove it from `extra`
    ///   to mint without it. A kind or kind detail this crate does not know (a newer
    ///   LiveKit's), or a track source not spelt as the server matches it (`"CAMERA"`,
    ///   which allows no camera, where minting would write `"camera"`):
    ///   [`TokenError::UnknownValue`], which lists the ones it does; an agent
    ///   restart policy it does not know is kept, and refused the same way when the token
    ///   is minted, as is a grant member it does not know
    ///   ([`TokenError::UnknownMember`], unless
    ///   [`allow_unknown_members`](Self::allow_unknown_members)). An empty
    ///   `kind` is absent, as the server reads it. An empty list of track sources, which
    ///   the official Rust SDK before `livekit-token` writes in every token and the server
    ///   reads as every source, is [`TokenError::EmptyLimit`] when the token is minted, as
    ///   on every path: claims built in code could hold an allowlist filtered down to
    ///   nothing. To mint what the server read, set `claims.video`'s `can_publish_sources` to
    ///   `None` first.
    ///
    /// ```
    /// use livekit_access_token::{AccessToken, Credentials, RuntimeCheckedToken, TokenVerifier, VideoGrant};
    /// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
    /// let old = AccessToken::with_credentials(&creds)
    ///     .add_identity("dr-ada")
    ///     .add_ttl(600)
    ///     .add_grants(VideoGrant::new().room_join().room("consult-42"))
    ///     .to_jwt()?;
    /// let claims = TokenVerifier::new(&creds).verify(&old)?;
    ///
    /// let refreshed = RuntimeCheckedToken::from_claims(&creds, claims)?.to_jwt_checked()?;
    /// let joined = TokenVerifier::new(&creds).verify_room_join(&refreshed)?;
    /// assert_eq!((joined.identity(), joined.room()), ("dr-ada", "consult-42"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_claims(credentials: &Credentials, mut claims: Claims) -> Result<Self, TokenError> {
        // Go's `identity` repeats the identity; the server overwrites it with `sub` (or
        // `jti`), so one that says the same carries nothing. One that says otherwise stays,
        // and is refused below with the other unknown claims.
        let identity = claims.identity().unwrap_or_default();
        if claims.extra.get(GO_IDENTITY).and_then(|v| v.as_str()) == Some(identity) {
            claims.extra.remove(GO_IDENTITY);
        }
        // The room configuration goes into the token first, which wipes it when dropped:
        // its egress may hold credentials, and a refusal below drops it.
        let mut token = RuntimeCheckedToken::new(credentials)
            .with_some(claims.room_config.take(), Self::set_room_config);
        if let Some(name) = claims.extra.keys().next() {
            // Capped: the name is echoed in an error message.
            let name = crate::error::capped(name);
            return Err(TokenError::UnknownClaim { name });
        }
        if let Some(identity) = claims.identity() {
            token = token.set_identity(identity);
        }
        if let Some(ttl) = lifetime(&claims) {
            token = token.set_ttl(ttl);
        }
        let Claims {
            iss: _,
            sub: _,
            nbf: _,
            iat: _,
            exp: _,
            jti: _,
            name,
            metadata,
            attributes,
            kind,
            kind_details,
            video,
            sip,
            agent,
            agent_endpoint,
            agent_thread,
            inference,
            observability,
            room_preset,
            room_config: _,
            sha256,
            extra: _,
        } = claims;
        if let Some(kind) = kind.filter(|k| !k.is_empty()) {
            let kind =
                kind.parse::<ParticipantKind>()
                    .map_err(|value| TokenError::UnknownValue {
                        field: Field::Kind,
                        value,
                    })?;
            token = token.set_kind(kind);
        }
        let details = kind_details
            .unwrap_or_default()
            .iter()
            .map(|d| d.parse::<KindDetail>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|value| TokenError::UnknownValue {
                field: Field::KindDetails,
                value,
            })?;
        token = token.add_kind_details(details);
        if let Some(video) = &video {
            // Minting spells each source in lower case; for a token read back, that would
            // turn a `"CAMERA"` that allowed no camera into a `"camera"` that does.
            for source in video.can_publish_sources.iter().flatten() {
                TrackSource::from_wire(source).map_err(|value| TokenError::UnknownValue {
                    field: Field::Video,
                    value,
                })?;
            }
        }
        Ok(token
            .with_some(name, |t, name| t.set_name(name))
            .with_some(metadata, |t, metadata| t.set_metadata(metadata))
            .with_some(attributes, |t, attributes| t.add_attributes(attributes))
            .with_some(video, Self::add_grants)
            .with_some(sip, Self::add_sip_grants)
            .with_some(agent, Self::add_agent_grants)
            .with_some(agent_endpoint, Self::add_agent_endpoint_grants)
            .with_some(agent_thread, Self::add_agent_thread_grants)
            .with_some(inference, Self::add_inference_grants)
            .with_some(observability, Self::add_observability_grants)
            .with_some(room_preset, |t, preset| t.set_room_preset(preset))
            .with_some(sha256, |t, sha256| t.set_sha256(sha256)))
    }

    /// `set(self, value)` where the claims carry the value.
    fn with_some<T>(self, value: Option<T>, set: impl FnOnce(Self, T) -> Self) -> Self {
        match value {
            Some(value) => set(self, value),
            None => self,
        }
    }
}

/// The token's lifetime, `exp` − its start: the later of `nbf` and `iat`; `None` without
/// those dates or when `exp` comes first. A date of 0 (or one before 1970, which reads as 0)
/// is no start: a token minted with `"nbf": 0` would otherwise refresh into one valid for
/// decades.
fn lifetime(claims: &Claims) -> Option<Ttl> {
    let start = [claims.nbf, claims.iat]
        .into_iter()
        .flatten()
        .filter(|&date| date > 0)
        .max()?;
    claims.exp?.checked_sub(start).map(Ttl::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: serde_json::Value) -> Claims {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_lifetime_runs_from_the_later_of_nbf_and_iat_and_is_none_without_them() {
        let c = claims(json!({"nbf": 100, "iat": 90, "exp": 700}));
        assert_eq!(lifetime(&c), Some(Ttl::from_secs(600)));
        let c = claims(json!({"iat": 100, "exp": 400}));
        assert_eq!(lifetime(&c), Some(Ttl::from_secs(300)));
        // A backdated `nbf` does not lengthen it; a start at 0 is none.
        let c = claims(json!({"nbf": 100, "iat": 300, "exp": 400}));
        assert_eq!(lifetime(&c), Some(Ttl::from_secs(100)));
        let c = claims(json!({"nbf": 0, "iat": 300, "exp": 400}));
        assert_eq!(lifetime(&c), Some(Ttl::from_secs(100)));
        assert_eq!(lifetime(&claims(json!({"nbf": 0, "exp": 400}))), None);
        assert_eq!(lifetime(&claims(json!({"exp": 400}))), None);
        assert_eq!(lifetime(&claims(json!({"nbf": 500, "exp": 400}))), None);
    }

    #[test]
    fn an_unknown_claims_name_is_shown_escaped() {
        let creds = Credentials::new("APIunit", "0123456789abcdef0123456789abcdef").unwrap();
        let mut forged = claims(json!({}));
        forged
            .extra
            .insert("x\n[INFO] forged\u{1b}[2K".to_owned(), json!(1));
        let message = RuntimeCheckedToken::from_claims(&creds, forged)
            .err()
            .unwrap()
            .to_string();
        assert!(!message.contains(['\n', '\u{1b}']), "{message}");
        assert!(
            message.contains(r#""x\n[INFO] forged\u{1b}[2K""#),
            "{message}"
        );
    }
}

//! The strict path: parses a whole claims object, refusing duplicate members at every
//! depth and names the server would fold differently, then reads it member by member so
//! each error names the claim it is in. Every token the fast readers leave comes here, and
//! the fast readers are held to its results.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{Malformed, VerifyError};
use crate::codec::strict_json::{self, Refused};
use crate::wire::{ClaimMember, Claims, ReadKind, WireObject, fold};

/// Parses a claims object strictly (see the module docs).
pub(crate) fn parse_claims(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    let map = parse_object(bytes)?;
    fold::check_claims(&map).map_err(|_| VerifyError::Malformed(Malformed::AmbiguousClaim))?;
    Ok(map)
}

/// A JSON object, duplicates refused at any depth.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    strict_json::parse_object(bytes).map_err(|refused| {
        VerifyError::Malformed(match refused {
            Refused::DuplicateMember => Malformed::DuplicateMember,
            Refused::NotAnObject => Malformed::Json,
        })
    })
}

/// Reads the typed claims; a type error names the claim it is in.
pub(crate) fn typed_claims(payload: Map<String, Value>) -> Result<Claims, VerifyError> {
    let claims = claims_from_map(payload).map_err(VerifyError::InvalidClaim)?;
    // The server reads the egress as its `RoomEgress` message and refuses a token whose
    // egress, or an egress request in it, is not an object.
    if !egress_is_a_message(&claims) {
        return Err(VerifyError::InvalidClaim(ClaimMember::RoomConfig.name()));
    }
    Ok(claims)
}

/// Whether the room configuration's egress, if any, has the shape the server reads.
pub(crate) fn egress_is_a_message(claims: &Claims) -> bool {
    claims
        .room_config
        .as_ref()
        .is_none_or(|config| config.check_egress_shape().is_ok())
}

/// The claims in `map`; an error is the name of the claim that does not fit its type (for
/// any member of `video`, `"video"`).
pub(crate) fn claims_from_map(map: Map<String, Value>) -> Result<Claims, &'static str> {
    let mut claims = Claims::default();
    for (key, value) in map {
        match ClaimMember::from_name(&key) {
            Some(member) => claims
                .read_member(member, &mut FromValue(value))
                .map_err(|_| member.name())?,
            None => {
                claims.extra.insert(key, value);
            }
        }
    }
    Ok(claims)
}

/// Reads one member from its parsed value, as serde reads it (`null` is absent).
struct FromValue(Value);

impl FromValue {
    fn take<T: DeserializeOwned>(&mut self) -> Result<Option<T>, serde_json::Error> {
        serde_json::from_value(std::mem::take(&mut self.0))
    }
}

impl ReadKind for FromValue {
    type Error = serde_json::Error;
    fn flag(&mut self) -> Result<Option<bool>, Self::Error> {
        self.take()
    }
    fn id(&mut self) -> Result<Option<String>, Self::Error> {
        self.take()
    }
    fn text(&mut self) -> Result<Option<String>, Self::Error> {
        self.take()
    }
    fn texts(&mut self) -> Result<Option<Vec<String>>, Self::Error> {
        self.take()
    }
    fn date(&mut self) -> Result<Option<u64>, Self::Error> {
        self.take()
    }
    fn grant<T: WireObject>(&mut self) -> Result<Option<T>, Self::Error> {
        self.take()
    }
    fn value<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Self::Error> {
        self.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(json: &str) -> Option<Malformed> {
        match parse_claims(json.as_bytes()) {
            Err(VerifyError::Malformed(m)) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn duplicates_and_case_folds_are_refused_at_any_depth() {
        assert_eq!(
            refused(r#"{"a":1,"a":2}"#),
            Some(Malformed::DuplicateMember)
        );
        assert_eq!(
            refused(r#"{"v":{"x":[{"k":1,"k":1}]}}"#),
            Some(Malformed::DuplicateMember)
        );
        assert_eq!(
            refused(r#"{"video":{},"VIDEO":{}}"#),
            Some(Malformed::AmbiguousClaim)
        );
        assert_eq!(refused("[1]"), Some(Malformed::Json));
        assert!(parse_claims(br#"{"a":{"b":[1,2.5,"x",null,true]}}"#).is_ok());
    }

    #[test]
    fn each_type_error_names_its_claim_and_unknown_members_are_kept() {
        let read = |json: &str| claims_from_map(serde_json::from_str(json).unwrap());
        assert_eq!(read(r#"{"exp":"1"}"#).err(), Some("exp"));
        assert_eq!(read(r#"{"video":{"roomJoin":1}}"#).err(), Some("video"));
        assert_eq!(read(r#"{"sip":{"admin":"yes"}}"#).err(), Some("sip"));
        assert_eq!(read(r#"{"attributes":{"a":1}}"#).err(), Some("attributes"));
        let claims = read(r#"{"sub":null,"other":[1],"video":{"room":"r"}}"#).unwrap();
        assert_eq!(claims.sub, None);
        assert_eq!(claims.extra["other"], serde_json::json!([1]));
        assert_eq!(claims.video.and_then(|v| v.room).as_deref(), Some("r"));
    }
}

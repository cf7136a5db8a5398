//! Writes a token's claims as JSON, byte for byte what `serde_json` writes for the
//! [`Claims`](crate::Claims) the verifier reads back (member order, skipped defaults,
//! escaping), straight from the builder's data: no `Claims` value is built to be thrown
//! away, and the common members skip serde's per-field machinery. The member names come
//! from the wire tables; the video grant is written row by row from its table. Strings
//! are escaped by [`json_string`](crate::codec::json_string), held byte-identical to
//! serde by its tests, and dates written by `itoa`, serde's own integer writer;
//! everything else (attributes, kind details, track sources, free-form members, the rare
//! grants and the room configuration) goes through `serde_json`. Tests hold the whole
//! token equal to `jsonwebtoken::encode` of the claims it verifies to.

use serde::Serialize;

use super::data::TokenData;
use super::video_data::VideoData;
use crate::codec::json_string::{Utf8, write_escaped};
use crate::codec::sink::Sink;
use crate::wire::{ClaimMember, VideoMember, video_members};

/// A token's claims at the moment it is minted: it starts, and is issued, `now`.
pub(crate) struct Payload<'a> {
    pub(crate) data: &'a TokenData,
    pub(crate) now: u64,
    pub(crate) exp: u64,
}

/// Appends `"key":` and the value, with a leading comma unless the object is empty.
struct ObjectWriter<'a, S: Sink> {
    out: &'a mut S,
    empty: bool,
}

// The small writers below are inlined into their call sites on purpose: every key is a
// constant there, so each copy has a length known at compile time and becomes a few moves
// instead of a call to `memcpy`, which dominated the cost of these short writes.
impl<S: Sink> ObjectWriter<'_, S> {
    /// `key` is a member's `"name":`, after a comma unless it is the first member.
    #[inline(always)]
    fn key(&mut self, key: &'static str) {
        if !self.empty {
            self.out.put_byte(b',');
        }
        self.empty = false;
        self.out.put(key.as_bytes());
    }

    #[inline(always)]
    fn opt<T: Serialize>(&mut self, key: &'static str, value: Option<T>) -> serde_json::Result<()> {
        match value {
            Some(v) => {
                self.key(key);
                serde_json::to_writer(&mut *self.out, &v)
            }
            None => Ok(()),
        }
    }

    /// A string, escaped as serde escapes it.
    #[inline(always)]
    fn text<'t>(&mut self, key: &'static str, value: Option<impl Into<Utf8<'t>>>) {
        if let Some(text) = value {
            self.key(key);
            write_escaped(self.out, text.into());
        }
    }

    /// A date's digits (`itoa`'s, which are serde's). Every date from September 2001 to
    /// November 2286 has ten: copied as ten bytes, a length known at compile time, they
    /// too are a few moves instead of a call to `memcpy`.
    #[inline(always)]
    fn digits(&mut self, key: &'static str, digits: &str) {
        self.key(key);
        match <&[u8; 10]>::try_from(digits.as_bytes()) {
            Ok(ten) => self.out.put(ten),
            Err(_) => self.out.put(digits.as_bytes()),
        }
    }

    /// A default-false flag: written only when `true`.
    #[inline(always)]
    fn flag(&mut self, key: &'static str, value: Option<bool>) {
        if value == Some(true) {
            self.key(key);
            self.out.put(b"true");
        }
    }

    /// A tri-state flag: written whenever it is set.
    #[inline(always)]
    fn tri(&mut self, key: &'static str, value: Option<bool>) {
        if let Some(v) = value {
            self.key(key);
            // Two constant-length copies rather than one of a chosen length.
            if v {
                self.out.put(b"true");
            } else {
                self.out.put(b"false");
            }
        }
    }

    fn extra(
        &mut self,
        extra: &serde_json::Map<String, serde_json::Value>,
    ) -> serde_json::Result<()> {
        for (k, v) in extra {
            if !self.empty {
                self.out.put_byte(b',');
            }
            self.empty = false;
            serde_json::to_writer(&mut *self.out, k)?;
            self.out.put_byte(b':');
            serde_json::to_writer(&mut *self.out, v)?;
        }
        Ok(())
    }
}

/// Appends the members of `payload` after an object already opened with the issuer (the
/// signer writes it from the credentials), then `}`. Empty grants are left out.
pub(crate) fn write_claims_after_iss(
    payload: &Payload<'_>,
    out: &mut impl Sink,
) -> serde_json::Result<()> {
    use ClaimMember as M;
    let d = payload.data;
    let mut w = ObjectWriter { out, empty: false };
    w.text(M::Sub.json_key(), d.identity.as_ref());
    // Minted tokens are issued when they start: the digits are built once for both.
    let (mut now, mut exp) = (itoa::Buffer::new(), itoa::Buffer::new());
    let now = now.format(payload.now);
    w.digits(M::Nbf.json_key(), now);
    w.digits(M::Iat.json_key(), now);
    w.digits(M::Exp.json_key(), exp.format(payload.exp));
    w.text(M::Name.json_key(), d.name.as_ref());
    w.text(M::Metadata.json_key(), d.metadata.as_deref());
    let rare = d.rare.as_deref();
    w.opt(
        M::Attributes.json_key(),
        rare.and_then(|r| r.attributes.as_ref()),
    )?;
    w.text(M::Kind.json_key(), d.kind.map(|k| k.as_str()));
    w.opt(
        M::KindDetails.json_key(),
        Some(&d.kind_details).filter(|k| !k.is_empty()),
    )?;
    if let Some(video) = d.video.as_ref().filter(|v| !v.is_empty()) {
        w.key(M::Video.json_key());
        write_video(video, w.out)?;
    }
    if let Some(rare) = rare {
        w.opt(
            M::Sip.json_key(),
            rare.sip.as_ref().filter(|g| !g.is_empty()),
        )?;
        w.opt(
            M::Agent.json_key(),
            rare.agent.as_ref().filter(|g| !g.is_empty()),
        )?;
        let endpoint = rare.agent_endpoint.as_ref().filter(|g| !g.is_empty());
        w.opt(M::AgentEndpoint.json_key(), endpoint)?;
        let thread = rare.agent_thread.as_ref().filter(|g| !g.is_empty());
        w.opt(M::AgentThread.json_key(), thread)?;
        let inference = rare.inference.as_ref().filter(|g| !g.is_empty());
        w.opt(M::Inference.json_key(), inference)?;
        let observability = rare.observability.as_ref().filter(|g| !g.is_empty());
        w.opt(M::Observability.json_key(), observability)?;
        w.text(M::RoomPreset.json_key(), rare.room_preset.as_deref());
        w.opt(M::RoomConfig.json_key(), rare.room_config.as_ref())?;
        w.text(M::Sha256.json_key(), rare.sha256.as_deref());
    }
    w.out.put_byte(b'}');
    Ok(())
}

/// Writes one row of the video grant's table from the builder's form.
macro_rules! write_video_member {
    ($w:ident, $v:ident, $variant:ident, flag) => {
        $w.flag(
            VideoMember::$variant.json_key(),
            $v.flags.get(VideoMember::$variant),
        )
    };
    // A flag the builder's type states track (room join, room admin) is written as any other.
    ($w:ident, $v:ident, $variant:ident, state) => {
        write_video_member!($w, $v, $variant, flag)
    };
    ($w:ident, $v:ident, $variant:ident, tri) => {
        $w.tri(
            VideoMember::$variant.json_key(),
            $v.flags.get(VideoMember::$variant),
        )
    };
    ($w:ident, $v:ident, $variant:ident, text) => {
        $w.text(
            VideoMember::$variant.json_key(),
            $v.text(VideoMember::$variant),
        )
    };
    ($w:ident, $v:ident, $variant:ident, texts) => {
        $w.opt(
            VideoMember::$variant.json_key(),
            $v.texts(VideoMember::$variant),
        )?
    };
}

/// Writes every row of the video grant's table, in order: straight-line code, one row a line.
macro_rules! write_video_members {
    ($w:ident, $v:ident {
        $( $(#[$doc:meta])* $field:ident, $variant:ident: $kind:ident = $key:literal; )+
    }) => {
        $( write_video_member!($w, $v, $variant, $kind); )+
    };
}

fn write_video(v: &VideoData, out: &mut impl Sink) -> serde_json::Result<()> {
    out.put_byte(b'{');
    let mut w = ObjectWriter { out, empty: true };
    video_members!(write_video_members! w, v);
    if let Some(extra) = v.extra() {
        w.extra(extra)?;
    }
    w.out.put_byte(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::tests::Rng;
    use crate::codec::text::Text;
    use crate::mint::video_data::tests::any_claims;

    /// The video grant is written from the builder's form, byte for byte what serde writes
    /// for the wire's form, whatever is set.
    #[test]
    fn any_video_grant_is_written_as_serde_writes_its_claims() {
        let mut rng = Rng::new(11);
        for _ in 0..4_000 {
            let claims = any_claims(&mut rng);
            let mut out = Vec::new();
            write_video(&VideoData::from(claims.clone()), &mut out).unwrap();
            let by_serde = serde_json::to_vec(&claims).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&by_serde)
            );
        }
    }

    #[test]
    fn the_dates_are_written_once_each_and_iat_repeats_nbf() {
        let data = TokenData {
            identity: Some(Text::new("u")),
            ..TokenData::default()
        };
        for (now, exp) in [(1_795_845_122, 1_795_848_722), (7, 9), (u64::MAX, u64::MAX)] {
            let mut out = Vec::new();
            write_claims_after_iss(
                &Payload {
                    data: &data,
                    now,
                    exp,
                },
                &mut out,
            )
            .unwrap();
            let expected = format!(",\"sub\":\"u\",\"nbf\":{now},\"iat\":{now},\"exp\":{exp}}}");
            assert_eq!(String::from_utf8_lossy(&out), expected);
        }
    }
}

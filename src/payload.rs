//! Writes a token's claims as JSON, byte for byte what `serde_json` writes for the
//! [`Claims`](crate::Claims) the verifier reads back (field order, skipped defaults,
//! escaping), but without serde's per-field machinery on the common claims, and straight
//! from borrowed parts of the builder's data, so no `Claims` value is built to be thrown
//! away. The strings written here (`sub`, `name`, `metadata`, `kind`, `room`,
//! `destinationRoom`, `roomPreset`, `sha256`) are escaped by [`crate::json_string`], held
//! byte-identical to serde's escaping by its own tests; everything else (attributes,
//! `kindDetails`, `canPublishSources`, free-form video keys, the rare nested grants such
//! as `sip` and `roomConfig`) still goes through `serde_json`. A property test holds the
//! whole token equal to `jsonwebtoken::encode` of the claims it verifies to.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::json_string::Utf8;
use crate::sink::Sink;

use crate::grants::video_data::VideoFlag;
use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant,
    RoomConfiguration, SipGrant, VideoData,
};

/// A token's claims, borrowed, in the order and with the wire names of
/// [`Claims`](crate::Claims) (`iss` is written by the signer from the credentials).
#[derive(Default)]
pub(crate) struct PayloadParts<'a> {
    pub(crate) sub: Option<Utf8<'a>>,
    pub(crate) nbf: Option<u64>,
    pub(crate) iat: Option<u64>,
    pub(crate) exp: Option<u64>,
    pub(crate) name: Option<Utf8<'a>>,
    pub(crate) metadata: Option<&'a str>,
    pub(crate) attributes: Option<&'a BTreeMap<String, String>>,
    pub(crate) kind: Option<&'a str>,
    pub(crate) kind_details: Option<Vec<&'a str>>,
    pub(crate) video: Option<&'a VideoData>,
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

/// A member's name as written before its value, `"name":`: quoted name and colon in one
/// literal, so writing it is one copy of a length known at compile time.
macro_rules! key {
    ($name:literal) => {
        concat!("\"", $name, "\":")
    };
}

/// Appends `"key":` and the value, with a leading comma unless the object is empty.
struct ObjectWriter<'a, S: Sink> {
    out: &'a mut S,
    empty: bool,
}

impl<S: Sink> ObjectWriter<'_, S> {
    // The small writers below are inlined into their call sites on purpose: every key is
    // a literal there, so each copy has a length known at compile time and becomes a few
    // moves instead of a call to `memcpy`, which dominated the cost of these short writes.
    /// `key` is [`key!`]'s `"name":`, after a comma unless it is the first member.
    #[inline(always)]
    fn key(&mut self, key: &'static str) {
        if !self.empty {
            self.out.put_byte(b',');
        }
        self.empty = false;
        self.out.put(key.as_bytes());
    }

    #[inline(always)]
    fn value<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> serde_json::Result<()> {
        self.key(key);
        serde_json::to_writer(&mut *self.out, value)
    }

    #[inline(always)]
    fn opt<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> serde_json::Result<()> {
        match value {
            Some(v) => self.value(key, v),
            None => Ok(()),
        }
    }

    /// A string, escaped as serde escapes it.
    #[inline(always)]
    fn text<'t>(&mut self, key: &'static str, value: Option<impl Into<Utf8<'t>>>) {
        if let Some(text) = value {
            self.key(key);
            crate::json_string::write_escaped(self.out, text.into());
        }
    }

    /// A date, written as serde writes a `u64`; returns its digits when it had some
    /// built, for a second date at the same instant.
    #[inline(always)]
    fn date(
        &mut self,
        key: &'static str,
        value: Option<u64>,
    ) -> serde_json::Result<Option<Decimal>> {
        let Some(v) = value else {
            return Ok(None);
        };
        self.key(key);
        append_u64(self.out, v)
    }

    /// A date whose digits were already built for an earlier one.
    #[inline(always)]
    fn same_date(&mut self, key: &'static str, digits: Decimal) {
        self.key(key);
        digits.append_to(self.out);
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

/// Appends the members of `claims` after an object already opened with `iss`, then `}`.
pub(crate) fn write_claims_after_iss(
    claims: &PayloadParts<'_>,
    out: &mut impl Sink,
) -> serde_json::Result<()> {
    let mut w = ObjectWriter { out, empty: false };
    w.text(key!("sub"), claims.sub);
    let nbf = w.date(key!("nbf"), claims.nbf)?;
    // Minted tokens are issued when they start: the digits are built once for both.
    match nbf {
        Some(digits) if claims.iat == claims.nbf => w.same_date(key!("iat"), digits),
        _ => {
            w.date(key!("iat"), claims.iat)?;
        }
    }
    w.date(key!("exp"), claims.exp)?;
    w.text(key!("name"), claims.name);
    w.text(key!("metadata"), claims.metadata);
    w.opt(key!("attributes"), &claims.attributes)?;
    w.text(key!("kind"), claims.kind);
    w.opt(key!("kindDetails"), &claims.kind_details)?;
    if let Some(video) = claims.video {
        w.key(key!("video"));
        write_video(video, w.out)?;
    }
    w.opt(key!("sip"), &claims.sip)?;
    w.opt(key!("agent"), &claims.agent)?;
    w.opt(key!("agentEndpoint"), &claims.agent_endpoint)?;
    w.opt(key!("agentThread"), &claims.agent_thread)?;
    w.opt(key!("inference"), &claims.inference)?;
    w.opt(key!("observability"), &claims.observability)?;
    w.text(key!("roomPreset"), claims.room_preset);
    w.opt(key!("roomConfig"), &claims.room_config)?;
    w.text(key!("sha256"), claims.sha256);
    w.out.put_byte(b'}');
    Ok(())
}

/// Dates up to here (16 digits; every date a token carries is at most
/// [`MAX_EXP`](crate::mint::limits::MAX_EXP), 2^53 − 1) take the fast path of [`Decimal`].
const MAX_FAST_U64: u64 = 10_u64.pow(16) - 1;

/// Every byte of a `u64` set to `byte`.
const fn lanes(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// `value` (below 10^8) as eight ASCII digits, zero-padded, first digit in the low byte
/// (so `to_le_bytes` gives them in order). No table and no per-digit division: the number
/// is split into two 4-digit halves in 32-bit lanes, each lane into two 2-digit parts in
/// 16-bit lanes, each of those into two digits in bytes, all lanes at once. The quotients
/// come from multiplying by a scaled reciprocal (`n * 5243 >> 19` is `n / 100` for
/// `n < 10_000`, `n * 103 >> 10` is `n / 10` for `n < 100`); the products stay inside their
/// lanes, and the mask drops what shifts in from the lane above.
fn eight_digits(value: u32) -> u64 {
    let (high, low) = (u64::from(value / 10_000), u64::from(value % 10_000));
    let fours = high | low << 32;
    let hundreds = ((fours * 5243) >> 19) & 0x0000_007F_0000_007F;
    let twos = hundreds | (fours - hundreds * 100) << 16;
    let tens = ((twos * 103) >> 10) & 0x000F_000F_000F_000F;
    (tens | (twos - tens * 10) << 8) | lanes(b'0')
}

/// A number's decimal digits, as serde_json (through `itoa`) writes them, held in a
/// register: first digit in the low byte, `len` of the sixteen bytes used.
#[derive(Clone, Copy)]
struct Decimal {
    text: u128,
    len: usize,
}

impl Decimal {
    /// The digits of `value`, or `None` above [`MAX_FAST_U64`] (serde writes those).
    /// Built as two zero-padded halves of eight and shifted past the padding; a date
    /// between 2001 and 2286 has exactly ten digits and skips the digit count.
    fn new(value: u64) -> Option<Decimal> {
        if value > MAX_FAST_U64 {
            return None;
        }
        // Both halves are below 10^8 because `value` is below 10^16.
        let (high, low) = ((value / 100_000_000) as u32, (value % 100_000_000) as u32);
        let low_digits = u128::from(eight_digits(low));
        if (1_000_000_000..10_000_000_000).contains(&value) {
            // `high` is two digits here.
            let high_digits = u128::from((high / 10) | ((high % 10) << 8)) | 0x3030;
            return Some(Decimal {
                text: high_digits | low_digits << 16,
                len: 10,
            });
        }
        let len = value.checked_ilog10().map_or(1, |log| log + 1);
        let padded = u128::from(eight_digits(high)) | low_digits << 64;
        Some(Decimal {
            text: padded >> (8 * (16 - len)),
            len: len as usize,
        })
    }

    /// Appends the digits as one 16-byte value of which the sink keeps `len`: no `memcpy`
    /// call, and no byte-wise stores read back as a block (a store-forwarding stall).
    fn append_to(self, out: &mut impl Sink) {
        out.put_first(self.text.to_le_bytes(), self.len);
    }
}

/// Appends `value` in decimal, as serde_json writes it; returns the digits when they were
/// built here rather than by serde.
#[inline(always)]
fn append_u64(out: &mut impl Sink, value: u64) -> serde_json::Result<Option<Decimal>> {
    match Decimal::new(value) {
        Some(digits) => {
            digits.append_to(out);
            Ok(Some(digits))
        }
        None => serde_json::to_writer(out, &value).map(|()| None),
    }
}

fn write_video(v: &VideoData, out: &mut impl Sink) -> serde_json::Result<()> {
    out.put_byte(b'{');
    let mut w = ObjectWriter { out, empty: true };
    let f = v.flags;
    w.flag(key!("roomCreate"), f.get(VideoFlag::RoomCreate));
    w.flag(key!("roomList"), f.get(VideoFlag::RoomList));
    w.flag(key!("roomRecord"), f.get(VideoFlag::RoomRecord));
    w.flag(key!("roomAdmin"), f.get(VideoFlag::RoomAdmin));
    w.flag(key!("roomJoin"), f.get(VideoFlag::RoomJoin));
    w.text(key!("room"), v.room.as_ref());
    w.tri(key!("canPublish"), f.get(VideoFlag::CanPublish));
    w.tri(key!("canSubscribe"), f.get(VideoFlag::CanSubscribe));
    w.tri(key!("canPublishData"), f.get(VideoFlag::CanPublishData));
    w.opt(key!("canPublishSources"), &v.can_publish_sources())?;
    w.tri(
        key!("canUpdateOwnMetadata"),
        f.get(VideoFlag::CanUpdateOwnMetadata),
    );
    w.flag(key!("ingressAdmin"), f.get(VideoFlag::IngressAdmin));
    w.flag(key!("hidden"), f.get(VideoFlag::Hidden));
    w.flag(key!("recorder"), f.get(VideoFlag::Recorder));
    w.flag(key!("agent"), f.get(VideoFlag::Agent));
    w.tri(
        key!("canSubscribeMetrics"),
        f.get(VideoFlag::CanSubscribeMetrics),
    );
    w.tri(
        key!("canManageAgentSession"),
        f.get(VideoFlag::CanManageAgentSession),
    );
    w.text(key!("destinationRoom"), v.destination_room());
    if let Some(extra) = v.extra() {
        w.extra(extra)?;
    }
    w.out.put_byte(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::append_u64;
    use proptest::prelude::*;

    fn written(value: u64) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        let digits = append_u64(&mut out, value).unwrap_or_default();
        // The digits handed back for a second date are the ones just written.
        if let Some(digits) = digits {
            let mut again = b"prefix".to_vec();
            digits.append_to(&mut again);
            assert_eq!(again, out, "{value}");
        }
        out
    }

    fn by_serde(value: u64) -> Vec<u8> {
        let mut out = b"prefix".to_vec();
        out.extend_from_slice(serde_json::to_string(&value).unwrap_or_default().as_bytes());
        out
    }

    #[test]
    fn integers_are_written_as_serde_writes_them_at_every_digit_count() {
        let mut edges = vec![0, u64::MAX];
        for power in 0..20 {
            let p = 10u64.pow(power);
            edges.extend([p - 1, p, p + 1]);
        }
        for value in edges {
            assert_eq!(written(value), by_serde(value), "{value}");
        }
    }

    #[test]
    fn iat_takes_the_digits_of_nbf_only_when_they_are_the_same_instant() {
        let cases = [
            (
                Some(1_795_845_122),
                Some(1_795_845_122),
                ",\"nbf\":1795845122,\"iat\":1795845122",
            ),
            (
                Some(1_795_845_122),
                Some(1_795_845_123),
                ",\"nbf\":1795845122,\"iat\":1795845123",
            ),
            (
                Some(7),
                Some(1_795_845_122),
                ",\"nbf\":7,\"iat\":1795845122",
            ),
            (None, Some(42), ",\"iat\":42"),
            (Some(42), None, ",\"nbf\":42"),
            (
                Some(u64::MAX),
                Some(u64::MAX),
                ",\"nbf\":18446744073709551615,\"iat\":18446744073709551615",
            ),
        ];
        for (nbf, iat, dates) in cases {
            let parts = super::PayloadParts {
                nbf,
                iat,
                exp: Some(9),
                ..Default::default()
            };
            let mut out = Vec::new();
            super::write_claims_after_iss(&parts, &mut out).unwrap_or_default();
            let expected = format!("{dates},\"exp\":9}}");
            assert_eq!(String::from_utf8_lossy(&out), expected, "{nbf:?} {iat:?}");
        }
    }

    #[test]
    fn eight_digits_agree_with_format_across_the_range() {
        let step = (0..100_000_000).step_by(7_919);
        let edges = [0, 9, 10, 99, 100, 9_999, 10_000, 99_999_999];
        for value in step.chain(edges) {
            let text = super::eight_digits(value).to_le_bytes();
            assert_eq!(text, *format!("{value:08}").as_bytes(), "{value}");
        }
    }

    proptest! {
        // The video grant is written from the builder's form, byte for byte what serde
        // writes for the wire's form, whatever is set.
        #[test]
        fn any_video_grant_is_written_as_serde_writes_its_claims(
            claims in crate::grants::video_data::tests::any_claims()
        ) {
            let mut out = Vec::new();
            super::write_video(&crate::grants::VideoData::from(claims.clone()), &mut out)
                .unwrap_or_default();
            let by_serde = serde_json::to_vec(&claims).unwrap_or_default();
            prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&by_serde));
        }

        #[test]
        fn any_integer_is_written_as_serde_writes_it(value: u64) {
            prop_assert_eq!(written(value), by_serde(value));
        }

        // Random `u64`s are almost all above the fast path's 16 digits; these are not.
        #[test]
        fn any_date_sized_integer_is_written_as_serde_writes_it(value in 0..=super::MAX_FAST_U64) {
            prop_assert_eq!(written(value), by_serde(value));
        }

        // Every date from 2001 to 2286, the range every real token's dates are in, takes
        // the ten-digit path; random values above hardly ever land there.
        #[test]
        fn any_ten_digit_date_is_written_as_serde_writes_it(value in 1_000_000_000..10_000_000_000u64) {
            prop_assert_eq!(written(value), by_serde(value));
        }
    }
}

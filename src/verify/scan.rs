//! The first reader of the fast path: a byte scanner for claims in exactly the shape
//! LiveKit's minters write. Every member name must be one the verifier reads into a field
//! of its own (top level or `video`), spelt exactly, at most once; strings have no
//! escapes; dates are plain whole numbers. Anything else (an unknown or nested grant, an
//! escape, a fraction, an exponent, a duplicate) makes it give up, and the serde reader in
//! [`super::fast`] takes over. Like that reader it only ever accepts what the strict path
//! accepts, with the same claims; the same property test and fuzz target hold it to that.

use super::fast::{FAST_DATE_MAX, SeenFields};
use crate::claims::Claims;
use crate::grants::VideoClaims;

/// Reads the claims in `payload` into `c`, which must be empty; `None` when a fuller
/// reader must decide (`c` then holds part of the claims and is to be discarded). Writing
/// in place spares the hot path moves of the whole `Claims` value, which is large.
pub(crate) fn scan_claims_into(payload: &[u8], c: &mut Claims) -> Option<()> {
    let mut cur = Cursor {
        bytes: payload,
        at: 0,
    };
    let mut seen = SeenFields::default();
    cur.object(|cur, name| {
        match name {
            b"iss" => {
                seen.first(0)?;
                c.iss = Some(cur.string()?);
            }
            b"sub" => {
                seen.first(1)?;
                c.sub = Some(cur.string()?);
            }
            b"jti" => {
                seen.first(2)?;
                c.jti = Some(cur.string()?);
            }
            b"exp" => {
                seen.first(3)?;
                c.exp = Some(cur.date()?);
            }
            b"nbf" => {
                seen.first(4)?;
                c.nbf = Some(cur.date()?);
            }
            b"iat" => {
                seen.first(5)?;
                c.iat = Some(cur.date()?);
            }
            b"name" => {
                seen.first(6)?;
                c.name = cur.nullable(Cursor::string)?;
            }
            b"metadata" => {
                seen.first(7)?;
                c.metadata = cur.nullable(Cursor::string)?;
            }
            b"kind" => {
                seen.first(8)?;
                c.kind = cur.nullable(Cursor::string)?;
            }
            b"kindDetails" => {
                seen.first(9)?;
                c.kind_details = cur.nullable(Cursor::strings)?;
            }
            b"roomPreset" => {
                seen.first(10)?;
                c.room_preset = cur.nullable(Cursor::string)?;
            }
            b"sha256" => {
                seen.first(11)?;
                c.sha256 = cur.nullable(Cursor::string)?;
            }
            b"video" => {
                seen.first(12)?;
                c.video = cur.nullable(Cursor::video)?;
            }
            _ => return None,
        }
        Some(())
    })?;
    cur.end()
}

/// Bytes that end a string without escapes or make it unusual: the closing quote, a
/// backslash, and the control characters JSON forbids raw.
#[allow(clippy::indexing_slicing)]
static STRING_STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

fn ends_plain_string(byte: u8) -> bool {
    STRING_STOPS.get(usize::from(byte)).copied().unwrap_or(true)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte after JSON white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Nothing but white space left.
    fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// `{`, then `"name": value` pairs separated by commas, then `}`; `member` reads each
    /// value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let name = self.name()?;
            self.eat(b':')?;
            member(self, name)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// The raw bytes between the quotes of a string without escapes or control
    /// characters.
    fn raw_string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let rest = self.bytes.get(self.at..)?;
        let len = rest.iter().position(|&b| ends_plain_string(b))?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.at += len + 1;
        rest.get(..len)
    }

    /// A member name, matched byte for byte against the known ones (all ASCII).
    fn name(&mut self) -> Option<&'a [u8]> {
        self.raw_string()
    }

    fn string(&mut self) -> Option<String> {
        let raw = self.raw_string()?;
        std::str::from_utf8(raw).ok().map(str::to_owned)
    }

    /// `null` reads as `None`, as on the strict path; anything else through `read`.
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        read(self).map(Some)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn flag(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b't' => self.literal(b"true").map(|()| Some(true)),
            b'f' => self.literal(b"false").map(|()| Some(false)),
            b'n' => self.literal(b"null").map(|()| None),
            _ => None,
        }
    }

    /// A whole number of seconds up to [`FAST_DATE_MAX`] without sign, fraction, exponent
    /// or leading zero (a fraction or exponent is left behind and fails the separator
    /// check of [`Cursor::object`]).
    fn date(&mut self) -> Option<u64> {
        self.peek()?;
        let rest = self.bytes.get(self.at..)?;
        let (mut value, mut digits) = (0u64, 0usize);
        while let Some(&d @ b'0'..=b'9') = rest.get(digits) {
            value = value * 10 + u64::from(d - b'0');
            digits += 1;
            if digits > 14 || (digits == 2 && value == u64::from(d - b'0')) {
                // Too long to be a date this path takes, or a leading zero.
                return None;
            }
        }
        self.at += digits;
        (digits > 0 && value <= FAST_DATE_MAX).then_some(value)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(items);
        }
        loop {
            items.push(self.string()?);
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    fn video(&mut self) -> Option<VideoClaims> {
        let mut v = VideoClaims::default();
        let mut seen = SeenFields::default();
        self.object(|cur, name| {
            let (bit, slot) = match name {
                b"roomCreate" => (0, &mut v.room_create),
                b"roomList" => (1, &mut v.room_list),
                b"roomRecord" => (2, &mut v.room_record),
                b"roomAdmin" => (3, &mut v.room_admin),
                b"roomJoin" => (4, &mut v.room_join),
                b"canPublish" => (5, &mut v.can_publish),
                b"canSubscribe" => (6, &mut v.can_subscribe),
                b"canPublishData" => (7, &mut v.can_publish_data),
                b"canUpdateOwnMetadata" => (8, &mut v.can_update_own_metadata),
                b"ingressAdmin" => (9, &mut v.ingress_admin),
                b"hidden" => (10, &mut v.hidden),
                b"recorder" => (11, &mut v.recorder),
                b"agent" => (12, &mut v.agent),
                b"canSubscribeMetrics" => (13, &mut v.can_subscribe_metrics),
                b"canManageAgentSession" => (14, &mut v.can_manage_agent_session),
                b"room" => {
                    seen.first(15)?;
                    v.room = cur.nullable(Cursor::string)?;
                    return Some(());
                }
                b"destinationRoom" => {
                    seen.first(16)?;
                    v.destination_room = cur.nullable(Cursor::string)?;
                    return Some(());
                }
                b"canPublishSources" => {
                    seen.first(17)?;
                    v.can_publish_sources = cur.nullable(Cursor::strings)?;
                    return Some(());
                }
                _ => return None,
            };
            seen.first(bit)?;
            *slot = cur.flag()?;
            Some(())
        })?;
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_claims(payload: &[u8]) -> Option<Claims> {
        let mut c = Claims::default();
        scan_claims_into(payload, &mut c).map(|()| c)
    }

    #[test]
    fn reads_what_the_minters_write_and_nothing_unusual() {
        let usual = br#"{"iss":"k","sub":"u","nbf":1,"exp":2,"name":"J\u00f6","video":{"room":"r","roomJoin":true,"canPublishSources":["camera"]}}"#;
        // The escape in `name` is unusual; written out, the same claims scan.
        assert!(scan_claims(usual).is_none());
        let plain = r#" { "iss" : "k", "sub":"u","nbf":1,"exp":2,"name":"Jö","video":{"room":"r","roomJoin":true,"canPublishSources":["camera"]}} "#;
        let c = scan_claims(plain.as_bytes()).expect("the usual shape scans");
        assert_eq!(
            Some(c),
            super::super::fast::read_claims_with_serde(plain.as_bytes())
        );
        for unusual in [
            r#"{"iss":"k","iss":"k"}"#,
            r#"{"video":{"room":"a","room":"b"}}"#,
            r#"{"x":1}"#,
            r#"{"ISS":"k"}"#,
            r#"{"exp":01}"#,
            r#"{"exp":1.0}"#,
            r#"{"exp":1e3}"#,
            r#"{"exp":-1}"#,
            r#"{"exp":1099511627777}"#,
            r#"{"sub":null}"#,
            r#"{"name":"a\"}"#,
            "{\"name\":\"a\u{1}\"}",
            r#"{"iss":"k",}"#,
            r#"{"iss":"k"}x"#,
            r#"{"video":{"roomJoin":1}}"#,
            r#"{"kindDetails":["a",]}"#,
            r#"{"#,
            "",
        ] {
            assert!(scan_claims(unusual.as_bytes()).is_none(), "{unusual}");
        }
        assert!(scan_claims(b"{\"name\":\"\xff\"}").is_none());
    }
}

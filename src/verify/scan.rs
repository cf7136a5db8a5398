//! The first reader of the fast path: a byte scanner for claims in exactly the shape
//! LiveKit's minters write. Every member name must be a known member of the claims or of
//! the video grant, spelt exactly, at most once, of a kind the scanner reads (strings, string
//! lists, flags, whole-second dates, grant objects); strings have no escapes.
//! Anything else (an unknown member, a map or nested grant, an escape, a fraction, an
//! exponent, a duplicate) makes it give up, and the serde reader in [`super::fast`] takes
//! over. Like that reader it only ever accepts what the strict path
//! accepts, with the same claims; the same property test and fuzz target hold it to that.

// The cursor moves within the token's bytes, one step past a byte seen to be there or
// past a run measured in them, and a date stops at 15 digits: no offset or value can
// overflow, and this is the fast path the benchmarks measure.
#![allow(clippy::arithmetic_side_effects)]

use crate::codec::json_string::plain_run;
use crate::wire::{Claims, ReadKind, WireObject};

/// Dates and clocks above this (year 36812) are left to the strict path, whose `f64`
/// arithmetic the fast readers then match exactly.
pub(crate) const FAST_DATE_MAX: u64 = 1 << 40;

/// The members of one object a fast reader has seen, by their bits, to refuse a duplicate.
#[derive(Default)]
pub(crate) struct SeenFields(u32);

impl SeenFields {
    /// Marks `bit`; `None` if it was already marked (a duplicate member).
    pub(crate) fn first(&mut self, bit: u32) -> Option<()> {
        let first = self.0 & bit == 0;
        self.0 |= bit;
        first.then_some(())
    }
}

/// Reads the claims in `payload` into `c`, which must be empty; `None` when a fuller
/// reader must decide (`c` then holds part of the claims and is to be discarded). Writing
/// in place spares the hot path moves of the whole `Claims` value, which is large.
pub(crate) fn scan_claims_into(payload: &[u8], c: &mut Claims) -> Option<()> {
    // Validated once here, so each string is cut from `text` (at quotes, which are char
    // boundaries) without a check of its own; invalid UTF-8 is the strict path's to name.
    let text = std::str::from_utf8(payload).ok()?;
    let mut cur = Cursor {
        bytes: payload,
        text,
        at: 0,
    };
    cur.members_into(c)?;
    cur.end()
}

/// The scanner's reading of each kind: exactly the shapes the minters write. Anything
/// else, and every kind it does not read itself (maps, nested grants), gives up.
struct Scan<'c, 'a>(&'c mut Cursor<'a>);

impl ReadKind for Scan<'_, '_> {
    type Error = ();
    #[inline(always)]
    fn flag(&mut self) -> Result<Option<bool>, ()> {
        self.0.flag().ok_or(())
    }
    /// Registered claims must be strings: `null` is refused by the strict path.
    #[inline(always)]
    fn id(&mut self) -> Result<Option<String>, ()> {
        self.0.string().map(Some).ok_or(())
    }
    #[inline(always)]
    fn text(&mut self) -> Result<Option<String>, ()> {
        self.0.nullable(Cursor::string).ok_or(())
    }
    #[inline(always)]
    fn texts(&mut self) -> Result<Option<Vec<String>>, ()> {
        self.0.nullable(Cursor::strings).ok_or(())
    }
    #[inline(always)]
    fn date(&mut self) -> Result<Option<u64>, ()> {
        self.0.date().map(Some).ok_or(())
    }
    #[inline(always)]
    fn grant<T: WireObject>(&mut self) -> Result<Option<T>, ()> {
        self.0
            .nullable(|cur| {
                let mut object = T::default();
                cur.members_into(&mut object).map(|()| object)
            })
            .ok_or(())
    }
    fn value<T: serde::de::DeserializeOwned>(&mut self) -> Result<Option<T>, ()> {
        Err(())
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    /// `bytes`, known to be UTF-8.
    text: &'a str,
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
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
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

    /// Where the string starting here (after white space) has its contents: from the
    /// byte after the opening quote to the closing one, which are consumed. `None` for a
    /// string with an escape or a control character, or one not closed.
    fn plain_string_span(&mut self) -> Option<(usize, usize)> {
        self.eat(b'"')?;
        let start = self.at;
        let rest = self.bytes.get(start..)?;
        let len = plain_run(rest);
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.at = start + len + 1;
        Some((start, start + len))
    }

    /// A member name, matched byte for byte against the known ones (all ASCII).
    fn name(&mut self) -> Option<&'a str> {
        let (start, end) = self.plain_string_span()?;
        self.text.get(start..end)
    }

    fn string(&mut self) -> Option<String> {
        let (start, end) = self.plain_string_span()?;
        self.text.get(start..end).map(str::to_owned)
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

    /// An object of a wire table's members, each known, spelt exactly and given once,
    /// read into `object`.
    fn members_into<T: WireObject>(&mut self, object: &mut T) -> Option<()> {
        let mut seen = SeenFields::default();
        self.object(|cur, name| {
            let member = T::member(name)?;
            seen.first(T::bit(member))?;
            object.read(member, &mut Scan(cur)).ok()
        })
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

//! The short strings a token builder keeps (identity, name, room name): held inline when
//! they are short, as most are, so setting one costs a copy and no allocation.

use std::fmt;

/// Strings up to this many bytes are held inline. 40 holds a UUID (36) with room to
/// spare, and most identities and display names are shorter still.
const INLINE: usize = 40;

/// A string kept by the builder: inline up to [`INLINE`] bytes, boxed beyond.
#[derive(Clone)]
pub(crate) enum Text {
    /// The first `len` bytes of `bytes`, copied from a `&str`.
    Inline { len: u8, bytes: [u8; INLINE] },
    /// A longer string.
    Boxed(Box<str>),
}

impl Text {
    /// A copy of `text`.
    #[inline]
    pub(crate) fn new(text: &str) -> Text {
        let mut bytes = [0; INLINE];
        if let (Ok(len), Some(slot)) = (u8::try_from(text.len()), bytes.get_mut(..text.len())) {
            slot.copy_from_slice(text.as_bytes());
            return Text::Inline { len, bytes };
        }
        Text::Boxed(text.into())
    }

    /// The string's bytes, UTF-8 (they were copied from a `str`), without checking them
    /// again: the minting path reads them this way, since each check is a call.
    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Text::Boxed(text) => text.as_bytes(),
        }
    }

    /// The string, for `Debug` and for turning a builder's grant back into `VideoClaims`.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // These bytes are a whole `&str` copied in `new`, so they are UTF-8 and the
            // check cannot fail; were it to, the string would read as empty there. Minting
            // never reads it this way: it writes `as_bytes`.
            Text::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Text::Boxed(text) => text,
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_reads_back_as_it_was_given_inline_or_boxed() {
        for len in 0..=INLINE + 8 {
            // Multi-byte characters too, so a cut inside one would show.
            for unit in ["a", "é", "😀"] {
                let text: String = unit.repeat(len).chars().take(len).collect();
                let kept = Text::new(&text);
                assert_eq!(kept.as_str(), text);
                assert_eq!(kept.as_bytes(), text.as_bytes());
                assert_eq!(format!("{kept:?}"), format!("{text:?}"));
                let inline = matches!(kept, Text::Inline { .. });
                assert_eq!(inline, text.len() <= INLINE, "{text:?}");
            }
        }
    }
}

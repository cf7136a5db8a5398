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
    /// A copy of `text`. Not `set` on an empty `Text`: the builder's setters call this
    /// once per string per token, and going through `set` made minting 20 % slower.
    #[inline]
    pub(crate) fn new(text: &str) -> Text {
        let mut bytes = [0; INLINE];
        if let (Ok(len), Some(slot)) = (u8::try_from(text.len()), bytes.get_mut(..text.len())) {
            slot.copy_from_slice(text.as_bytes());
            return Text::Inline { len, bytes };
        }
        Text::Boxed(text.into())
    }

    /// The empty string, inline: a place to [`set`](Text::set) a string into.
    pub(crate) const EMPTY: Text = Text::Inline {
        len: 0,
        bytes: [0; INLINE],
    };

    /// Replaces the string with `parts` joined, writing them where this `Text` lies rather
    /// than building a new one to move here. A string moved right after it is written is
    /// read back while its bytes are still being stored (a store-forwarding stall on
    /// x86), which `new` followed by a move pays and this does not.
    pub(crate) fn set(&mut self, parts: &[&str]) {
        let total = parts.iter().map(|p| p.len()).fold(0, usize::saturating_add);
        let Some(total_len) = u8::try_from(total).ok().filter(|_| total <= INLINE) else {
            *self = Text::Boxed(parts.concat().into());
            return;
        };
        if !matches!(self, Text::Inline { .. }) {
            *self = Text::EMPTY;
        }
        if let Text::Inline { len, bytes } = self {
            let mut at: usize = 0;
            for part in parts {
                let end = at.saturating_add(part.len());
                if let Some(slot) = bytes.get_mut(at..end) {
                    slot.copy_from_slice(part.as_bytes());
                }
                at = end;
            }
            *len = total_len;
        }
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
                // Set in place, in parts, over a short string and over a long one.
                let half = text
                    .char_indices()
                    .nth(len / 2)
                    .map_or(text.len(), |(i, _)| i);
                let (head, tail) = text.split_at(half);
                for before in ["x", &"y".repeat(INLINE + 1)] {
                    let mut set = Text::new(before);
                    set.set(&[head, "", tail]);
                    assert_eq!(set.as_str(), text);
                    let inline = matches!(set, Text::Inline { .. });
                    assert_eq!(inline, text.len() <= INLINE, "{text:?}");
                }
            }
        }
    }
}

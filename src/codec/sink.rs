//! Where a token's payload JSON is written: a growable `Vec`, or a fixed buffer on the
//! stack that notes when the payload does not fit.
//!
//! The usual token's payload (a couple of hundred bytes) is written into the fixed buffer:
//! each write is a bounds check and a copy into a local slice, where a `Vec` re-checks and
//! stores its capacity and length at every push. A payload that does not fit is written
//! again into a `Vec`, so the fixed buffer only ever changes how fast a token is written,
//! never what is written.

use std::io;

/// A destination for JSON bytes. `std::io::Write` is what `serde_json` writes through.
pub(crate) trait Sink: io::Write {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// Appends one byte.
    fn put_byte(&mut self, byte: u8);

    /// Room for `additional` more bytes, if the sink can grow.
    fn reserve(&mut self, additional: usize);
}

impl Sink for Vec<u8> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    #[inline(always)]
    fn put_byte(&mut self, byte: u8) {
        self.push(byte);
    }

    #[inline(always)]
    fn reserve(&mut self, additional: usize) {
        Vec::reserve(self, additional);
    }
}

/// A fixed buffer and how much of it is written. Once a write does not fit, the sink is
/// spoilt and [`Fixed::written`] returns `None`, whatever is written after. (Later writes
/// are not refused one by one: that would be a test on every write of every token, for the
/// few payloads that overflow.)
pub(crate) struct Fixed<'a> {
    buf: &'a mut [u8],
    at: usize,
    spoilt: bool,
}

impl<'a> Fixed<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Fixed {
            buf,
            at: 0,
            spoilt: false,
        }
    }

    /// What was written, or `None` if something did not fit.
    pub(crate) fn written(self) -> Option<&'a [u8]> {
        if self.spoilt {
            return None;
        }
        self.buf.get(..self.at)
    }
}

impl Sink for Fixed<'_> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.at.saturating_add(bytes.len());
        match self.buf.get_mut(self.at..end) {
            Some(slot) => {
                slot.copy_from_slice(bytes);
                self.at = end;
            }
            None => self.spoilt = true,
        }
    }

    #[inline(always)]
    fn put_byte(&mut self, byte: u8) {
        match self.buf.get_mut(self.at) {
            Some(slot) => {
                *slot = byte;
                self.at = self.at.saturating_add(1);
            }
            None => self.spoilt = true,
        }
    }

    #[inline(always)]
    fn reserve(&mut self, _additional: usize) {}
}

impl io::Write for Fixed<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.put(bytes);
        if self.spoilt {
            return Err(io::ErrorKind::WriteZero.into());
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Counts what is written to it and keeps nothing: the size of a payload, before the
/// buffer it goes into is allocated.
#[derive(Default)]
pub(crate) struct ByteCount(usize);

impl ByteCount {
    /// The bytes written so far.
    pub(crate) fn count(&self) -> usize {
        self.0
    }
}

impl Sink for ByteCount {
    fn put(&mut self, bytes: &[u8]) {
        self.0 = self.0.saturating_add(bytes.len());
    }

    fn put_byte(&mut self, _byte: u8) {
        self.0 = self.0.saturating_add(1);
    }

    fn reserve(&mut self, _additional: usize) {}
}

impl io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.put(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same writes into a `Vec` and into fixed buffers of every size up to enough:
    /// a buffer big enough holds exactly what the `Vec` does, a smaller one says so.
    #[test]
    fn a_fixed_buffer_holds_what_a_vec_holds_or_reports_that_it_did_not_fit() {
        fn writes(sink: &mut impl Sink) {
            sink.put(b"{\"a\":");
            sink.put(b"1234567890");
            sink.put_byte(b',');
            sink.put(b"xyz");
            sink.put(b"}");
            sink.put(b"0123456789012345");
        }
        let mut vec = Vec::new();
        writes(&mut vec);
        assert_eq!(vec, b"{\"a\":1234567890,xyz}0123456789012345");
        let mut count = ByteCount::default();
        writes(&mut count);
        assert_eq!(count.count(), vec.len());
        for size in 0..vec.len() + 20 {
            let mut buf = vec![0; size];
            let mut fixed = Fixed::new(&mut buf);
            writes(&mut fixed);
            let written = fixed.written();
            if size < vec.len() {
                assert_eq!(written, None, "{size}");
            } else {
                assert_eq!(written, Some(&vec[..]), "{size}");
            }
        }
    }

    #[test]
    fn serde_writing_into_a_full_buffer_is_an_error_not_a_short_write() {
        let mut buf = [0; 4];
        let mut fixed = Fixed::new(&mut buf);
        assert!(serde_json::to_writer(&mut fixed, "too long").is_err());
        assert_eq!(fixed.written(), None);
        let mut buf = [0; 10];
        let mut fixed = Fixed::new(&mut buf);
        assert!(serde_json::to_writer(&mut fixed, "fits").is_ok());
        assert_eq!(fixed.written(), Some(&b"\"fits\""[..]));
    }
}

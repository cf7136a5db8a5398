//! The hand-tuned encoders of the hot paths: base64url, JSON strings and integers, and the
//! buffers they write into, with the strict JSON parser for untrusted input. Each is held
//! byte-identical (or verdict-identical) to the well-kept crate it replaces by its tests.

pub(crate) mod base64url;
pub(crate) mod json_string;
pub(crate) mod sink;
pub(crate) mod strict_json;
pub(crate) mod text;

/// `{"typ":"JWT","alg":"HS256"}`, base64url: the header of every token this crate mints
/// (jsonwebtoken's, byte for byte).
pub(crate) const HEADER_B64: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9";

/// The base64url length of an HS256 tag (32 bytes).
pub(crate) const TAG_B64_LEN: usize = 43;

#[cfg(test)]
pub(crate) mod tests {
    /// A small deterministic generator for the codecs' randomized tests (xorshift64*):
    /// the same cases on every run, no dependency.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Self {
            Rng(seed | 1)
        }

        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        /// A value in `0..n` (`n` > 0).
        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next().checked_rem(n).unwrap_or(0)
        }

        /// `len` bytes, each drawn from `from`.
        pub(crate) fn bytes(&mut self, len: usize, from: &[u8]) -> Vec<u8> {
            (0..len)
                .map(|_| from[self.below(from.len() as u64) as usize])
                .collect()
        }

        /// A length below `max_len`, then that many bytes of any value: input no codec may
        /// assume anything about.
        pub(crate) fn any_bytes(&mut self, max_len: u64) -> Vec<u8> {
            let len = self.below(max_len) as usize;
            (0..len).map(|_| self.below(256) as u8).collect()
        }
    }
}

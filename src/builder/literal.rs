//! Identities and room names written as literals, checked at compile time.
//!
//! ```
//! use livekit_access_token::{AccessToken, Credentials, VideoGrant, identity, room};
//! # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
//! let jwt = AccessToken::with_credentials(&creds)
//!     .add_identity(identity!("front-desk"))
//!     .add_grants(VideoGrant::new().room_join().room(room!("lobby")))
//!     .to_jwt()?;
//! # let _ = jwt;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! An empty or oversized literal stops the build:
//!
//! ```compile_fail
//! use livekit_access_token::identity;
//! let who = identity!(""); // error: the identity literal is empty
//! ```

/// A literal identity, checked at compile time: not empty, at most 256 bytes
/// ([`limits::MAX_IDENTITY_BYTES`](crate::limits::MAX_IDENTITY_BYTES)).
#[macro_export]
macro_rules! identity {
    ($literal:literal) => {
        const { $crate::__private::literal_identity($literal) }
    };
}

/// A literal room name, checked at compile time: not empty, at most 256 bytes
/// ([`limits::MAX_ROOM_NAME_BYTES`](crate::limits::MAX_ROOM_NAME_BYTES)).
#[macro_export]
macro_rules! room {
    ($literal:literal) => {
        const { $crate::__private::literal_room($literal) }
    };
}

/// Only ever evaluated inside `const { }` by the macros above, where a panic is a build
/// error that names the problem; never on a value that arrives at run time.
#[allow(clippy::panic)]
pub const fn literal_identity(s: &'static str) -> &'static str {
    if s.is_empty() {
        panic!("the identity literal is empty: write a non-empty identity");
    }
    if s.len() > crate::limits::MAX_IDENTITY_BYTES {
        panic!("the identity literal is over 256 bytes, the LiveKit server's limit: shorten it");
    }
    s
}

/// See [`literal_identity`].
#[allow(clippy::panic)]
pub const fn literal_room(s: &'static str) -> &'static str {
    if s.is_empty() {
        panic!("the room literal is empty: write a non-empty room name");
    }
    if s.len() > crate::limits::MAX_ROOM_NAME_BYTES {
        panic!("the room literal is over 256 bytes, the LiveKit server's limit: shorten it");
    }
    s
}

//! Identities and room names written as literals, checked at compile time. The guide, for
//! users, is on [`identity!`](crate::identity!).

// Each macro expands to an unnamed `const _` item, not an inline `const { }` block: rustc
// evaluates every `const` item during analysis, so `cargo check` reports a bad literal,
// while an inline `const { }` is evaluated only when code is generated (`cargo build`).
// Unnamed, so that it needs no `allow(dead_code)`, which a crate that forbids the lint
// refuses; never referenced, so that rustc reports its failure once. The literal is bound
// to a `&str` first, so that one that is not text (`42`) is refused at the user's literal,
// not inside the check.

/// A literal identity, checked at compile time: not empty, at most 256 bytes
/// ([`limits::MAX_IDENTITY_BYTES`](crate::limits::MAX_IDENTITY_BYTES)).
/// [`room!`](crate::room!) does the same for room names.
///
/// ```
/// use livekit_access_token::{AccessToken, Credentials, VideoGrant, identity, room};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_identity(identity!("front-desk"))
///     .add_grants(VideoGrant::new().room_join().room(room!("lobby")))
///     .to_jwt()?;
/// # let _ = jwt;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// An empty or oversized literal stops `cargo check` and `cargo build` alike (and so
/// clippy and editors):
///
/// ```compile_fail
/// use livekit_access_token::identity;
/// let who = identity!(""); // error: the identity literal is empty
/// ```
///
/// A value known only at run time is not a literal; pass it to `.add_identity(..)` or
/// `.room(..)` as it is, where `to_jwt()` checks it:
///
/// ```compile_fail
/// use livekit_access_token::identity;
/// let name = String::from("front-desk");
/// let who = identity!(name); // error: `identity!` takes a string literal
/// ```
#[macro_export]
macro_rules! identity {
    ($literal:literal) => {{
        const _: () = {
            let literal: &'static str = $literal;
            if let ::core::result::Result::Err(problem) = $crate::__private::literal_identity(literal) {
                // Not `panic!`, whose expansion rustc names in a note of its own.
                ::core::option::Option::<()>::None.expect(problem)
            }
        };
        $literal
    }};
    ($($value:tt)*) => {
        ::core::compile_error!(
            "`identity!` takes a string literal, checked at compile time: for a value known only at run time, call `.add_identity(value)` without the macro"
        )
    };
}

/// A literal room name, checked at compile time: not empty, at most 256 bytes
/// ([`limits::MAX_ROOM_NAME_BYTES`](crate::limits::MAX_ROOM_NAME_BYTES)).
///
/// For a room name known only at run time, call `.room(value)` directly; an example is
/// under [`identity!`](crate::identity!).
#[macro_export]
macro_rules! room {
    ($literal:literal) => {{
        const _: () = {
            let literal: &'static str = $literal;
            if let ::core::result::Result::Err(problem) = $crate::__private::literal_room(literal) {
                // Not `panic!`, whose expansion rustc names in a note of its own.
                ::core::option::Option::<()>::None.expect(problem)
            }
        };
        $literal
    }};
    ($($value:tt)*) => {
        ::core::compile_error!(
            "`room!` takes a string literal, checked at compile time: for a value known only at run time, call `.room(value)` without the macro"
        )
    };
}

/// Checks a literal identity: the literal, or what is wrong with it. Called only in the
/// `const` items of the macros above, which turn an error into a compile error.
pub const fn literal_identity(s: &'static str) -> Result<&'static str, &'static str> {
    if s.is_empty() {
        return Err("the identity literal is empty: write a non-empty identity");
    }
    if s.len() > crate::limits::MAX_IDENTITY_BYTES {
        return Err(
            "the identity literal is over 256 bytes, the LiveKit server's limit: shorten it",
        );
    }
    Ok(s)
}

/// See [`literal_identity`].
pub const fn literal_room(s: &'static str) -> Result<&'static str, &'static str> {
    if s.is_empty() {
        return Err("the room literal is empty: write a non-empty room name");
    }
    if s.len() > crate::limits::MAX_ROOM_NAME_BYTES {
        return Err("the room literal is over 256 bytes, the LiveKit server's limit: shorten it");
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_IDENTITY_BYTES, MAX_ROOM_NAME_BYTES};

    #[test]
    fn a_literal_at_the_servers_limit_is_accepted_and_one_byte_over_is_not() {
        let at_limit: &'static str = "a".repeat(256).leak();
        let over: &'static str = "a".repeat(257).leak();
        assert_eq!((MAX_IDENTITY_BYTES, MAX_ROOM_NAME_BYTES), (256, 256));
        for check in [literal_identity, literal_room] {
            assert_eq!(check(at_limit), Ok(at_limit));
            assert!(check(over).is_err());
            assert!(check("").is_err());
        }
    }
}

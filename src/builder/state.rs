//! Type states of [`AccessToken`](crate::AccessToken) and [`VideoGrant`](crate::VideoGrant).
//!
//! Each marker below is a zero-sized *type state*: it exists only at compile time and
//! records whether the identity is set, whether the token joins a room, whether the room
//! is named and whether the token grants room admin (and names a destination room). The
//! traits carry `#[diagnostic::on_unimplemented]`, so a mistake reads as a plain sentence
//! naming the call that fixes it.
//!
//! | Axis | Unset | Set | Set by |
//! |---|---|---|---|
//! | identity | [`NoIdentity`] | [`HasIdentity`] | `AccessToken::add_identity` |
//! | room join | [`NoJoin`] | [`Joins`] | `VideoGrant::room_join` |
//! | room name | [`NoRoom`] | [`HasRoom`] | `VideoGrant::room` |
//! | room admin | [`NoAdmin`] | [`Admin`] | `VideoGrant::room_admin` |
//! | destination room | [`Admin`] | [`AdminWithDestination`] | `VideoGrant::destination_room` |
//!
//! # Sealed
//!
//! No trait here can be implemented outside this crate, not even with a type of your own.
//! Each type-state trait has a private supertrait, and in the rules that take a second state
//! ([`IdentityForJoin`], [`RoomForJoin`], [`RoomForAdmin`], [`Union`], [`RoomUnion`],
//! [`AdminUnion`]) that supertrait requires the parameter to be one of the states above
//! too (`HasIdentity` and `HasRoom` meet their rules for every parameter in one impl, which
//! leaves no room for another). An `impl IdentityForJoin<Mine> for NoIdentity` written elsewhere would
//! otherwise let `to_jwt()` compile for a token LiveKit rejects.
//!
//! [`IsIdentity`], [`IsRoomName`] and [`IsTtl`] are not type states: they name what
//! `add_identity`, `room`/`destination_room` and `add_ttl` take, so that a value of the
//! wrong kind gets a message with the way out. Each has one blanket impl, which leaves no
//! room for another.
//!
//! # In a generic function
//!
//! `to_jwt()` needs to know that the states fit together. A function generic over the
//! states says so with the same bounds `to_jwt()` has:
//!
//! ```
//! use std::borrow::Borrow;
//! use livekit_access_token::state::{IdentityForJoin, RoomForAdmin, RoomForJoin};
//! use livekit_access_token::{AccessToken, Credentials, TokenError, VideoGrant};
//!
//! // `C` is how the token holds its credentials: `&Credentials` from `with_credentials`,
//! // `Credentials` from `with_api_key` or `with_owned_credentials`.
//! fn mint<I, J, R, A, C>(token: AccessToken<I, J, R, A, C>) -> Result<String, TokenError>
//! where
//!     I: IdentityForJoin<J>,
//!     R: RoomForJoin<J> + RoomForAdmin<A>,
//!     C: Borrow<Credentials>,
//! {
//!     token.to_jwt()
//! }
//!
//! let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
//! let token = AccessToken::with_credentials(&creds)
//!     .add_identity("user123")
//!     .add_grants(VideoGrant::new().room_join().room("my-room"));
//! mint(token)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Diagnostics: every impl of a rule is `#[diagnostic::do_not_recommend]`, so a failed rule
// prints its own message and not "the trait is implemented for `NoJoin`", which reads as
// advice to drop the room join. rustc 1.95 still names the one impl a type has when only the
// parameter differs ("but trait `IdentityForJoin<NoJoin>` is implemented for it"); a second,
// hidden impl on `Unconstructible` (at the end) stops that.

mod sealed;

macro_rules! marker {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $name;
        impl sealed::Sealed for $name {}
    };
}

marker!(
    /// (type state) The token has no participant identity yet.
    NoIdentity
);
marker!(
    /// (type state) The token carries a participant identity.
    HasIdentity
);
marker!(
    /// (type state) The grant does not let the bearer join a room.
    NoJoin
);
marker!(
    /// (type state) The grant lets the bearer join a room.
    Joins
);
marker!(
    /// (type state) No room name is set.
    NoRoom
);
marker!(
    /// (type state) A room name is set (`video.room`).
    HasRoom
);
marker!(
    /// (type state) The grant is not a room-admin grant.
    NoAdmin
);
marker!(
    /// (type state) The grant administers the named room.
    Admin
);
marker!(
    /// (type state) The grant administers the named room and forwards participants to a
    /// destination room (`video.destinationRoom`).
    AdminWithDestination
);

/// A sealed trait that holds for the listed states only, and the message a failed bound
/// prints. Each impl is `do_not_recommend` (see the top of this file).
macro_rules! sealed_rule {
    ($(#[$doc:meta])* $name:ident for $($state:ident),+; $($diagnostic:tt)+) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented($($diagnostic)+)]
        pub trait $name: sealed::Sealed {}
        $(
            #[diagnostic::do_not_recommend]
            impl $name for $state {}
        )+
    };
}

sealed_rule!(
    /// The room-join axis: [`NoJoin`] or [`Joins`]. Sealed.
    JoinState for NoJoin, Joins;
    message = "room join is switched on by `.room_join()` on the `VideoGrant`, not by a `{Self}` value",
    label = "a `{Self}` cannot switch room join on",
    note = "to decide at run time, build the token with `RuntimeCheckedToken`",
    note = "a `VideoGrant` is built with methods, not a struct literal: `VideoGrant::new().room_join().room(\"...\").can_publish(true)`"
);

sealed_rule!(
    /// The room-name axis: [`NoRoom`] or [`HasRoom`]. Sealed.
    RoomState for NoRoom, HasRoom;
    message = "the room is named by `.room(\"...\")` on the `VideoGrant`, not by a `{Self}` value",
    label = "a `{Self}` cannot name the room",
    note = "`.room(..)` takes the name as text, a literal or a value known only at run time",
    note = "a `VideoGrant` is built with methods, not a struct literal: `VideoGrant::new().room_join().room(\"...\").can_publish(true)`"
);

sealed_rule!(
    /// The room-admin axis: [`NoAdmin`], [`Admin`] or [`AdminWithDestination`]. Sealed.
    AdminState for NoAdmin, Admin, AdminWithDestination;
    message = "room admin is switched on by `.room_admin()` on the `VideoGrant`, not by a `{Self}` value",
    label = "a `{Self}` cannot switch room admin on",
    note = "to decide at run time, build the token with `RuntimeCheckedToken`",
    note = "a `VideoGrant` is built with methods, not a struct literal: `VideoGrant::new().room_join().room(\"...\").can_publish(true)`"
);

sealed_rule!(
    /// Holds when the identity has not been set yet. Sealed.
    IdentityUnset for NoIdentity;
    message = "the identity is already set: a token carries at most one identity, so remove the second `.add_identity(..)`",
    label = "identity set a second time here"
);

sealed_rule!(
    /// Holds when the grant has no room name yet. Sealed.
    RoomUnset for NoRoom;
    message = "the room is already set: a grant names at most one room, so remove the second `.room(..)`",
    label = "room set a second time here"
);

sealed_rule!(
    /// Holds when the grant has no destination room yet. Sealed.
    DestinationUnset for NoAdmin, Admin;
    message = "the destination room is already set: a grant names at most one destination room, so remove the second `.destination_room(..)`",
    label = "destination room set a second time here"
);

sealed_rule!(
    /// Holds when the grant already grants room admin. Sealed.
    AdminIsSet for Admin, AdminWithDestination;
    message = "a destination room needs room admin: call `.room_admin()` before `.destination_room(..)`",
    label = "this grant is not a room-admin grant yet",
    note = "the server forwards participants only for a room admin of the named room"
);

// The three rules `to_jwt()` checks. Their messages hold both where the states are known
// (the usual chain of calls) and in a function generic over them, where rustc adds the
// bound to write; so they state the rule and the label shows the states it found.

/// `Self` is the identity state; holds unless the token joins a room (`J` = [`Joins`])
/// and has no identity. Sealed.
#[diagnostic::on_unimplemented(
    message = "a token that joins a room needs an identity: call `.add_identity(\"...\")` before `.to_jwt()`",
    label = "identity `{Self}`, room join `{J}`",
    note = "LiveKit rejects a room-join token without a participant identity; a token that joins no room leaves out `.room_join()`",
    note = "in a function generic over the token's states, bound them as `to_jwt()` does instead: see the `livekit_access_token::state` docs"
)]
pub trait IdentityForJoin<J>: sealed::IdentityRule<J> {}
#[diagnostic::do_not_recommend]
impl<J> IdentityForJoin<J> for HasIdentity {}
#[diagnostic::do_not_recommend]
impl IdentityForJoin<NoJoin> for NoIdentity {}
#[diagnostic::do_not_recommend]
impl IdentityForJoin<Unconstructible> for NoIdentity {}

/// `Self` is the room state; holds unless the token joins a room (`J` = [`Joins`]) and
/// names none. Sealed.
#[diagnostic::on_unimplemented(
    message = "a token that joins a room needs a room name: call `.room(\"...\")` on the `VideoGrant`",
    label = "room `{Self}`, room join `{J}`",
    note = "a room-join token without `video.room` lets the client pick any room; a token that joins no room leaves out `.room_join()`",
    note = "in a function generic over the token's states, bound them as `to_jwt()` does instead: see the `livekit_access_token::state` docs"
)]
pub trait RoomForJoin<J>: sealed::RoomRule<J> {}
#[diagnostic::do_not_recommend]
impl<J> RoomForJoin<J> for HasRoom {}
#[diagnostic::do_not_recommend]
impl RoomForJoin<NoJoin> for NoRoom {}
#[diagnostic::do_not_recommend]
impl RoomForJoin<Unconstructible> for NoRoom {}

/// `Self` is the room state; holds unless the token grants room admin (`A` = [`Admin`])
/// and names no room. Sealed.
#[diagnostic::on_unimplemented(
    message = "a room-admin token needs a room name: call `.room(\"...\")` on the `VideoGrant`",
    label = "room `{Self}`, room admin `{A}`",
    note = "the LiveKit server honours room admin only for the room named in the token",
    note = "in a function generic over the token's states, bound them as `to_jwt()` does instead: see the `livekit_access_token::state` docs"
)]
pub trait RoomForAdmin<A>: sealed::RoomRule<A> {}
#[diagnostic::do_not_recommend]
impl<A> RoomForAdmin<A> for HasRoom {}
#[diagnostic::do_not_recommend]
impl RoomForAdmin<NoAdmin> for NoRoom {}
#[diagnostic::do_not_recommend]
impl RoomForAdmin<Unconstructible> for NoRoom {}

// What the setters take. Not type states: they exist for their messages, so that runtime
// data on the typed path (an `Option<String>` identity, a `u32` TTL) gets a sentence with
// the way out instead of "`AsRef<str>` is not implemented". Each has one blanket impl, so
// nothing else can implement it.

/// Declares one of them: the trait, its message and its blanket impl over `$bound`.
macro_rules! takes {
    ($(#[$doc:meta])* $name:ident: $bound:path; $($diagnostic:tt)+) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented($($diagnostic)+)]
        pub trait $name: $bound {}
        #[diagnostic::do_not_recommend]
        impl<T: $bound + ?Sized> $name for T {}
    };
}

takes!(
    /// What [`AccessToken::add_identity`](crate::AccessToken::add_identity) takes: text, as
    /// any `T: AsRef<str>` (`&str`, `String`, `Box<str>`, ...).
    IsIdentity: AsRef<str>;
    message = "an identity is text (`&str`, `String`), not `{Self}`",
    label = "expected the identity's text",
    note = "a number or other id: pass its text, `.add_identity(id.to_string())`; an identity that may be missing (an `Option`): handle `None` before building the token, or build it with `RuntimeCheckedToken`, whose `.set_identity(..)` can be called conditionally"
);

takes!(
    /// What [`VideoGrant::room`](crate::VideoGrant::room) and
    /// [`destination_room`](crate::VideoGrant::destination_room) take: text, as any
    /// `T: AsRef<str>`.
    IsRoomName: AsRef<str>;
    message = "a room name is text (`&str`, `String`), not `{Self}`",
    label = "expected the room's name",
    note = "a number or other id: pass its text, `.room(id.to_string())`; a room that may be missing (an `Option`): handle `None` before building the grant, or build the token with `RuntimeCheckedToken` from a `VideoClaims`, whose `room` is an `Option`"
);

takes!(
    /// What [`AccessToken::add_ttl`](crate::AccessToken::add_ttl) takes: whole seconds as a
    /// `u64`, a [`Duration`](std::time::Duration) or a [`Ttl`](crate::ttl::Ttl); anything
    /// `Into<Ttl>`.
    IsTtl: Into<crate::ttl::Ttl>;
    message = "a TTL is whole seconds as a `u64`, or a `Duration`, not `{Self}`",
    label = "expected `u64` seconds or a `Duration`",
    note = "widen a `u8`, `u16` or `u32` with `u64::from(..)`; convert any other integer (`usize`, or a signed one, which may be negative) with `u64::try_from(..)` and handle the error; fractional seconds: `Duration::try_from_secs_f64(..)`"
);

/// Type-level "or" of two join states: the result joins when either does. Sealed.
pub trait Union<Rhs>: sealed::FlagUnion<Rhs> {
    /// The combined state.
    type Output;
}
impl Union<NoJoin> for NoJoin {
    type Output = NoJoin;
}
impl Union<Joins> for NoJoin {
    type Output = Joins;
}
impl<J: JoinState> Union<J> for Joins {
    type Output = Joins;
}

/// Combines the admin state of a grant or token with another: room admin when either
/// grants it, and at most one of them may name a destination room across the grants of a
/// token (on one grant, [`DestinationUnset`] says so). Sealed.
#[diagnostic::on_unimplemented(
    message = "the destination room is already set: a token names at most one destination room, so remove the second `.destination_room(..)`",
    label = "a second destination room would be added here",
    note = "merging the two grants would keep only the later destination room"
)]
pub trait AdminUnion<Rhs>: sealed::AdminPair<Rhs> {
    /// The combined state.
    type Output: AdminState + Default;
}
#[diagnostic::do_not_recommend]
impl<A: AdminState + Default> AdminUnion<A> for NoAdmin {
    type Output = A;
}

// The rest of the table: a token's state (left) plus a grant's (right). The one pair it
// leaves out, a destination room added to a destination room, is the rule.
macro_rules! admin_union {
    ($($lhs:ident + $rhs:ident => $out:ident;)+) => {$(
        #[diagnostic::do_not_recommend]
        impl AdminUnion<$rhs> for $lhs {
            type Output = $out;
        }
    )+};
}
admin_union! {
    Admin + NoAdmin => Admin;
    Admin + Admin => Admin;
    Admin + AdminWithDestination => AdminWithDestination;
    AdminWithDestination + NoAdmin => AdminWithDestination;
    AdminWithDestination + Admin => AdminWithDestination;
}

/// Combines the room state of a token with the room state of a grant added to it: at
/// most one of them may name a room. Sealed.
#[diagnostic::on_unimplemented(
    message = "the room is already set: a token names at most one room, so add the second grant without `.room(..)`",
    label = "a second room name would be added here",
    note = "merging the two grants would keep only the later room"
)]
pub trait RoomUnion<Rhs>: sealed::RoomPair<Rhs> {
    /// The combined state.
    type Output;
}
#[diagnostic::do_not_recommend]
impl<R: RoomState> RoomUnion<R> for NoRoom {
    type Output = R;
}
#[diagnostic::do_not_recommend]
impl RoomUnion<NoRoom> for HasRoom {
    type Output = HasRoom;
}
#[diagnostic::do_not_recommend]
impl RoomUnion<Unconstructible> for HasRoom {
    type Output = HasRoom;
}

/// Never constructed, and no token or grant ever has it as a state. Each rule above where
/// a state has a single impl gets a second one for it, hidden from diagnostics
/// ([`AdminUnion`] needs none: a state that can fail it has several). With a single impl
/// per type, the compiler reads that impl as the fix ("expected `NoJoin`, found `Joins`")
/// or, for [`RoomUnion`], infers from it that a grant added to a token with a room must be
/// `NoRoom`, turning "the room is already set" into a bare "mismatched types".
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Unconstructible {}
impl sealed::Sealed for Unconstructible {}
impl RoomState for Unconstructible {}

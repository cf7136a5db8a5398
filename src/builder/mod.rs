//! [`AccessToken`]: the typed builder whose `to_jwt()` compiles only for tokens that are
//! right by construction.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use crate::clock::{Clock, SystemClock};
use crate::codec::text::Text;
use crate::credentials::{Credentials, DebugKey, SecretSource};
use crate::error::{CredentialsError, TokenError};
use crate::mint::data::{TokenData, merge_into};
use crate::mint::mint;
use crate::wire::{IsKindDetail, IsParticipantKind};
use setters::{service_grant_setters, value_setters};
use state::{
    AdminState, AdminUnion, HasIdentity, IdentityForJoin, IdentityUnset, IsIdentity, IsTtl,
    JoinState, NoAdmin, NoIdentity, NoJoin, NoRoom, RoomForAdmin, RoomForJoin, RoomState,
    RoomUnion, Union,
};

mod from_claims;
pub(crate) mod literal;
mod runtime;
mod setters;
pub mod state;
mod video;

pub use runtime::RuntimeCheckedToken;
pub use video::VideoGrant;

/// A LiveKit access token under construction.
///
/// # Type states
///
/// The first four type parameters are [type states](crate::state): identity (`I`), room
/// join (`J`), room name (`R`) and room admin (`A`). The fifth, `C`, is how the token holds
/// its credentials: `&Credentials` (from [`with_credentials`](AccessToken::with_credentials))
/// or [`Credentials`] (the default: a handle of its own, from `AccessToken::new()`,
/// `with_api_key` and [`with_owned_credentials`](AccessToken::with_owned_credentials)). Each
/// `add_*` call returns the token with its new state:
///
/// | State | Reached by | Methods it unlocks or locks |
/// |---|---|---|
/// | `AccessToken<NoIdentity, ..>` | `AccessToken::new()`, `with_api_key`, `with_credentials`, `with_owned_credentials` | `add_identity` available; `to_jwt` only if the token joins no room |
/// | `AccessToken<HasIdentity, ..>` | `.add_identity(..)` | `add_identity` gone ("the identity is already set") |
/// | `AccessToken<_, Joins, ..>` | `.add_grants(g)` with `g.room_join()` | `to_jwt` needs `HasIdentity` and `HasRoom` |
/// | `AccessToken<_, _, HasRoom, _>` | `.add_grants(g)` with `g.room(..)` | no second grant with a room ("the room is already set") |
/// | `AccessToken<_, _, _, Admin>` | `.add_grants(g)` with `g.room_admin()` | `to_jwt` needs `HasRoom` |
/// | `AccessToken<_, _, _, AdminWithDestination>` | `.add_grants(g)` with `g.destination_room(..)` | `to_jwt` needs `HasRoom`; no second grant with a destination room ("the destination room is already set") |
/// | [`RoomJoinToken<A, C>`](RoomJoinToken) = `AccessToken<HasIdentity, Joins, HasRoom, A, C>` | all of the above | `to_jwt` |
///
/// On [`VideoGrant`]: `room(..)` needs `NoRoom`; `destination_room(..)` needs `Admin`
/// (room admin, and no destination room yet).
/// Every other setter is available in every state. `to_jwt()` exists only where the
/// states fit together, and each rule has its own message:
///
/// | The token... | needs | or it fails to compile with |
/// |---|---|---|
/// | joins a room (`.room_join()`) | an identity | "a token that joins a room needs an identity" |
/// | joins a room | a room name (`.room(..)`) | "a token that joins a room needs a room name" |
/// | grants room admin (`.room_admin()`) | a room name | "a room-admin token needs a room name" |
/// | has an identity | no second `.add_identity(..)` | "the identity is already set" |
/// | names a room | no second room | "the room is already set" |
/// | names a destination room (`.destination_room(..)`) | room admin, and no second destination room | "a destination room needs room admin", "the destination room is already set" |
///
/// ```
/// use livekit_access_token::{AccessToken, Credentials, VideoGrant};
/// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_identity("user123")
///     .add_name("John Doe")
///     .add_ttl(3600)
///     .add_grants(VideoGrant::new().room_join().room("my-room").can_publish(true))
///     .to_jwt()?;
/// assert_eq!(jwt.split('.').count(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Joining a room without an identity does not compile:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials, VideoGrant};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_grants(VideoGrant::new().room_join().room("my-room"))
///     .to_jwt(); // error: a token that joins a room needs an identity
/// ```
///
/// Joining a room without naming it does not compile:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials, VideoGrant};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_identity("user123")
///     .add_grants(VideoGrant::new().room_join())
///     .to_jwt(); // error: a token that joins a room needs a room name
/// ```
///
/// Setting the identity twice does not compile:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let token = AccessToken::with_credentials(&creds)
///     .add_identity("alice")
///     .add_identity("bob"); // error: the identity is already set
/// ```
///
/// Naming the room twice does not compile:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials, VideoGrant};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let token = AccessToken::with_credentials(&creds)
///     .add_grants(VideoGrant::new().room("a"))
///     .add_grants(VideoGrant::new().room("b")); // error: the room is already set
/// ```
///
/// Room admin without a room name does not compile:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials, VideoGrant};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let jwt = AccessToken::with_credentials(&creds)
///     .add_grants(VideoGrant::new().room_admin())
///     .to_jwt(); // error: a room-admin token needs a room name
/// ```
///
/// A participant kind is an enum, not a string:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let token = AccessToken::with_credentials(&creds).add_kind("agnet");
/// ```
///
/// `to_jwt()` consumes the token:
///
/// ```compile_fail
/// # use livekit_access_token::{AccessToken, Credentials};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// let token = AccessToken::with_credentials(&creds);
/// let first = token.to_jwt();
/// let second = token.to_jwt(); // error: use of moved value
/// ```
///
/// A token that is built and dropped is a lint error where `unused_must_use` is denied:
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// # use livekit_access_token::{AccessToken, Credentials};
/// # let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
/// AccessToken::with_credentials(&creds).add_identity("forgotten");
/// ```
#[must_use = "a token does nothing until you call `.to_jwt()`: mint it, do not discard it with `let _ =`"]
pub struct AccessToken<I = NoIdentity, J = NoJoin, R = NoRoom, A = NoAdmin, C = Credentials> {
    credentials: C,
    data: TokenData,
    state: PhantomData<(I, J, R, A)>,
}

/// A token that joins a room with its identity and room name set: ready for `to_jwt()`.
///
/// `RoomJoinToken` alone owns its credentials and grants no room admin. One built by
/// [`with_credentials`](AccessToken::with_credentials) borrows them: in a signature it is a
/// `RoomJoinToken<NoAdmin, &'a Credentials>`, or `RoomJoinToken<Admin, &'a Credentials>`
/// with `.room_admin()` (`AdminWithDestination` with a destination room too).
pub type RoomJoinToken<A = NoAdmin, C = Credentials> =
    AccessToken<HasIdentity, state::Joins, state::HasRoom, A, C>;

impl AccessToken {
    /// A new token with credentials from the environment (`LIVEKIT_API_KEY` and
    /// `LIVEKIT_API_SECRET`, or a single-key `LIVEKIT_KEYS`); see [`Credentials::from_env`].
    ///
    /// To mint many tokens, build [`Credentials`] once and use [`AccessToken::with_credentials`].
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> Result<AccessToken, CredentialsError> {
        Credentials::from_env().map(AccessToken::holding)
    }

    /// A new token with explicit credentials; the secret must be at least 32 bytes.
    pub fn with_api_key(
        api_key: impl AsRef<str>,
        api_secret: impl SecretSource,
    ) -> Result<AccessToken, CredentialsError> {
        Credentials::for_one_token(api_key.as_ref(), api_secret).map(AccessToken::holding)
    }

    /// A new token that borrows `credentials` for as long as it is being built.
    ///
    /// It touches no reference count, so threads minting with the same credentials write
    /// nothing they share on its account (the allocator is theirs to choose). The price is
    /// a lifetime: the token cannot outlive the credentials. A token that must, one stored
    /// or returned past them, takes a handle of its own through
    /// [`with_owned_credentials`](AccessToken::with_owned_credentials).
    ///
    /// ```
    /// use livekit_access_token::{AccessToken, Credentials, VideoGrant};
    /// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
    /// std::thread::scope(|s| {
    ///     for user in ["alice", "bob"] {
    ///         let creds = &creds;
    ///         s.spawn(move || {
    ///             AccessToken::with_credentials(creds)
    ///                 .add_identity(user)
    ///                 .add_grants(VideoGrant::new().room_join().room("my-room"))
    ///                 .to_jwt()
    ///         });
    ///     }
    /// });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The token cannot outlive the credentials it borrows:
    ///
    /// ```compile_fail,E0597
    /// # use livekit_access_token::{AccessToken, Credentials};
    /// let token = {
    ///     let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
    ///     AccessToken::with_credentials(&creds) // error: `creds` does not live long enough
    /// };
    /// let jwt = token.add_identity("alice").to_jwt();
    /// ```
    pub fn with_credentials(
        credentials: &Credentials,
    ) -> AccessToken<NoIdentity, NoJoin, NoRoom, NoAdmin, &Credentials> {
        AccessToken::holding(credentials)
    }

    /// A new token that owns its handle on `credentials`, so it can be stored, returned or
    /// sent anywhere; it mints exactly what [`with_credentials`](AccessToken::with_credentials)
    /// mints.
    ///
    /// Pass `credentials.clone()` to keep your own handle: a clone is a reference-count
    /// increment, and dropping the token a decrement, on memory that every thread holding
    /// the same credentials writes. Where the token is built and minted in one place,
    /// [`with_credentials`](AccessToken::with_credentials) writes none.
    ///
    /// ```
    /// use livekit_access_token::{AccessToken, Credentials, RoomJoinToken, VideoGrant};
    /// fn join_token(creds: &Credentials, who: &str) -> RoomJoinToken {
    ///     AccessToken::with_owned_credentials(creds.clone())
    ///         .add_identity(who)
    ///         .add_grants(VideoGrant::new().room_join().room("my-room"))
    /// }
    /// let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef")?;
    /// let jwt = join_token(&creds, "alice").to_jwt()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_owned_credentials(credentials: Credentials) -> AccessToken {
        AccessToken::holding(credentials)
    }

    /// An empty token holding its credentials as `C`.
    fn holding<C>(credentials: C) -> AccessToken<NoIdentity, NoJoin, NoRoom, NoAdmin, C> {
        AccessToken {
            credentials,
            data: TokenData::default(),
            state: PhantomData,
        }
    }
}

impl<I, J, R, A, C: Borrow<Credentials>> AccessToken<I, J, R, A, C> {
    #[inline(always)]
    fn with_state<I2, J2, R2, A2>(self) -> AccessToken<I2, J2, R2, A2, C> {
        AccessToken {
            credentials: self.credentials,
            data: self.data,
            state: PhantomData,
        }
    }

    /// Sets the participant identity. Once per token.
    #[inline(always)]
    pub fn add_identity(mut self, identity: impl IsIdentity) -> AccessToken<HasIdentity, J, R, A, C>
    where
        I: IdentityUnset,
    {
        self.data.identity = Some(Text::new(identity.as_ref()));
        self.with_state()
    }

    /// Sets the display name other participants see.
    #[inline(always)]
    pub fn add_name(mut self, name: impl AsRef<str>) -> Self {
        self.data.name = Some(Text::new(name.as_ref()));
        self
    }

    /// Sets how long the token is valid: seconds (`add_ttl(3600)`) or a
    /// [`Duration`](std::time::Duration). Defaults to one hour.
    #[inline(always)]
    pub fn add_ttl(mut self, ttl: impl IsTtl) -> Self {
        self.data.ttl = ttl.into();
        self
    }

    /// Sets the participant kind.
    pub fn add_kind(mut self, kind: impl IsParticipantKind) -> Self {
        self.data.kind = Some(kind.participant_kind());
        self
    }

    /// Adds details of the participant kind.
    pub fn add_kind_details(mut self, details: impl IntoIterator<Item: IsKindDetail>) -> Self {
        self.data
            .add_kind_details(details.into_iter().map(IsKindDetail::kind_detail));
        self
    }

    /// Adds a video grant; a second one merges into the first: flags set later win, and a
    /// later track-source list replaces the first one's. The grant's room join, room name
    /// and room admin states become the token's.
    // The projections spell out the state algebra where users read it (rustdoc, errors);
    // an alias would hide it behind one more name.
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    pub fn add_grants<J2, R2, A2>(
        mut self,
        grant: VideoGrant<J2, R2, A2>,
    ) -> AccessToken<
        I,
        <J as Union<J2>>::Output,
        <R as RoomUnion<R2>>::Output,
        <A as AdminUnion<A2>>::Output,
        C,
    >
    where
        J: Union<J2>,
        R: RoomUnion<R2>,
        A: AdminUnion<A2>,
        J2: JoinState,
        R2: RoomState,
        A2: AdminState,
    {
        merge_into!(self.data.video, grant.into_data());
        self.with_state()
    }

    service_grant_setters!();

    value_setters! {
        metadata: add_metadata,
        room_config: add_room_config,
        room_preset: add_room_preset,
        sha256: add_sha256,
    }

    /// Signs the token with the system clock. Compiles only when the type states fit
    /// (see the table above); fails only for values the types cannot see, each error
    /// naming its field ([`TokenError::field`]).
    pub fn to_jwt(self) -> Result<String, TokenError>
    where
        I: IdentityForJoin<J>,
        R: RoomForJoin<J> + RoomForAdmin<A>,
    {
        self.to_jwt_with_clock(&SystemClock)
    }

    /// [`to_jwt`](Self::to_jwt) with the clock's now as the token's start.
    pub fn to_jwt_with_clock(self, clock: &dyn Clock) -> Result<String, TokenError>
    where
        I: IdentityForJoin<J>,
        R: RoomForJoin<J> + RoomForAdmin<A>,
    {
        mint(self.credentials.borrow(), &self.data, clock)
    }
}

// No state bounds: a generic function that prints a token needs none of the rules.
impl<I, J, R, A, C: Borrow<Credentials>> fmt::Debug for AccessToken<I, J, R, A, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("api_key", &DebugKey(self.credentials.borrow().api_key()))
            .field("identity", &self.data.identity)
            .field("video", &self.data.video)
            .field("ttl", &self.data.ttl)
            .finish_non_exhaustive()
    }
}

//! The private supertraits of the type-state rules. This module is private: nobody
//! outside the crate can name these traits, so nobody can add a state or a rule.

pub trait Sealed {}

// One seal per rule family, so that the list of states rustc prints under a refused
// outside impl ("the following types implement the trait") names exactly the states
// that rule is for.
macro_rules! seal {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = "the rules cannot be implemented outside `livekit_access_token`: use its own states, through `AccessToken` and `VideoGrant`",
            label = "a rule implemented outside `livekit_access_token`",
            note = "a rule added outside the crate could let `.to_jwt()` compile for a token LiveKit rejects"
        )]
        pub trait $name<P> {}
    };
}

seal!(
    /// The supertrait of [`IdentityForJoin`](super::IdentityForJoin). `P` must be a state
    /// of this crate where `Self` meets the rule for some states only (`NoIdentity`);
    /// `HasIdentity` meets it for every `P` in one blanket impl, which already leaves no
    /// room for an impl elsewhere and keeps a generic function free of bounds.
    IdentityRule
);
seal!(
    /// The supertrait of [`RoomForJoin`](super::RoomForJoin) and
    /// [`RoomForAdmin`](super::RoomForAdmin), sealed as [`IdentityRule`] is.
    RoomRule
);
seal!(
    /// The supertrait of [`Union`](super::Union): `Self` and `P` are both join states of
    /// this crate. A seal on `Self` alone would leave `P` open to a type of the
    /// implementer's own.
    FlagUnion
);
seal!(
    /// The supertrait of [`AdminUnion`](super::AdminUnion): `Self` and `P` are both
    /// admin states of this crate.
    AdminPair
);
seal!(
    /// The supertrait of [`RoomUnion`](super::RoomUnion): `Self` and `P` are both room
    /// states of this crate.
    RoomPair
);

#[diagnostic::do_not_recommend]
impl<P: Sealed> IdentityRule<P> for super::NoIdentity {}
#[diagnostic::do_not_recommend]
impl<P> IdentityRule<P> for super::HasIdentity {}
#[diagnostic::do_not_recommend]
impl<P: Sealed> RoomRule<P> for super::NoRoom {}
#[diagnostic::do_not_recommend]
impl<P> RoomRule<P> for super::HasRoom {}

// The pair seals: `Self` and `P` are both states of one axis.
macro_rules! pair_seal {
    ($seal:ident<P: $axis:ident> for $($state:ident),+) => {$(
        #[diagnostic::do_not_recommend]
        impl<P: super::$axis> $seal<P> for super::$state {}
    )+};
}
pair_seal!(FlagUnion<P: JoinState> for NoJoin, Joins);
pair_seal!(AdminPair<P: AdminState> for NoAdmin, Admin, AdminWithDestination);
pair_seal!(RoomPair<P: RoomState> for NoRoom, HasRoom);

// Prevented: a function generic over the token's states that calls `.to_jwt()` without its bounds.
// Instead: `where I: state::IdentityForJoin<J>, R: state::RoomForJoin<J> + state::RoomForAdmin<A>` (and `C: Borrow<Credentials>`: pass/generic_helper_with_bounds.rs).
use livekit_access_token::*;

fn mint<I, J, R, A>(token: AccessToken<I, J, R, A>) -> Result<String, TokenError> {
    token.to_jwt()
}

fn main() {}

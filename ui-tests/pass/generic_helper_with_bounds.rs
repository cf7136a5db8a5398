// Allowed: a function generic over the token's states, with the bounds `.to_jwt()` has; it mints
// tokens that own or borrow their credentials, with and without a room join.
use livekit_access_token::state::{IdentityForJoin, RoomForAdmin, RoomForJoin};
use livekit_access_token::*;
use std::borrow::Borrow;

fn mint<I, J, R, A, C>(token: AccessToken<I, J, R, A, C>) -> Result<String, TokenError>
where
    I: IdentityForJoin<J>,
    R: RoomForJoin<J> + RoomForAdmin<A>,
    C: Borrow<Credentials>,
{
    token.add_ttl(600).to_jwt()
}

fn main() {
    let creds = Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap();
    let _jwt = mint(
        AccessToken::with_credentials(&creds)
            .add_identity("user123")
            .add_grants(VideoGrant::new().room_join().room("my-room")),
    );
    let _jwt = mint(
        AccessToken::with_owned_credentials(creds.clone())
            .add_grants(VideoGrant::new().room_list(true)),
    );
    let _jwt = mint(
        AccessToken::with_credentials(&creds)
            .add_grants(VideoGrant::new().room_admin().room("my-room")),
    );
}

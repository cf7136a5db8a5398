// Allowed: one Credentials value shared by threads that each mint tokens, borrowed or held.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn assert_send_sync<T: Send + Sync>() {}

fn main() {
    assert_send_sync::<Credentials>();
    assert_send_sync::<AccessToken>();
    assert_send_sync::<TokenError>();
    assert_send_sync::<CredentialsError>();
    let creds = std::sync::Arc::new(creds());
    let handle = std::thread::spawn({
        let creds = creds.clone();
        // A token of its own, built on a clone of the shared handle.
        move || {
            AccessToken::with_owned_credentials((*creds).clone())
                .add_identity("t")
                .to_jwt()
        }
    });
    let _ = handle.join();
    // Borrowed by scoped threads: no reference count is touched per token.
    let shared = (*creds).clone();
    std::thread::scope(|s| {
        for user in ["a", "b"] {
            let shared = &shared;
            s.spawn(move || {
                let token = AccessToken::with_credentials(shared).add_identity(user);
                assert_send_sync::<
                    AccessToken<
                        state::HasIdentity,
                        state::NoJoin,
                        state::NoRoom,
                        state::NoAdmin,
                        &Credentials,
                    >,
                >();
                token.to_jwt()
            });
        }
    });
}

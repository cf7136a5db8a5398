// Allowed: a server API token (here: create and list rooms) needs no identity.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _jwt = AccessToken::with_credentials(&creds())
        .add_grants(VideoGrant::new().room_create(true).room_list(true))
        .add_ttl(std::time::Duration::from_secs(600))
        .to_jwt();
}

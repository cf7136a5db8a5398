// Prevented: kind details written as strings.
// add_kind_details takes KindDetail values.
use livekit_access_token::*;

fn creds() -> Credentials {
    Credentials::new("APIexample", "0123456789abcdef0123456789abcdef").unwrap()
}

fn main() {
    let _token = AccessToken::with_credentials(&creds()).add_kind_details(["cloud_agent"]);
}
//! `verify` and `decode`: read a token from an argument or stdin.

use std::io::Read;

use livekit_access_token::{Claims, TokenVerifier, dangerous};

use crate::credentials::{CredentialArgs, credentials, key_ring};

fn read_token(arg: &str) -> Result<String, String> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut text = String::new();
    // Read at most a little more than the verifier's size limit.
    std::io::stdin()
        .take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the token from stdin: {e}"))?;
    Ok(text.trim().to_owned())
}

pub fn verify(token: &str, args: &CredentialArgs) -> Result<String, String> {
    let token = read_token(token)?;
    // With `--api-key`, that key alone; otherwise every configured key, chosen by the
    // token's `iss`. Either way through `key_ring`, so every flag (`--key-file`,
    // `--allow-insecure-short-secret`, ...) means the same as for `create`.
    let verifier = match &args.api_key {
        Some(_) => TokenVerifier::new(&credentials(args)?),
        None => TokenVerifier::from_key_ring(key_ring(args)?).map_err(|e| e.to_string())?,
    };
    let claims: Claims = verifier.verify(&token).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&claims).map_err(|e| e.to_string())
}

pub fn decode(token: &str) -> Result<String, String> {
    let token = read_token(token)?;
    let claims = dangerous::decode_untrusted(&token).map_err(|e| e.to_string())?;
    eprintln!("UNTRUSTED: the signature, issuer and expiry of this token were NOT checked");
    serde_json::to_string_pretty(claims.untrusted_claims()).map_err(|e| e.to_string())
}

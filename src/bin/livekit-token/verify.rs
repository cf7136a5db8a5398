//! `verify` and `decode`: read a token from an argument or stdin.

use std::io::{Read, Write};

use clap::Args;
use livekit_access_token::{
    Claims, DEFAULT_MAX_TOKEN_BYTES, TokenPart, TokenVerifier, VerifierConfigError, VerifyError,
    dangerous,
};

use crate::credentials::{CredentialArgs, credentials, key_ring};

#[derive(Args)]
pub struct VerifyArgs {
    /// The JWT, or `-` to read it from stdin.
    token: String,
    /// Refuse tokens longer than this many bytes, unread.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_TOKEN_BYTES)]
    max_token_bytes: usize,
    /// Accept a token whose `aud` names this audience (LiveKit writes none; without this
    /// flag a token with any `aud` is refused).
    #[arg(long, value_name = "AUD")]
    audience: Option<String>,
    #[command(flatten)]
    credentials: CredentialArgs,
}

/// What to do about a token over `verify`'s limit.
const VERIFY_FIX: &str = "if the token really is that long, raise the limit with --max-token-bytes";
/// `decode` reads through a fixed limit (the library's default), so the way out is `verify`.
const DECODE_FIX: &str =
    "decode reads tokens up to that size; verify --max-token-bytes reads longer ones";

/// Room for what surrounds a token piped in: a newline, a CRLF, a line of padding.
const STDIN_SLACK: usize = 1024;

/// The token argument, or stdin for `-`. Stdin is read up to the token limit plus a little
/// whitespace, and one byte more: enough to tell input that is too large from input that
/// just fits, without reading an endless stream to its end.
fn read_token(arg: &str, limit: usize, fix: &str) -> Result<String, String> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let cap = limit.saturating_add(STDIN_SLACK);
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the token from stdin: {e}"))?;
    if bytes.len() > cap {
        return Err(format!(
            "stdin holds more than {cap} bytes, and a token may be at most {limit}: {fix}"
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| "stdin is not UTF-8 text, so it is not a token: pipe in the JWT alone")?;
    Ok(text.trim().to_owned())
}

/// The library's errors that name its own settings, said with the command's flags.
fn verify_error(e: VerifyError, fix: &str) -> String {
    match e {
        VerifyError::UnexpectedAudience => "the token is for an audience (`aud`) not given \
            with --audience: refuse it, or pass --audience with the audience you expect"
            .into(),
        VerifyError::UnknownApiKey => "the token's issuer (`iss`) is not among the keys given: \
            if it is yours, pass its key and secret (--api-key and --api-secret, --key-file or \
            LIVEKIT_KEYS), else refuse the token"
            .into(),
        VerifyError::InvalidSignature => "invalid signature: the token was not signed with the \
            secret given for its API key, or was altered: check --api-secret (or the key file), \
            else refuse the token"
            .into(),
        VerifyError::TooLarge {
            part: TokenPart::Token,
            len,
            max,
        } => format!("the token is {len} bytes, over the limit of {max}: {fix}"),
        other => other.to_string(),
    }
}

pub fn verify(args: &VerifyArgs) -> Result<String, String> {
    let token = read_token(&args.token, args.max_token_bytes, VERIFY_FIX)?;
    let creds = &args.credentials;
    // With `--api-key`, that key alone; otherwise every configured key, chosen by the
    // token's `iss`. Either way through `key_ring`, so every flag (`--key-file`,
    // `--allow-insecure-short-secret`, ...) means the same as for `create`.
    let verifier = match &creds.api_key {
        Some(_) => TokenVerifier::new(&credentials(creds)?),
        None => TokenVerifier::from_key_ring(key_ring(creds)?).map_err(|e| e.to_string())?,
    }
    .with_max_token_bytes(args.max_token_bytes)
    .map_err(|e| match e {
        VerifierConfigError::TokenLimitTooSmall { bytes, min } => {
            format!("--max-token-bytes {bytes} is below the minimum of {min}: pass at least {min}")
        }
        other => other.to_string(),
    })?;
    let verifier = match &args.audience {
        Some(audience) => verifier.with_audience(audience),
        None => verifier,
    };
    let claims: Claims = verifier
        .verify(&token)
        .map_err(|e| verify_error(e, VERIFY_FIX))?;
    serde_json::to_string_pretty(&claims).map_err(|e| e.to_string())
}

pub fn decode(token: &str) -> Result<String, String> {
    let token = read_token(token, DEFAULT_MAX_TOKEN_BYTES, DECODE_FIX)?;
    let claims = dangerous::decode_untrusted(&token).map_err(|e| verify_error(e, DECODE_FIX))?;
    // Not `eprintln!`, which panics where stderr is closed.
    let _ = writeln!(
        std::io::stderr(),
        "UNTRUSTED: the signature, issuer and expiry of this token were NOT checked"
    );
    serde_json::to_string_pretty(claims.untrusted_claims()).map_err(|e| e.to_string())
}

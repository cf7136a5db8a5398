//! `livekit-token`: mint, verify and inspect LiveKit access tokens from the shell.
//! The Rust answer to `lk token create`, built on the library (the runtime-checked path),
//! so its rules and wire format are the library's.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use livekit_access_token::{
    AgentGrant, Claims, Credentials, CredentialsError, InferenceGrant, KeyRing, ObservabilityGrant,
    ParticipantKind, RoomConfiguration, RuntimeCheckedToken, SipGrant, TokenError, TokenVerifier,
    TrackSource, VideoClaims, dangerous,
};

#[derive(Parser)]
#[command(
    name = "livekit-token",
    version,
    about = "Mint, verify and inspect LiveKit access tokens",
    after_help = "Examples:
  livekit-token create --join --room my-room --identity user123 --name \"John Doe\" --valid-for 1h
  livekit-token create --create --list --valid-for 10m            # a server API token
  livekit-token create --join --room r --identity u --json | jq .claims
  livekit-token create --join --room r --identity u | livekit-token verify -
  livekit-token decode --untrusted \"$TOKEN\"

Credentials: --api-key/--api-secret, else LIVEKIT_API_KEY/LIVEKIT_API_SECRET, else a single-key
LIVEKIT_KEYS, or --key-file (the server's `key: secret` file; pick the key with --api-key).
Secrets are never printed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Mint a token and print it (the JWT alone, or --json for the claims too).
    Create(Box<CreateArgs>),
    /// Verify a token (a JWT argument, or `-` for stdin) and print its claims as JSON.
    Verify {
        /// The JWT, or `-` to read it from stdin.
        token: String,
        #[command(flatten)]
        credentials: CredentialArgs,
    },
    /// Print a token's claims WITHOUT checking its signature (inspection only).
    Decode {
        /// Required: says out loud that nothing is verified.
        #[arg(long, required = true)]
        untrusted: bool,
        /// The JWT, or `-` to read it from stdin.
        token: String,
    },
}

#[derive(Args)]
struct CredentialArgs {
    /// API key (the token's `iss`); with --key-file, which key of the file to use.
    #[arg(long)]
    api_key: Option<String>,
    /// API secret (prefer the environment: command lines are visible to other users).
    #[arg(long, conflicts_with = "key_file")]
    api_secret: Option<String>,
    /// The LiveKit server's key file (`key: secret` per line; must not be readable by others).
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// Accept a secret shorter than 32 bytes (the dev server's `devkey` / `secret`).
    #[arg(long)]
    allow_insecure_short_secret: bool,
}

#[derive(Args)]
struct CreateArgs {
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Let the bearer join the room (needs --room and --identity).
    #[arg(long)]
    join: bool,
    /// The room's name.
    #[arg(long)]
    room: Option<String>,
    /// The participant identity.
    #[arg(long)]
    identity: Option<String>,
    /// The participant's display name.
    #[arg(long)]
    name: Option<String>,
    /// How long the token is valid: `90s`, `10m`, `1h`, `2d`, or plain seconds.
    #[arg(long, default_value = "1h", value_parser = parse_duration)]
    valid_for: Duration,
    /// Participant metadata.
    #[arg(long)]
    metadata: Option<String>,
    /// A participant attribute, `key=value` (repeatable).
    #[arg(long = "attribute", value_parser = parse_attribute)]
    attributes: Vec<(String, String)>,
    /// The participant kind: standard, ingress, egress, sip, agent, connector, bridge.
    #[arg(long)]
    kind: Option<ParticipantKind>,
    /// Allow publishing (`canPublish: true`).
    #[arg(long)]
    can_publish: bool,
    /// Forbid publishing (`canPublish: false`).
    #[arg(long, conflicts_with = "can_publish")]
    no_publish: bool,
    /// Allow subscribing (`canSubscribe: true`).
    #[arg(long)]
    can_subscribe: bool,
    /// Forbid subscribing (`canSubscribe: false`).
    #[arg(long, conflicts_with = "can_subscribe")]
    no_subscribe: bool,
    /// Allow publishing data (`canPublishData: true`).
    #[arg(long)]
    can_publish_data: bool,
    /// Allow updating its own metadata (`canUpdateOwnMetadata`).
    #[arg(long)]
    can_update_own_metadata: bool,
    /// Track sources it may publish: camera, microphone, screen_share, screen_share_audio.
    #[arg(long, value_delimiter = ',')]
    sources: Vec<TrackSource>,
    /// Hidden participant.
    #[arg(long)]
    hidden: bool,
    /// Recorder participant.
    #[arg(long)]
    recorder: bool,
    /// Room configuration, a JSON file (camelCase protojson `RoomConfiguration`).
    #[arg(long)]
    room_config: Option<PathBuf>,
    /// Allow storage or stream credentials in --room-config (the token then carries them).
    #[arg(long)]
    allow_sensitive_credentials: bool,
    /// Create and delete rooms.
    #[arg(long)]
    create: bool,
    /// List rooms.
    #[arg(long)]
    list: bool,
    /// Administer the room named by --room (needs --room).
    #[arg(long)]
    admin: bool,
    /// Record rooms.
    #[arg(long)]
    record: bool,
    /// Administer ingress.
    #[arg(long)]
    ingress_admin: bool,
    /// Manage SIP trunks and dispatch rules.
    #[arg(long)]
    sip_admin: bool,
    /// Make SIP calls.
    #[arg(long)]
    sip_call: bool,
    /// Administer agents (the top-level `agent` grant).
    #[arg(long)]
    agent_admin: bool,
    /// Perform inference.
    #[arg(long)]
    inference: bool,
    /// Write observability data.
    #[arg(long)]
    observability: bool,
    /// Print `{"token": ..., "claims": ...}` instead of the JWT alone.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Create(args) => create(*args),
        Command::Verify { token, credentials } => verify(&token, &credentials),
        Command::Decode { token, .. } => decode(&token),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// The keys the command may use: `--key-file`, `--api-key` with `--api-secret`, the
/// environment's `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`, or `LIVEKIT_KEYS` (all trimmed,
/// like the library).
fn key_ring(args: &CredentialArgs) -> Result<KeyRing, String> {
    let insecure = args.allow_insecure_short_secret;
    let build = |key: &str, secret: &str| {
        let (key, secret) = (key.trim().to_owned(), secret.trim().to_owned());
        if insecure {
            Credentials::new_allowing_insecure_short_secret(key, secret)
        } else {
            Credentials::new(key, secret)
        }
        .map(KeyRing::from)
        .map_err(cred_error)
    };
    // Wiped when dropped, like the library's own reads of these variables.
    let env = |var: &str| std::env::var(var).ok().map(zeroize::Zeroizing::new);
    if let Some(path) = &args.key_file {
        let ring = if insecure {
            KeyRing::from_key_file_allowing_insecure_short_secrets(path)
        } else {
            KeyRing::from_key_file(path)
        };
        return ring.map_err(cred_error);
    }
    match (&args.api_key, &args.api_secret) {
        (Some(key), Some(secret)) => build(key, secret),
        (None, Some(_)) => Err("--api-secret needs --api-key".into()),
        (key, None) => match (env("LIVEKIT_API_KEY"), env("LIVEKIT_API_SECRET"), env("LIVEKIT_KEYS")) {
            (Some(env_key), Some(secret), _) => match key {
                Some(key) if key.trim() != env_key.trim() => Err(format!(
                    "--api-key {key:?} is not LIVEKIT_API_KEY: pass its secret with --api-secret"
                )),
                _ => build(&env_key, &secret),
            },
            (None, None, Some(keys)) => if insecure {
                KeyRing::from_keys_str_allowing_insecure_short_secrets(&keys)
            } else {
                KeyRing::from_keys_str(&keys)
            }
            .map_err(cred_error),
            (Some(_), None, _) => Err("LIVEKIT_API_SECRET is not set: export it, or pass --api-secret".into()),
            (None, Some(_), _) => Err("LIVEKIT_API_KEY is not set: export it, or pass --api-key".into()),
            (None, None, None) => Err(
                "no credentials: pass --api-key and --api-secret, or set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, LIVEKIT_KEYS, or --key-file"
                    .into(),
            ),
        },
    }
}

/// The one key to mint with: `--api-key` chooses among several.
fn credentials(args: &CredentialArgs) -> Result<Credentials, String> {
    let ring = key_ring(args)?;
    let chosen = match &args.api_key {
        Some(key) => key.trim().to_owned(),
        None => {
            let mut keys = ring.api_keys();
            match (keys.next(), keys.next()) {
                (Some(only), None) => only.to_owned(),
                _ => {
                    return Err(format!(
                        "{} keys to choose from: pick one with --api-key",
                        ring.len()
                    ));
                }
            }
        }
    };
    ring.get(&chosen)
        .cloned()
        .ok_or_else(|| format!("API key {chosen:?} is not among the configured keys"))
}

fn cred_error(e: CredentialsError) -> String {
    match e {
        CredentialsError::WeakSecret { .. } => {
            format!("{e} (on the command line: --allow-insecure-short-secret)")
        }
        other => other.to_string(),
    }
}

fn create(a: CreateArgs) -> Result<String, String> {
    let creds = credentials(&a.credentials)?;
    let mut video = VideoClaims::new();
    let set = |flag: bool| flag.then_some(true);
    video.room_join = set(a.join);
    video.room = a.room.clone();
    video.room_admin = set(a.admin);
    video.room_create = set(a.create);
    video.room_list = set(a.list);
    video.room_record = set(a.record);
    video.ingress_admin = set(a.ingress_admin);
    video.hidden = set(a.hidden);
    video.recorder = set(a.recorder);
    video.can_publish = if a.can_publish {
        Some(true)
    } else if a.no_publish {
        Some(false)
    } else {
        None
    };
    video.can_subscribe = if a.can_subscribe {
        Some(true)
    } else if a.no_subscribe {
        Some(false)
    } else {
        None
    };
    video.can_publish_data = set(a.can_publish_data);
    video.can_update_own_metadata = set(a.can_update_own_metadata);
    if !a.sources.is_empty() {
        video.can_publish_sources = Some(a.sources.iter().map(|s| s.as_str().to_owned()).collect());
    }
    let mut token = RuntimeCheckedToken::new(&creds)
        .set_ttl(a.valid_for)
        .add_grants(video);
    if let Some(v) = a.identity {
        token = token.set_identity(v);
    }
    if let Some(v) = a.name {
        token = token.set_name(v);
    }
    if let Some(v) = a.metadata {
        token = token.set_metadata(v);
    }
    if !a.attributes.is_empty() {
        token = token.add_attributes(a.attributes);
    }
    if let Some(k) = a.kind {
        token = token.set_kind(k);
    }
    if a.sip_admin || a.sip_call {
        token = token.add_sip_grants(SipGrant::new().admin(a.sip_admin).call(a.sip_call));
    }
    if a.agent_admin {
        token = token.add_agent_grants(AgentGrant::new().admin(true));
    }
    if a.inference {
        token = token.add_inference_grants(InferenceGrant::new().perform(true));
    }
    if a.observability {
        token = token.add_observability_grants(ObservabilityGrant::new().write(true));
    }
    if let Some(path) = &a.room_config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let config: RoomConfiguration = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a room configuration: {e}", path.display()))?;
        token = token.set_room_config(config);
    }
    if a.allow_sensitive_credentials {
        token = token.allow_sensitive_credentials_in_room_config();
    }
    let jwt = token.to_jwt_checked().map_err(token_error)?;
    if !a.json {
        return Ok(jwt);
    }
    let claims = dangerous::decode_untrusted(&jwt)
        .map_err(|e| e.to_string())?
        .into_untrusted_claims();
    Ok(serde_json::json!({ "token": jwt, "claims": claims }).to_string())
}

/// The library's errors in the words of this tool's flags. The room rules are the ones the
/// types enforce in code, checked by `to_jwt_checked` (one implementation), with the same
/// wording as the compile errors but naming the flag to pass.
fn token_error(e: TokenError) -> String {
    match e {
        TokenError::RoomJoinWithoutIdentity => {
            "this token joins a room, so it needs an identity: pass --identity".into()
        }
        TokenError::RoomJoinWithoutRoom => {
            "this token joins a room, so it needs a room name: pass --room".into()
        }
        TokenError::RoomAdminWithoutRoom => {
            "this token grants room admin, so it needs a room name: pass --room".into()
        }
        TokenError::ZeroTtl => {
            "--valid-for is zero, so the token would be born expired: pass a positive duration"
                .into()
        }
        TokenError::TtlOverflow => {
            "--valid-for is too long: now + the duration must stay below 2^53 seconds".into()
        }
        TokenError::SensitiveCredentials { path } => {
            format!(
                "the room config carries credentials at `{path}`: remove them, or pass --allow-sensitive-credentials"
            )
        }
        other => other.to_string(),
    }
}

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

fn verify(token: &str, args: &CredentialArgs) -> Result<String, String> {
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

fn decode(token: &str) -> Result<String, String> {
    let token = read_token(token)?;
    let claims = dangerous::decode_untrusted(&token).map_err(|e| e.to_string())?;
    eprintln!("UNTRUSTED: the signature, issuer and expiry of this token were NOT checked");
    serde_json::to_string_pretty(claims.untrusted_claims()).map_err(|e| e.to_string())
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 90s, 10m, 1h or 2d"))?;
    let secs = match unit {
        "" | "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => return Err(format!("{s:?} has an unknown unit: use s, m, h or d")),
    };
    secs.map(Duration::from_secs)
        .ok_or_else(|| format!("{s:?} is too long"))
}

fn parse_attribute(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("{s:?} is not key=value"))
}

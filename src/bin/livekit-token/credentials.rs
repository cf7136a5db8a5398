//! Which keys a command signs or verifies with: flags, the environment, or a key file.

use std::env::VarError;
use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{StringValueParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, Args, Command};
use livekit_access_token::{Credentials, CredentialsError, KeyRing};
use zeroize::{Zeroize, Zeroizing};

use crate::one_dash::long_arg;

#[derive(Args)]
#[command(next_help_heading = "Credentials")]
pub struct CredentialArgs {
    /// API key (the token's `iss`); with --key-file, which key of the file to use.
    #[arg(long)]
    pub api_key: Option<String>,
    /// API secret (prefer the environment: command lines are visible to other users).
    // A secret may start with `-` (base64url): taken as the value, never echoed back as an
    // unknown flag; but not a word that is one of the command's flags, which the secret was
    // left out before (lk's Go flags take it, and sign with `--join`).
    #[arg(
        long,
        conflicts_with = "key_file",
        allow_hyphen_values = true,
        value_parser = NotAFlag
    )]
    pub api_secret: Option<String>,
    /// The LiveKit server's key file (`key: secret` per line; others must have no access to it).
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// Accept a secret shorter than 32 bytes (a dev server's; `livekit-server --dev`'s
    /// own keys are --dev).
    #[arg(long)]
    pub allow_insecure_short_secret: bool,
    /// The dev server's keys (`livekit-server --dev`: `devkey` / `secret`, short as they
    /// are), as lk's --dev.
    #[arg(long, conflicts_with_all = ["api_key", "api_secret", "key_file"])]
    pub dev: bool,
}

/// --api-secret's value: any word, a dashed one too, but not one of the command's flags
/// (`--join`, `-r`, `--room=r`), which means the secret was left out. Only the flag's name is
/// said back: a word that is not one may be the secret.
#[derive(Clone)]
struct NotAFlag;

impl TypedValueParser for NotAFlag {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        _arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        let value = StringValueParser::new().parse_ref(cmd, None, value)?;
        match flag_named(cmd, &value) {
            Some(flag) => {
                Err(clap::Error::raw(ErrorKind::ValueValidation, no_secret(&flag)).with_cmd(cmd))
            }
            None => Ok(value),
        }
    }
}

/// The refusal of a flag's name given as --api-secret's value.
fn no_secret(flag: &str) -> String {
    format!(
        "--api-secret has no value: what follows it is the flag {flag}, not a secret: give the \
         secret right after --api-secret, or set LIVEKIT_API_SECRET (command lines are visible \
         to other users)"
    )
}

/// The refusal of a command line (`words`, the subcommand first) whose --api-secret is
/// followed by a flag of the subcommand: the cause of any other error clap finds on it too
/// (`--api-secret --room r` leaves `r` without a flag), which [`NotAFlag`] never sees.
pub fn secret_left_out(cli: &Command, words: &[String]) -> Option<String> {
    let mut cmd = cli.find_subcommand(words.first()?)?.clone();
    cmd.build();
    let next_words = words.iter().skip(1).map(Some).chain([None]);
    words
        .iter()
        .zip(next_words)
        .filter_map(|(word, next)| match word.strip_prefix("--api-secret")? {
            "" => next.map(String::as_str),
            rest => rest.strip_prefix('='),
        })
        .find_map(|value| flag_named(&cmd, value))
        .map(|flag| no_secret(&flag))
}

/// The flag of `cmd` that `word` names, alone or with a value after `=` (`--room=r`,
/// `-r=r`): `--name` or `-x`, without the value. A short flag with a value glued on (`-rx`)
/// is not one: a dashed secret may start so.
fn flag_named(cmd: &Command, word: &str) -> Option<String> {
    let name = word.split_once('=').map_or(word, |(name, _)| name);
    if let Some(long) = name.strip_prefix("--") {
        return long_arg(cmd, long).map(|_| format!("--{long}"));
    }
    let mut chars = name.strip_prefix('-')?.chars();
    let (Some(short), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let is_it = |arg: &Arg| {
        arg.get_short() == Some(short)
            || arg
                .get_all_short_aliases()
                .is_some_and(|a| a.contains(&short))
    };
    cmd.get_arguments().any(is_it).then(|| format!("-{short}"))
}

/// Every way to give this tool its keys, for errors to list.
pub const KEY_SOURCES: &str = "pass --api-key and --api-secret, or set LIVEKIT_API_KEY and \
     LIVEKIT_API_SECRET, LIVEKIT_KEYS, or --key-file (--dev for a dev server's keys)";

/// The key and secret `livekit-server --dev` runs with.
const DEV_KEYS: (&str, &str) = ("devkey", "secret");

const DEV_BESIDE_KEYS: &str = "--dev, and LIVEKIT_API_KEY, LIVEKIT_API_SECRET or LIVEKIT_KEYS is set: unset them for the dev server's keys, or drop --dev";

/// The keys the command may use: `--key-file`, `--api-key` with `--api-secret`, the
/// environment's `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`, or `LIVEKIT_KEYS` (all trimmed,
/// like the library).
pub fn key_ring(args: &CredentialArgs) -> Result<KeyRing, String> {
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
    if let Some(path) = &args.key_file {
        let ring = if insecure {
            KeyRing::from_key_file_allowing_insecure_short_secrets(path)
        } else {
            KeyRing::from_key_file(path)
        };
        return ring
            .map_err(cred_error)
            .and_then(|ring| holding_a_key(ring, &path.display().to_string()));
    }
    match (&args.api_key, &args.api_secret) {
        (Some(key), Some(secret)) => build(key, secret),
        (None, Some(_)) => Err("--api-secret needs --api-key".into()),
        (key, None) => match env_pair(args.dev)? {
            // As lk: --dev beside keys in the environment means one of the two by mistake.
            (None, None) if args.dev => match env("LIVEKIT_KEYS")? {
                Some(_) => Err(DEV_BESIDE_KEYS.into()),
                None => Credentials::new_allowing_insecure_short_secret(DEV_KEYS.0, DEV_KEYS.1)
                    .map(KeyRing::from)
                    .map_err(cred_error),
            },
            _ if args.dev => Err(DEV_BESIDE_KEYS.into()),
            (Some(env_key), Some(secret)) => match key {
                Some(key) if key.trim() != env_key.trim() => Err(format!(
                    "--api-key {} is not LIVEKIT_API_KEY: pass its secret with --api-secret",
                    shown_key(key)
                )),
                _ => build(&env_key, &secret),
            },
            // A key from a flag and a secret from the environment could be two keys'
            // halves: never paired.
            (Some(_), None) | (None, Some(_)) if key.is_some() => Err(
                "--api-key was given without --api-secret, and LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not both set: pass --api-secret too".into(),
            ),
            (Some(_), None) => Err(
                "LIVEKIT_API_KEY is set but LIVEKIT_API_SECRET is not: export it, or pass --api-key and --api-secret".into(),
            ),
            (None, Some(_)) => Err(
                "LIVEKIT_API_SECRET is set but LIVEKIT_API_KEY is not: export it, or pass --api-key and --api-secret".into(),
            ),
            // Neither of the pair is set, so the library reads LIVEKIT_KEYS, and its errors
            // name the variable.
            (None, None) => match env("LIVEKIT_KEYS")? {
                Some(_) => if insecure {
                    KeyRing::from_env_allowing_insecure_short_secrets()
                } else {
                    KeyRing::from_env()
                }
                .map_err(cred_error)
                .and_then(|ring| holding_a_key(ring, "LIVEKIT_KEYS")),
                None if key.is_some() => Err(
                    "--api-key was given without its secret: pass --api-secret too, or set LIVEKIT_KEYS or --key-file holding that key".into(),
                ),
                None => Err(format!("no credentials: {KEY_SOURCES}")),
            },
        },
    }
}

/// `LIVEKIT_API_KEY` and `LIVEKIT_API_SECRET`; one set but empty is refused by its name,
/// as the library's `Credentials::from_env` does (with --dev, set at all is the mistake).
fn env_pair(dev: bool) -> Result<EnvPair, String> {
    let pair = (env("LIVEKIT_API_KEY")?, env("LIVEKIT_API_SECRET")?);
    for (var, value) in [
        ("LIVEKIT_API_KEY", &pair.0),
        ("LIVEKIT_API_SECRET", &pair.1),
    ] {
        if !dev && value.as_ref().is_some_and(|v| v.trim().is_empty()) {
            return Err(cred_error(CredentialsError::EmptyEnv { var }));
        }
    }
    Ok(pair)
}

type EnvPair = (Option<Zeroizing<String>>, Option<Zeroizing<String>>);

/// An API key as an error shows it. One as long as a secret may be the secret, given to
/// --api-key by mistake.
fn shown_key(key: &str) -> String {
    if key.trim().len() < livekit_access_token::MIN_SECRET_LEN {
        format!("{:?}", key.trim())
    } else {
        "(not shown, as long as a secret)".to_owned()
    }
}

/// A key list with no key is refused by where it came from, for `create` and `verify` alike
/// (rather than as "0 keys to choose from" or an empty key ring).
fn holding_a_key(ring: KeyRing, source: &str) -> Result<KeyRing, String> {
    if ring.is_empty() {
        return Err(cred_error(CredentialsError::NoKeys {
            source_name: source.to_owned(),
        }));
    }
    Ok(ring)
}

/// An environment variable's value, wiped when dropped, like the library's own reads. A
/// value that is not UTF-8 is refused rather than taken for unset (which would fall back to
/// other keys), and wiped first: it may be the secret.
fn env(var: &'static str) -> Result<Option<Zeroizing<String>>, String> {
    match std::env::var(var) {
        Ok(value) => Ok(Some(Zeroizing::new(value))),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(value)) => {
            value.into_encoded_bytes().zeroize();
            Err(cred_error(CredentialsError::NotUnicode { var }))
        }
    }
}

/// The one key to mint with: `--api-key` chooses among several.
pub fn credentials(args: &CredentialArgs) -> Result<Credentials, String> {
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
    // A pair (flags or environment) holds the key --api-key names, or was refused by
    // `key_ring`: a key is missing from a key file or from LIVEKIT_KEYS only. --api-secret
    // goes with --api-key alone, and is refused next to --key-file.
    ring.get(&chosen).cloned().ok_or_else(|| {
        let key = shown_key(&chosen);
        match &args.key_file {
            Some(path) => format!(
                "API key {key} is not in --key-file {}: check --api-key, or add the key's \
                 `key: secret` line to the file (or drop --key-file and pass its secret with \
                 --api-secret)",
                path.display()
            ),
            None => format!(
                "API key {key} is not in LIVEKIT_KEYS: check --api-key, or add the key to \
                 LIVEKIT_KEYS (or pass its secret with --api-secret)"
            ),
        }
    })
}

/// The library's errors in this tool's words where they name a library call as the fix.
fn cred_error(e: CredentialsError) -> String {
    match e {
        CredentialsError::WeakSecret { len } => format!(
            "the API secret is {len} bytes, shorter than the 32 bytes HS256 needs: generate a longer one \
             (`livekit-server generate-keys`), or pass --allow-insecure-short-secret for a dev server"
        ),
        CredentialsError::KeyListWeakSecret {
            source_name,
            line,
            len,
        } => format!(
            "line {line} of {source_name} holds a secret of {len} bytes, shorter than the 32 bytes HS256 needs: \
             generate a longer one (`livekit-server generate-keys`), or pass --allow-insecure-short-secret for a dev server"
        ),
        CredentialsError::NotExactlyOneKey { source_name, count } => {
            format!("{source_name} holds {count} keys: pick one with --api-key")
        }
        CredentialsError::MissingEnv { var } => {
            format!("{var} is not set: export it, or pass --api-key and --api-secret")
        }
        other => other.to_string(),
    }
}

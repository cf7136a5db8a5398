//! `livekit-token`: mint, verify and inspect LiveKit access tokens from the shell.
//! The Rust answer to `lk token create`, built on the library (the runtime-checked path),
//! so its rules and wire format are the library's.

mod args;
mod create;
mod credentials;
mod duration;
mod grants;
mod verify;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::args::CreateArgs;
use crate::verify::VerifyArgs;

const CREATE_HELP: &str =
    "Examples (lk token create's flags work here too, within the differences below):
  livekit-token create --join -r my-room -i user123 --agent support-bot --valid-for 1h30m
  livekit-token create --grant '{\"roomJoin\":true,\"room\":\"r\",\"canPublish\":true}' -i u
  livekit-token create --create --list --valid-for 10m            # a server API token

When two say the same: --grant's keys win over the flags, --attribute-file's keys over
--attribute's, and --agent is added to the agents of --room-config.
A token must grant something (--join, --create, ...) or vouch for a webhook body (--sha256):
--allow-no-permissions mints one that does neither.

Differences from lk token create: it prints the JWT alone unless --json (lk prints a
report). Where lk guesses, drops a value or asks, this refuses: no made-up identity or room,
no %x templates, no token without a permission (a --grant of {} is none), --grant keys spelt
exactly and once (lk folds case and drops unknown ones), no empty canPublishSources (which
LiveKit reads as every source), --agent only with --join (lk drops it), a --valid-for above
zero (lk reads zero as 6 hours), --attribute items lk's dotenv reading would change, the key
and the secret from one source, a secret of 32 bytes or more unless
--allow-insecure-short-secret, on/off flags without =true or =false. --dev is lk's (the dev
server's keys); --yes, --quiet and --verbose are taken and change nothing (this never asks,
and prints its output alone). --open and lk's projects (--project, --subdomain, --config)
are not here.";

#[derive(Parser)]
#[command(
    name = "livekit-token",
    version,
    about = "Mint, verify and inspect LiveKit access tokens",
    after_help = "Examples (lk token create's flags work with livekit-token create too, within the differences
that `livekit-token create --help` lists):
  livekit-token create --join --room my-room --identity user123 --agent support-bot --valid-for 1h30m
  livekit-token create --grant '{\"roomJoin\":true,\"room\":\"r\",\"canPublish\":true}' --identity u
  livekit-token create --create --list --valid-for 10m            # a server API token
  livekit-token create --join -r r -i u --json | jq .claims
  livekit-token create --join -r r -i u | livekit-token verify -
  livekit-token decode --untrusted \"$TOKEN\"

Credentials: --key-file (the server's `key: secret` file), else --api-key/--api-secret, else
LIVEKIT_API_KEY/LIVEKIT_API_SECRET, else LIVEKIT_KEYS. Among several keys, create mints with
the one --api-key names; verify uses the one the token's issuer names, or --api-key's alone.
Secrets are never printed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Mint a token and print it (the JWT alone, or --json for the claims too).
    #[command(after_help = CREATE_HELP)]
    Create(Box<CreateArgs>),
    /// Verify a token (a JWT argument, or `-` for stdin) and print its claims as JSON.
    Verify(VerifyArgs),
    /// Print a token's claims WITHOUT checking its signature (inspection only).
    Decode {
        /// Required: says out loud that nothing is verified.
        #[arg(long, required = true)]
        untrusted: bool,
        /// The JWT, or `-` to read it from stdin.
        token: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    let result = match cli.command {
        Command::Create(args) => create::create(*args),
        Command::Verify(args) => verify::verify(&args),
        Command::Decode { token, .. } => verify::decode(&token),
    };
    match result {
        Ok(out) => match writeln!(io::stdout().lock(), "{out}") {
            Ok(()) => ExitCode::SUCCESS,
            // The reader stopped reading (`| head`): nobody is left to tell.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(1),
            Err(e) => error(&format!(
                "could not write the output ({e}): write it somewhere with room"
            )),
        },
        Err(message) => error(&message),
    }
}

/// Says `message` on stderr as one `error:` line, and fails. (`eprintln!` would panic
/// where stderr is closed.)
fn error(message: &str) -> ExitCode {
    let _ = writeln!(io::stderr().lock(), "error: {message}");
    ExitCode::from(1)
}

/// Help and version go out as clap writes them; an argument error becomes one line, like
/// every other error of this tool, keeping clap's reason and tip but not its usage block.
fn argument_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Nothing useful to do if stdout is gone.
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    }
    let message = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if e.kind() == ErrorKind::UnknownArgument => {
            unknown_argument(arg, e)
        }
        _ => one_line(&e.render().to_string()),
    };
    let _ = writeln!(io::stderr().lock(), "error: {message}");
    ExitCode::from(2)
}

/// An argument no flag takes. Clap repeats it, but a stray word is often a value that lost
/// its flag, the secret among them (`--api-key K SECRET`, an unquoted secret with a space):
/// only what looks like a flag's name is shown (clap leaves out a `=value` itself).
fn unknown_argument(arg: &str, e: &clap::Error) -> String {
    let looks_like_a_flag = arg.starts_with('-')
        && if arg.len() == 2 {
            arg.as_bytes().get(1).is_some_and(u8::is_ascii_alphanumeric)
        } else {
            arg.len() <= 40
                && arg
                    .bytes()
                    .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit())
        };
    if looks_like_a_flag {
        one_line(&e.render().to_string())
    } else {
        "an unexpected argument, not shown as it may be a secret: give each value after its \
         flag, and quote a value that holds spaces (--help lists the flags)"
            .into()
    }
}

/// Clap's multi-line error text as one line: the message and its tips, without the usage
/// block and the pointer to --help.
fn one_line(rendered: &str) -> String {
    let mut line = String::new();
    for part in rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
    {
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(part);
    }
    line
}

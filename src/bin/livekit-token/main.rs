//! `livekit-token`: mint, verify and inspect LiveKit access tokens from the shell.
//! The Rust answer to `lk token create`, built on the library (the runtime-checked path),
//! so its rules and wire format are the library's.

mod arg_error;
mod args;
mod create;
mod credentials;
mod duration;
mod grants;
mod one_dash;
mod verify;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

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
report), and --json has no project_url without --url, LIVEKIT_URL or --dev (lk's is then
http://localhost:7880, the dev server's). Where lk guesses, drops a value or asks, this
refuses: no made-up identity or room, no %x templates, no token without a permission (a
--grant of {} is none), --grant keys spelt exactly and once (lk folds case and drops
unknown ones), no null in --grant over a flag's value, no empty canPublishSources (which
LiveKit reads as every source), --agent only with --join and -d/--job-metadata only with
--agent (lk drops them), a --valid-for above zero (lk reads zero as 6 hours), --attribute
items lk's dotenv reading would change, the key and the secret from one source, no flag
taken for --api-secret's value (lk signs with `--join`), a secret of 32 bytes or more
unless --allow-insecure-short-secret, on/off flags without =true or =false, long flags with
two dashes (lk reads `-identity` as `--identity`). --dev is lk's (the dev server's keys);
--yes, --quiet, --verbose and --curl are taken and change nothing (this never asks, prints
its output alone and calls no API). --open and lk's projects (--project, --subdomain,
--config) are not here.";

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
LIVEKIT_API_KEY/LIVEKIT_API_SECRET, else LIVEKIT_KEYS; or --dev for the dev server's keys. Among several keys, create mints with
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
    if let Some(message) = one_dash::long_flag_with_one_dash(&Cli::command(), &words()) {
        say_error(&message);
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return arg_error::argument_error(&e),
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

/// The words of the command line after the program's name. Not `env::args()`, which
/// panics on a word that is not UTF-8 (clap refuses it).
fn words() -> Vec<String> {
    std::env::args_os()
        .skip(1)
        .map(|word| word.to_string_lossy().into_owned())
        .collect()
}

/// Says `message` on stderr as one `error:` line, and fails.
fn error(message: &str) -> ExitCode {
    say_error(message);
    ExitCode::from(1)
}

/// Writes `message` on stderr as one `error:` line: a control character in it (a line
/// break or a terminal escape in a file's path) is escaped. (`eprintln!` would panic
/// where stderr is closed.)
fn say_error(message: &str) {
    let mut line = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_debug());
        } else {
            line.push(c);
        }
    }
    let _ = writeln!(io::stderr().lock(), "error: {line}");
}

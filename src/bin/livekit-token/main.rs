//! `livekit-token`: mint, verify and inspect LiveKit access tokens from the shell.
//! The Rust answer to `lk token create`, built on the library (the runtime-checked path),
//! so its rules and wire format are the library's.

mod args;
mod create;
mod credentials;
mod duration;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::args::CreateArgs;
use crate::credentials::CredentialArgs;

#[derive(Parser)]
#[command(
    name = "livekit-token",
    version,
    about = "Mint, verify and inspect LiveKit access tokens",
    after_help = "Examples:
  livekit-token create --join --room my-room --identity user123 --name \"John Doe\" --valid-for 1h30m
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Create(args) => create::create(*args),
        Command::Verify { token, credentials } => verify::verify(&token, &credentials),
        Command::Decode { token, .. } => verify::decode(&token),
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

//! The main job: mint a token that lets "user123" join "my-room" and publish.
//!
//! With `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET` (or `LIVEKIT_KEYS`) set it signs with
//! them; with none of them set it uses the LiveKit dev server's `devkey` / `secret`
//! (`livekit-server --dev`), whose secret is too short for production and needs the loudly
//! named opt-in.
//!
//! Run: `cargo run --example quickstart`

use std::process::ExitCode;

use livekit_access_token::{
    AccessToken, Credentials, CredentialsError, TokenVerifier, TrackSource, VideoGrant,
};

fn main() -> ExitCode {
    // Errors printed as their message, which says what to do (`?` out of `main` would
    // print their `Debug` form).
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let configured = ["LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_KEYS"]
        .iter()
        .any(|var| std::env::var_os(var).is_some());
    let credentials = if configured {
        // A weak, missing or malformed secret is an error, never a reason to fall back.
        match Credentials::from_env() {
            Ok(credentials) => credentials,
            // LiveKit's guides export the dev server's keys; this example's way to use them
            // is to leave the variables unset, which it then says out loud.
            Err(
                CredentialsError::WeakSecret { len }
                | CredentialsError::KeyListWeakSecret { len, .. },
            ) => {
                return Err(format!(
                    "the secret in the environment is {len} bytes, shorter than the 32 bytes a \
                     production secret needs: for the dev server's devkey/secret, unset \
                     LIVEKIT_API_KEY, LIVEKIT_API_SECRET and LIVEKIT_KEYS and run this again \
                     (your own dev code can call Credentials::from_env_allowing_insecure_short_secret)"
                )
                .into());
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        eprintln!(
            "LIVEKIT_API_KEY is not set: using the dev server's insecure devkey/secret \
             (Credentials::new_allowing_insecure_short_secret). Never do this in production."
        );
        Credentials::new_allowing_insecure_short_secret("devkey", "secret")?
    };

    let jwt = AccessToken::with_credentials(&credentials)
        .add_identity("user123") // unique id of the user
        .add_name("John Doe") // visible in the room
        .add_ttl(3600) // seconds; one hour is also the default
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("my-room")
                .can_publish(true)
                .can_publish_sources([TrackSource::Camera, TrackSource::Microphone]),
        )
        .to_jwt()?;

    // A JWT is a bearer credential: print it only in a demo like this one.
    println!("{jwt}");

    // Read back the way a backend receiving it would: verified, with identity and room
    // guaranteed present.
    let joined = TokenVerifier::new(&credentials).verify_room_join(&jwt)?;
    eprintln!("{}", serde_json::to_string_pretty(joined.claims())?);
    Ok(())
}

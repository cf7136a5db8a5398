//! A token endpoint in LiveKit's standard format, the one every client SDK's endpoint
//! `TokenSource` calls, and a webhook receiver.
//!
//! - `POST /token`: the body is a `TokenSourceRequest` exactly as client SDKs send it
//!   (`room_name`, `participant_identity`, `participant_name`, `participant_metadata`,
//!   `participant_attributes`, `room_config` with agent dispatch; all optional). The answer
//!   is `201` with `{"server_url", "participant_token"}`, a 15-minute room-join token. A
//!   request field this endpoint does not let clients set is `403`; a malformed body, a
//!   field the request format does not have or a value over the server's limits `400`; a
//!   body over 16 KiB `413`; a missing or wrong bearer secret `401`; each with
//!   `{"error": ..}`.
//! - `POST /webhook` checks the LiveKit server's signature and the body's hash on every
//!   event; `401` when either fails or the signed body is not an event. A replay within
//!   the token's 5 minutes is accepted: de-duplicate on the event's `id` where it matters.
//!
//! What a client may ask for (`policy` below): its identity, name, room and metadata
//! (identity and room are generated when left out), the attributes in
//! `TOKEN_SERVER_ATTRIBUTES` and the agents in `TOKEN_SERVER_AGENTS` (comma-separated;
//! none when unset), with the job metadata the JS client sends them (`agentMetadata`) and
//! the deployments in `TOKEN_SERVER_AGENT_DEPLOYMENTS` (comma-separated; none when unset).
//! Never a grant, a kind, room settings, egress or agent attributes
//! (`TokenSourcePolicy::allow_agent_attributes` opens those). This example's only
//! authentication is an app-wide secret, so it trusts the identity a client sends: in
//! production, authenticate the user and take the identity from the session
//! (`PermittedRequest::into_token(..).set_identity(..)`).
//!
//! Authentication: `TOKEN_SERVER_SECRET` (at least 32 bytes, `openssl rand -base64 32`) is
//! the secret callers send as `Authorization: Bearer <secret>`, compared in constant time.
//! Without it the endpoint is open to anyone who can reach it, and says so loudly at start.
//! In the JS client: `TokenSource.endpoint(url, { headers: { Authorization: 'Bearer ..' } })`.
//! A secret shipped in a web page is public, though: it suits native apps and servers; for
//! a browser app, authenticate the user (a session cookie) in front of this endpoint.
//!
//! CORS: none by default, so a browser page on another origin cannot read the endpoint's
//! answers (a page served from the same origin, and native and server clients, can). Such
//! a page can still send a plain `POST`, which is processed: with `TOKEN_SERVER_SECRET` set
//! it is refused (`401`), without it a token is minted that the page cannot read. To allow one web
//! app, set `TOKEN_SERVER_CORS_ORIGIN` to its exact origin (`https://app.example.com`):
//! that origin, and no other, gets `Access-Control-Allow-Origin`, and the preflight allows
//! `POST` with the `Authorization` and `Content-Type` headers. Never `*`: any site a user
//! visits could then read tokens from this endpoint whenever the user's browser can reach
//! it (an open endpoint, or one on localhost or an intranet).
//!
//! Run: `LIVEKIT_URL=wss://my.livekit.cloud LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
//!       TOKEN_SERVER_SECRET=$(openssl rand -base64 32) cargo run -p livekit-token-server`
//! (`TOKEN_SERVER_ADDR` sets the address, default `127.0.0.1:8080`.) It never logs a token
//! or a secret.

use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use livekit_access_token::{
    Credentials, CredentialsError, EndpointSecret, FieldRule, TokenSourcePolicy,
    TokenSourceRequest, TokenSourceResponse, TokenVerifier, WebhookReceiver,
};
use serde_json::json;

/// The largest request body read, in bytes; larger is `413`. Ample for the standard
/// fields, and it bounds what a client can put in a token: the server would take 512 KiB
/// of metadata, but clients send the token in the WebSocket URL, which proxies limit, and
/// this crate's verifier refuses tokens over 64 KiB by default.
const MAX_BODY_BYTES: usize = 16 * 1024;

struct App {
    credentials: Credentials,
    server_url: String,
    policy: TokenSourcePolicy,
    /// `None`: open to anyone (warned about at start).
    secret: Option<EndpointSecret>,
    /// The one browser origin allowed to call `/token`, if any.
    cors_origin: Option<HeaderValue>,
    webhooks: WebhookReceiver,
}

/// What clients may ask for; see the module documentation.
fn policy(
    agents: Vec<String>,
    deployments: Vec<String>,
    attributes: Vec<String>,
) -> TokenSourcePolicy {
    TokenSourcePolicy::new()
        .identity(FieldRule::Optional)
        .name(FieldRule::Optional)
        .room(FieldRule::Optional)
        .allow_metadata()
        .allow_attributes(attributes)
        .allow_agents(agents)
        .allow_agent_metadata()
        .allow_agent_deployments(deployments)
}

/// A JSON error with its status.
fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let mut response = answer(&app, &headers, body);
    // A token, or why there is none, is for this caller only.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    allow_origin(&app, &headers, response.headers_mut());
    response
}

fn answer(app: &App, headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    if let Some(secret) = &app.secret {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if !secret.authorizes(authorization) {
            let mut response = refuse(
                StatusCode::UNAUTHORIZED,
                "send the endpoint's secret as `Authorization: Bearer <secret>`",
            );
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }
    let body = match body {
        Ok(body) => body,
        // 413 for a body over the limit, 400 for one that could not be read.
        Err(e) => return refuse(e.status(), e.body_text()),
    };
    let permitted = match TokenSourceRequest::from_json(&body).and_then(|r| app.policy.check(r)) {
        Ok(permitted) => permitted,
        Err(e) => return refuse(status(e.status()), e.to_string()),
    };
    let (identity, room) = (permitted.identity().to_owned(), permitted.room().to_owned());
    let agents: Vec<String> = permitted
        .room_config()
        .and_then(|c| c.agents.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|a| a.agent_name.clone())
        .collect();
    match permitted.respond(&app.credentials, app.server_url.as_str()) {
        Ok(response) => {
            eprintln!("token issued: identity {identity:?}, room {room:?}, agents {agents:?}");
            (StatusCode::CREATED, Json(response)).into_response()
        }
        // A 5xx is this server's own setup: logged here, and not the client's to read.
        Err(e) if e.status() >= 500 => {
            eprintln!("token not issued: {e}");
            refuse(status(e.status()), "token not issued")
        }
        Err(e) => refuse(status(e.status()), e.to_string()),
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `Access-Control-Allow-Origin` for the configured origin only, never `*`.
fn allow_origin(app: &App, request: &HeaderMap, response: &mut HeaderMap) {
    response.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = &app.cors_origin
        && request.get(header::ORIGIN) == Some(origin)
    {
        response.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
}

/// The browser's preflight before a cross-origin `POST /token` with an `Authorization`
/// header: allowed for the configured origin only.
async fn preflight(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    allow_origin(&app, &headers, response.headers_mut());
    if response
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        let allowed: [(HeaderName, &'static str); 3] = [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "POST"),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "authorization, content-type",
            ),
            (header::ACCESS_CONTROL_MAX_AGE, "600"),
        ];
        for (name, value) in allowed {
            response
                .headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

async fn webhook(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match app.webhooks.receive(&body, auth) {
        Ok(event) => {
            eprintln!("webhook: {} (room {:?})", event.event, event.room_name);
            (StatusCode::OK, Json(json!({ "received": event.event }))).into_response()
        }
        Err(e) => refuse(StatusCode::UNAUTHORIZED, e.to_string()),
    }
}

/// A comma-separated list from the environment; empty when unset.
fn env_list(var: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The bearer secret, or `None` after a warning nobody can miss.
fn endpoint_secret() -> Result<Option<EndpointSecret>, CredentialsError> {
    match EndpointSecret::from_env("TOKEN_SERVER_SECRET") {
        Ok(secret) => Ok(Some(secret)),
        Err(CredentialsError::MissingEnv { .. }) => {
            eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 WARNING: TOKEN_SERVER_SECRET is not set. This token endpoint is OPEN: anyone\n\
                 who can reach it gets a LiveKit token. Set TOKEN_SERVER_SECRET to a secret of\n\
                 32 bytes or more (openssl rand -base64 32) and send it from your app as\n\
                 `Authorization: Bearer <secret>`, or put your own authentication in front.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Errors are printed with their message (what to do), not `Debug`.
#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()?;
    let server_url = std::env::var("LIVEKIT_URL")
        .map_err(|_| "LIVEKIT_URL is not set: export the LiveKit server URL")?;
    // A URL no client connects to would fail every request: say so at start instead.
    TokenSourceResponse::try_new(&server_url, "").map_err(|e| format!("LIVEKIT_URL: {e}"))?;
    let cors_origin = match std::env::var("TOKEN_SERVER_CORS_ORIGIN") {
        Ok(origin) if origin.trim() == "*" => {
            return Err("TOKEN_SERVER_CORS_ORIGIN=* would let any site fetch tokens: set your app's exact origin".into());
        }
        Ok(origin) => Some(HeaderValue::from_str(origin.trim())?),
        Err(_) => None,
    };
    let app = Arc::new(App {
        webhooks: WebhookReceiver::new(TokenVerifier::new(&credentials)),
        policy: policy(
            env_list("TOKEN_SERVER_AGENTS"),
            env_list("TOKEN_SERVER_AGENT_DEPLOYMENTS"),
            env_list("TOKEN_SERVER_ATTRIBUTES"),
        ),
        secret: endpoint_secret()?,
        cors_origin,
        credentials,
        server_url,
    });
    let router = Router::new()
        .route(
            "/token",
            post(token)
                .options(preflight)
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/webhook", post(webhook))
        .with_state(app);
    let addr = std::env::var("TOKEN_SERVER_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

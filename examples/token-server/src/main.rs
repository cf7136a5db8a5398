//! A token endpoint, the way LiveKit apps get tokens: the client starter apps `POST
//! /token` with `{room, identity, name}` and receive `{serverUrl, participantToken}`.
//! Also `POST /webhook`, which checks the LiveKit server's signature on every event.
//!
//! Run: `LIVEKIT_URL=wss://my.livekit.cloud LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
//!       cargo run -p livekit-token-server`
//! (`TOKEN_SERVER_ADDR` sets the address, default `127.0.0.1:8080`.) It never logs a token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use livekit_access_token::{
    AccessToken, Credentials, TokenVerifier, VideoGrant, WebhookReceiver, limits,
};
use serde::Deserialize;
use serde_json::{Value, json};

struct App {
    credentials: Credentials,
    server_url: String,
    webhooks: WebhookReceiver,
}

#[derive(Deserialize)]
struct TokenRequest {
    room: String,
    identity: String,
    name: Option<String>,
}

type Reply = (StatusCode, Json<Value>);

fn refuse(status: StatusCode, message: impl Into<String>) -> Reply {
    (status, Json(json!({ "error": message.into() })))
}

async fn token(
    State(app): State<Arc<App>>,
    request: Result<Json<TokenRequest>, JsonRejection>,
) -> Reply {
    let Json(req) = match request {
        Ok(req) => req,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("expected JSON {{room, identity, name}}: {}", e.body_text()),
            );
        }
    };
    // Refuse here what the server would refuse at join time, with a reason the client can show.
    for (field, value, max) in [
        ("room", &req.room, limits::MAX_ROOM_NAME_BYTES),
        ("identity", &req.identity, limits::MAX_IDENTITY_BYTES),
    ] {
        if value.trim().is_empty() || value.len() > max {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("{field} must be 1 to {max} bytes"),
            );
        }
    }
    let mut token = AccessToken::with_credentials(&app.credentials)
        .add_identity(req.identity.as_str())
        .add_ttl(15 * 60)
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room(req.room.as_str())
                .can_publish(true)
                .can_subscribe(true),
        );
    if let Some(name) = req.name {
        token = token.add_name(name);
    }
    match token.to_jwt() {
        Ok(jwt) => {
            eprintln!(
                "token issued: identity {:?}, room {:?}",
                req.identity, req.room
            );
            (
                StatusCode::OK,
                Json(json!({ "serverUrl": app.server_url, "participantToken": jwt })),
            )
        }
        Err(e) => refuse(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

async fn webhook(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Reply {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match app.webhooks.receive(&body, auth) {
        Ok(event) => {
            eprintln!("webhook: {} (room {:?})", event.event, event.room_name);
            (StatusCode::OK, Json(json!({ "received": event.event })))
        }
        Err(e) => refuse(StatusCode::UNAUTHORIZED, e.to_string()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()?;
    let server_url = std::env::var("LIVEKIT_URL")
        .map_err(|_| "LIVEKIT_URL is not set: export the LiveKit server URL")?;
    let app = Arc::new(App {
        webhooks: WebhookReceiver::new(TokenVerifier::new(&credentials)),
        credentials,
        server_url,
    });
    let router = Router::new()
        .route("/token", post(token))
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

//! Mint and verify against the HMAC floor and the official Rust crate, in one run.
//!
//! `cargo bench` runs the criterion groups, then prints a table of ns per token, the ratio
//! to the HMAC floor and to the official crate, the target ratios measured interleaved,
//! allocations per token (a counting global allocator), and 2-thread scaling.
//!
//! The token everywhere: identity "user-123", name "John Doe", TTL 3600 s, video grant
//! roomJoin, room "my-room", canPublish, canSubscribe.

use std::borrow::Borrow;
use std::hint::black_box;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group};
use hmac::{Hmac, KeyInit, Mac};
use livekit_access_token::state::{NoAdmin, NoIdentity, NoJoin, NoRoom};
use livekit_access_token::{AccessToken, Credentials, TokenVerifier, VideoGrant};
use sha2::Sha256;

#[path = "tokens/alloc.rs"]
mod alloc;
#[path = "tokens/scaling.rs"]
mod scaling;
#[path = "tokens/stats.rs"]
mod stats;
#[path = "tokens/table.rs"]
mod table;

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

const KEY: &str = "APIbench";
const SECRET: &str = "bench-secret-0123456789abcdef0123456789";

// ---------------------------------------------------------------- the operations

pub(crate) fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).unwrap()
}

pub(crate) fn mint_ours(creds: &Credentials, metadata: &str) -> String {
    the_usual_token(AccessToken::with_credentials(creds), metadata)
}

/// The benchmark token the Elixir library's way: credentials built for every token
/// (`AccessToken::with_api_key`), the HMAC key schedule included.
pub(crate) fn mint_with_api_key(metadata: &str) -> String {
    the_usual_token(AccessToken::with_api_key(KEY, SECRET).unwrap(), metadata)
}

/// The benchmark token again, on a handle of its own: a reference-count increment and
/// decrement on the credentials' shared count.
pub(crate) fn mint_ours_owned(creds: &Credentials, metadata: &str) -> String {
    the_usual_token(AccessToken::with_owned_credentials(creds.clone()), metadata)
}

/// The benchmark token's chain, the same for every way of holding the credentials.
#[inline(always)]
fn the_usual_token<C: Borrow<Credentials>>(
    token: AccessToken<NoIdentity, NoJoin, NoRoom, NoAdmin, C>,
    metadata: &str,
) -> String {
    let mut t = token
        .add_identity("user-123")
        .add_name("John Doe")
        .add_ttl(3600)
        .add_grants(
            VideoGrant::new()
                .room_join()
                .room("my-room")
                .can_publish(true)
                .can_subscribe(true),
        );
    if !metadata.is_empty() {
        t = t.add_metadata(metadata);
    }
    t.to_jwt().unwrap()
}

pub(crate) fn mint_official(metadata: &str) -> String {
    use livekit_api::access_token::{AccessToken, VideoGrants};
    let mut t = AccessToken::with_api_key(KEY, SECRET)
        .with_identity("user-123")
        .with_name("John Doe")
        .with_ttl(Duration::from_secs(3600))
        .with_grants(VideoGrants {
            room_join: true,
            room: "my-room".into(),
            can_publish: Some(true),
            can_subscribe: Some(true),
            ..Default::default()
        });
    if !metadata.is_empty() {
        t = t.with_metadata(metadata);
    }
    t.to_jwt().unwrap()
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainVideo {
    room_join: bool,
    room: String,
    can_publish: bool,
    can_subscribe: bool,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct PlainClaims {
    iss: String,
    sub: String,
    nbf: u64,
    exp: u64,
    name: String,
    video: PlainVideo,
}

pub(crate) fn mint_plain_jsonwebtoken(key: &jsonwebtoken::EncodingKey) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = PlainClaims {
        iss: KEY.into(),
        sub: "user-123".into(),
        nbf: now,
        exp: now + 3600,
        name: "John Doe".into(),
        video: PlainVideo {
            room_join: true,
            room: "my-room".into(),
            can_publish: true,
            can_subscribe: true,
        },
    };
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        key,
    )
    .unwrap()
}

/// The floor: HMAC-SHA256 with a reused keyed state, plus base64url of the tag.
pub(crate) fn floor(keyed: &Hmac<Sha256>, signing_input: &[u8]) -> String {
    let mut mac = keyed.clone();
    mac.update(signing_input);
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub(crate) struct Fixture {
    pub(crate) creds: Credentials,
    pub(crate) ours: TokenVerifier,
    pub(crate) official: livekit_api::access_token::TokenVerifier,
    pub(crate) plain_decoding: jsonwebtoken::DecodingKey,
    pub(crate) plain_encoding: jsonwebtoken::EncodingKey,
    pub(crate) keyed: Hmac<Sha256>,
    pub(crate) token: String,
    pub(crate) signing_input: String,
}

pub(crate) fn fixture() -> Fixture {
    let creds = credentials();
    let token = mint_ours(&creds, "");
    let signing_input = token.rsplit_once('.').unwrap().0.to_owned();
    Fixture {
        ours: TokenVerifier::new(&creds),
        official: livekit_api::access_token::TokenVerifier::with_api_key(KEY, SECRET),
        plain_decoding: jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()).unwrap(),
        plain_encoding: jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
        keyed: Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap(),
        creds,
        token,
        signing_input,
    }
}

pub(crate) fn plain_validation() -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.set_issuer(&[KEY]);
    v
}

// ---------------------------------------------------------------- criterion groups

fn benches(c: &mut Criterion) {
    let f = fixture();
    let validation = plain_validation();
    let mut g = c.benchmark_group("token");
    g.bench_function("floor_hmac", |b| {
        b.iter(|| floor(&f.keyed, black_box(f.signing_input.as_bytes())))
    });
    g.bench_function("mint_ours", |b| {
        b.iter(|| mint_ours(black_box(&f.creds), ""))
    });
    g.bench_function("mint_with_api_key", |b| b.iter(|| mint_with_api_key("")));
    g.bench_function("mint_official", |b| b.iter(|| mint_official("")));
    g.bench_function("mint_jsonwebtoken", |b| {
        b.iter(|| mint_plain_jsonwebtoken(&f.plain_encoding))
    });
    g.bench_function("verify_ours", |b| {
        b.iter(|| f.ours.verify(black_box(&f.token)).unwrap())
    });
    g.bench_function("verify_official", |b| {
        b.iter(|| f.official.verify(black_box(&f.token)).unwrap())
    });
    g.bench_function("verify_jsonwebtoken", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<PlainClaims>(black_box(&f.token), &f.plain_decoding, &validation)
                .unwrap()
        })
    });
    let huge = "a".repeat(1 << 20);
    g.bench_function("reject_oversized_1mib", |b| {
        b.iter(|| f.ours.verify(black_box(&huge)).unwrap_err())
    });
    let garbage = format!("{}x", f.token.replace('.', "!"));
    g.bench_function("reject_garbage", |b| {
        b.iter(|| f.ours.verify(black_box(&garbage)).unwrap_err())
    });
    let forged = format!("{}.{}", f.signing_input, URL_SAFE_NO_PAD.encode([0u8; 32]));
    g.bench_function("reject_bad_signature", |b| {
        b.iter(|| f.ours.verify(black_box(&forged)).unwrap_err())
    });
    g.finish();

    let mut g = c.benchmark_group("claim_size");
    for (label, metadata) in [("1kb", "m".repeat(1024)), ("16kb", "m".repeat(16 * 1024))] {
        let token = mint_ours(&f.creds, &metadata);
        g.bench_function(format!("mint_ours_{label}"), |b| {
            b.iter(|| mint_ours(&f.creds, &metadata))
        });
        g.bench_function(format!("mint_official_{label}"), |b| {
            b.iter(|| mint_official(&metadata))
        });
        g.bench_function(format!("verify_ours_{label}"), |b| {
            b.iter(|| f.ours.verify(&token).unwrap())
        });
        g.bench_function(format!("verify_official_{label}"), |b| {
            b.iter(|| f.official.verify(&token).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}

fn main() {
    table::RUN_STARTED.get_or_init(std::time::SystemTime::now);
    group();
    Criterion::default().configure_from_args().final_summary();
    table::summary();
}

//! Mint and verify against the HMAC floor and the official Rust crate, in one run.
//!
//! `cargo bench --bench tokens` runs the criterion groups, then prints a table of
//! ns per token, the ratio to the HMAC floor and to the official crate, allocations per
//! token (a counting global allocator), and 2-thread scaling.
//!
//! The token everywhere: identity "user-123", name "John Doe", TTL 3600 s, video grant
//! roomJoin, room "my-room", canPublish, canSubscribe.

use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Borrow;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group};
use hmac::{Hmac, Mac};
use livekit_access_token::state::{NoAdmin, NoIdentity, NoJoin, NoRoom};
use livekit_access_token::{AccessToken, Credentials, FixedClock, TokenVerifier, VideoGrant};
use sha2::Sha256;

#[path = "tokens/scaling.rs"]
mod scaling;
#[path = "tokens/stats.rs"]
mod stats;
use scaling::{Workload, throughput};

const KEY: &str = "APIbench";
const SECRET: &str = "bench-secret-0123456789abcdef0123456789";

// ---------------------------------------------------------------- counting allocator

struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
// Counting only while `allocations` runs: the counters are shared atomics, and updating
// them on every allocation would put contention of the harness's own into the 2-thread
// figures. Reading a flag nobody writes costs nothing across cores.
static COUNTING: AtomicBool = AtomicBool::new(false);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes per call of `f`, averaged over 1000 calls (not rounded, so 4.9
/// does not print as 4).
fn allocations<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
    for _ in 0..10 {
        black_box(f());
    }
    COUNTING.store(true, Ordering::SeqCst);
    let (a, b) = (ALLOCS.load(Ordering::SeqCst), BYTES.load(Ordering::SeqCst));
    const N: u64 = 1000;
    for _ in 0..N {
        black_box(f());
    }
    COUNTING.store(false, Ordering::SeqCst);
    (
        (ALLOCS.load(Ordering::SeqCst) - a) as f64 / N as f64,
        (BYTES.load(Ordering::SeqCst) - b) as f64 / N as f64,
    )
}

// ---------------------------------------------------------------- the operations

fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).unwrap()
}

fn mint_ours(creds: &Credentials, metadata: &str) -> String {
    the_usual_token(AccessToken::with_credentials(creds), metadata)
}

/// The benchmark token again, on a handle of its own: a reference-count increment and
/// decrement on the credentials' shared count.
fn mint_ours_owned(creds: &Credentials, metadata: &str) -> String {
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

fn mint_official(metadata: &str) -> String {
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
struct PlainClaims {
    iss: String,
    sub: String,
    nbf: u64,
    exp: u64,
    name: String,
    video: PlainVideo,
}

fn mint_plain_jsonwebtoken(key: &jsonwebtoken::EncodingKey) -> String {
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
fn floor(keyed: &Hmac<Sha256>, signing_input: &[u8]) -> String {
    let mut mac = keyed.clone();
    mac.update(signing_input);
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

struct Fixture {
    creds: Credentials,
    ours: TokenVerifier,
    official: livekit_api::access_token::TokenVerifier,
    plain_decoding: jsonwebtoken::DecodingKey,
    plain_encoding: jsonwebtoken::EncodingKey,
    keyed: Hmac<Sha256>,
    token: String,
    signing_input: String,
}

fn fixture() -> Fixture {
    let creds = credentials();
    let token = mint_ours(&creds, "");
    let signing_input = token.rsplit_once('.').unwrap().0.to_owned();
    Fixture {
        ours: TokenVerifier::new(&creds),
        official: livekit_api::access_token::TokenVerifier::with_api_key(KEY, SECRET),
        plain_decoding: jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
        plain_encoding: jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
        keyed: Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap(),
        creds,
        token,
        signing_input,
    }
}

fn plain_validation() -> jsonwebtoken::Validation {
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

// ---------------------------------------------------------------- the summary table

/// Criterion's median for `group/id`, if it was measured by this run: a group the filter
/// skipped would otherwise show the figure of an older run.
fn estimate_ns(group: &str, id: &str) -> Option<f64> {
    let path = format!("{}/criterion/{group}/{id}/new/estimates.json", target_dir());
    let measured = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if measured < *RUN_STARTED.get()? {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn target_dir() -> String {
    std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").to_owned())
}

fn summary() {
    let f = fixture();
    let validation = plain_validation();
    let get = |id: &str| estimate_ns("token", id).unwrap_or(f64::NAN);
    let floor_ns = get("floor_hmac");
    let rows = [
        (
            "floor: HMAC-SHA256 (reused keyed state) + base64url tag",
            "floor_hmac",
            None,
        ),
        ("mint, this crate", "mint_ours", Some("mint_official")),
        (
            "mint, official Rust crate (livekit-api 0.10)",
            "mint_official",
            None,
        ),
        ("mint, plain jsonwebtoken encode", "mint_jsonwebtoken", None),
        ("verify, this crate", "verify_ours", Some("verify_official")),
        (
            "verify, official Rust crate TokenVerifier::verify",
            "verify_official",
            None,
        ),
        (
            "verify, plain jsonwebtoken decode",
            "verify_jsonwebtoken",
            None,
        ),
        (
            "reject 1 MiB token (size check)",
            "reject_oversized_1mib",
            None,
        ),
        ("reject garbage", "reject_garbage", None),
        ("reject bad signature", "reject_bad_signature", None),
    ];
    println!("\n| what | ns per token | x HMAC floor | x faster than official |");
    println!("|---|---:|---:|---:|");
    for (label, id, versus) in rows {
        let ns = get(id);
        let faster = versus.map_or(String::new(), |v| format!("{:.2}", get(v) / ns));
        println!("| {label} | {ns:.0} | {:.2} | {faster} |", ns / floor_ns);
    }

    let (mint_allocs, mint_bytes) = allocations(|| mint_ours(&f.creds, ""));
    let (official_allocs, official_bytes) = allocations(|| mint_official(""));
    let (verify_allocs, verify_bytes) = allocations(|| f.ours.verify(&f.token).unwrap());
    let (vofficial_allocs, vofficial_bytes) = allocations(|| f.official.verify(&f.token).unwrap());
    let (plain_allocs, _) = allocations(|| {
        jsonwebtoken::decode::<PlainClaims>(&f.token, &f.plain_decoding, &validation).unwrap()
    });
    println!("\n| allocations per token | count | bytes |");
    println!("|---|---:|---:|");
    println!("| mint, this crate | {mint_allocs:.1} | {mint_bytes:.0} |");
    println!("| mint, official Rust crate | {official_allocs:.1} | {official_bytes:.0} |");
    println!("| verify, this crate | {verify_allocs:.1} | {verify_bytes:.0} |");
    println!("| verify, official Rust crate | {vofficial_allocs:.1} | {vofficial_bytes:.0} |");
    println!("| verify, plain jsonwebtoken | {plain_allocs:.1} | |");

    let sizes = ["1kb", "16kb"];
    println!(
        "\n| claim size | mint ours ns | mint official ns | verify ours ns | verify official ns |"
    );
    println!("|---|---:|---:|---:|---:|");
    for s in sizes {
        let g = |id: String| estimate_ns("claim_size", &id).unwrap_or(f64::NAN);
        println!(
            "| {s} metadata | {:.0} | {:.0} | {:.0} | {:.0} |",
            g(format!("mint_ours_{s}")),
            g(format!("mint_official_{s}")),
            g(format!("verify_ours_{s}")),
            g(format!("verify_official_{s}"))
        );
    }

    // Fixed clock for verify so the token never expires during the run.
    let verifier = TokenVerifier::new(&f.creds).with_clock(FixedClock(now()));
    interleaved_ratios(&f, &verifier);

    let floor_op = || {
        drop(black_box(floor(
            &f.keyed,
            black_box(f.signing_input.as_bytes()),
        )))
    };
    let mint_shared = || drop(black_box(mint_ours(&f.creds, "")));
    let mint_owned = || drop(black_box(mint_ours_owned(&f.creds, "")));
    let mint_own = || {
        let own = credentials();
        move || drop(black_box(mint_ours(&own, "")))
    };
    let verify = || drop(black_box(verifier.verify(&f.token).unwrap()));
    let control = Workload {
        label: "control: one multiply chain in registers (no memory, nothing shared)",
        run: &|threads| throughput(threads, || scaling::one_chain),
    };
    scaling::print_table(
        control,
        &[
            Workload {
                label: "control: eight multiply chains in registers (the multipliers busy)",
                run: &|threads| throughput(threads, || scaling::eight_chains),
            },
            Workload {
                label: "control: the HMAC floor (nothing shared)",
                run: &|threads| throughput(threads, || floor_op),
            },
            Workload {
                label: "mint, shared credentials through `with_credentials` (writes nothing shared)",
                run: &|threads| throughput(threads, || mint_shared),
            },
            Workload {
                label: "mint, shared credentials through `with_owned_credentials(creds.clone())` (writes the Arc's count)",
                run: &|threads| throughput(threads, || mint_owned),
            },
            Workload {
                label: "control: mint, each thread its own credentials (nothing shared)",
                run: &|threads| throughput(threads, mint_own),
            },
            Workload {
                label: "verify, shared verifier",
                run: &|threads| throughput(threads, || verify),
            },
        ],
    );
}

/// ns per call of `op`, over a batch of `n` calls after `n / 4` untimed ones, so each
/// batch measures the steady state (warm caches, branch predictors and allocator bins)
/// rather than the switch from the previous operation.
fn batch_ns(n: u32, mut op: impl FnMut()) -> f64 {
    for _ in 0..n / 4 {
        op();
    }
    let start = Instant::now();
    for _ in 0..n {
        op();
    }
    start.elapsed().as_nanos() as f64 / f64::from(n)
}

/// The target ratios measured interleaved: each round times a batch of every operation
/// back to back, so drifts of this VM's speed (up to +-40 % over minutes) hit numerator
/// and denominator alike; the table gives the median of the per-round ratios and their
/// range, and the ratio of each operation's fastest batch: a neighbour on the host can
/// only slow a batch down, so the fastest one of each is the least disturbed.
fn interleaved_ratios(f: &Fixture, verifier: &TokenVerifier) {
    const ROUNDS: usize = 101;
    const BATCH: u32 = 2_000;
    let mut rows: [Vec<f64>; 5] = Default::default();
    // Fastest batch of: floor, mint, official mint, verify, official verify, owned mint.
    let mut fastest = [f64::INFINITY; 6];
    for _ in 0..ROUNDS {
        let floor_ns = batch_ns(BATCH, || {
            black_box(floor(&f.keyed, black_box(f.signing_input.as_bytes())));
        });
        let mint_ns = batch_ns(BATCH, || drop(black_box(mint_ours(&f.creds, ""))));
        let owned_ns = batch_ns(BATCH, || drop(black_box(mint_ours_owned(&f.creds, ""))));
        let mint_official_ns = batch_ns(BATCH, || drop(black_box(mint_official(""))));
        let verify_ns = batch_ns(BATCH, || {
            drop(black_box(verifier.verify(&f.token).unwrap()))
        });
        let verify_official_ns = batch_ns(BATCH, || {
            drop(black_box(f.official.verify(black_box(&f.token)).unwrap()))
        });
        let times = [
            floor_ns,
            mint_ns,
            mint_official_ns,
            verify_ns,
            verify_official_ns,
            owned_ns,
        ];
        for (best, t) in fastest.iter_mut().zip(times) {
            *best = best.min(t);
        }
        rows[0].push(mint_ns / floor_ns);
        rows[1].push(mint_official_ns / mint_ns);
        rows[2].push(verify_ns / floor_ns);
        rows[3].push(verify_official_ns / verify_ns);
        rows[4].push(owned_ns / floor_ns);
    }
    println!(
        "\n| target ratio, interleaved ({ROUNDS} rounds of {BATCH} calls each) | median | range | fastest batches | target |"
    );
    println!("|---|---:|---:|---:|---:|");
    let [floor, mint, mint_official, verify, verify_official, owned] = fastest;
    let labels = [
        ("mint / HMAC floor", mint / floor, "<= 1.6"),
        ("official mint / our mint", mint_official / mint, ">= 2.3"),
        ("verify / HMAC floor", verify / floor, "<= 2.8"),
        (
            "official verify / our verify",
            verify_official / verify,
            ">= 3.0",
        ),
        (
            "mint on an owned handle (`with_owned_credentials`) / HMAC floor",
            owned / floor,
            "<= 1.6",
        ),
    ];
    for ((label, best, target), values) in labels.iter().zip(rows.iter_mut()) {
        let q = stats::quartiles(values);
        println!(
            "| {label} | {:.2} | {:.2}-{:.2} | {best:.2} | {target} |",
            q.median, q.min, q.max
        );
    }
    println!(
        "\nfastest batches, ns per call: floor {floor:.0}, mint {mint:.0}, official mint {mint_official:.0}, verify {verify:.0}, official verify {verify_official:.0}, mint on an owned handle {owned:.0}"
    );
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// When this process started; criterion estimates older than this are not this run's.
static RUN_STARTED: std::sync::OnceLock<std::time::SystemTime> = std::sync::OnceLock::new();

fn main() {
    RUN_STARTED.get_or_init(std::time::SystemTime::now);
    group();
    Criterion::default().configure_from_args().final_summary();
    summary();
}

//! The summary printed after the criterion groups: ns per token with its ratios, the target
//! ratios measured interleaved, allocations, claim-size scaling and 2-thread scaling.

use std::hint::black_box;
use std::time::Instant;

use livekit_access_token::{FixedClock, TokenVerifier};

use crate::alloc::allocations;
use crate::scaling::{self, Workload, throughput};
use crate::stats;
use crate::{
    Fixture, PlainClaims, credentials, fixture, floor, mint_official, mint_ours, mint_ours_owned,
    mint_with_api_key, plain_validation,
};

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
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned())
}

pub(crate) fn summary() {
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
            "mint, `with_api_key` for every token (credentials per token)",
            "mint_with_api_key",
            Some("mint_official"),
        ),
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
fn batch_ns(n: u32, op: &dyn Fn()) -> f64 {
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
/// back to back, so drifts of the VM's speed hit numerator and denominator alike; the table
/// gives the median of the per-round ratios and their range, and the ratio of each
/// operation's fastest batch: a neighbour on the host can only slow a batch down, so the
/// fastest one of each is the least disturbed.
fn interleaved_ratios(f: &Fixture, verifier: &TokenVerifier) {
    const ROUNDS: usize = 101;
    const BATCH: u32 = 2_000;
    let floor_op = || {
        drop(black_box(floor(
            &f.keyed,
            black_box(f.signing_input.as_bytes()),
        )))
    };
    let ops: [(&str, &dyn Fn()); 7] = [
        ("floor", &floor_op),
        ("mint", &|| drop(black_box(mint_ours(&f.creds, "")))),
        ("with_api_key", &|| drop(black_box(mint_with_api_key("")))),
        ("official mint", &|| drop(black_box(mint_official("")))),
        ("verify", &|| {
            drop(black_box(verifier.verify(&f.token).unwrap()))
        }),
        ("official verify", &|| {
            drop(black_box(f.official.verify(black_box(&f.token)).unwrap()))
        }),
        ("owned mint", &|| {
            drop(black_box(mint_ours_owned(&f.creds, "")))
        }),
    ];
    // (label, numerator, denominator, target), as indices into `ops`.
    let ratios = [
        ("mint / HMAC floor", 1, 0, "<= 1.6"),
        ("`with_api_key` per token / HMAC floor", 2, 0, "<= 2.0"),
        ("official mint / our mint", 3, 1, ">= 2.3"),
        ("verify / HMAC floor", 4, 0, "<= 2.8"),
        ("official verify / our verify", 5, 4, ">= 3.0"),
        ("mint on an owned handle / HMAC floor", 6, 0, "<= 1.6"),
    ];
    let mut per_round: Vec<Vec<f64>> = vec![Vec::new(); ratios.len()];
    let mut fastest = [f64::INFINITY; 7];
    for _ in 0..ROUNDS {
        let mut times = [0.0; 7];
        for ((_, op), t) in ops.iter().zip(times.iter_mut()) {
            *t = batch_ns(BATCH, op);
        }
        for (best, t) in fastest.iter_mut().zip(times) {
            *best = best.min(t);
        }
        for ((_, num, den, _), values) in ratios.iter().zip(per_round.iter_mut()) {
            values.push(times[*num] / times[*den]);
        }
    }
    println!(
        "\n| target ratio, interleaved ({ROUNDS} rounds of {BATCH} calls each) | median | range | fastest batches | target |"
    );
    println!("|---|---:|---:|---:|---:|");
    for ((label, num, den, target), values) in ratios.iter().zip(per_round.iter_mut()) {
        let q = stats::quartiles(values);
        let best = fastest[*num] / fastest[*den];
        println!(
            "| {label} | {:.2} | {:.2}-{:.2} | {best:.2} | {target} |",
            q.median, q.min, q.max
        );
    }
    let fastest: Vec<String> = ops
        .iter()
        .zip(fastest)
        .map(|((label, _), ns)| format!("{label} {ns:.0}"))
        .collect();
    println!("\nfastest batches, ns per call: {}", fastest.join(", "));
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// When this process started; criterion estimates older than this are not this run's.
pub(crate) static RUN_STARTED: std::sync::OnceLock<std::time::SystemTime> =
    std::sync::OnceLock::new();

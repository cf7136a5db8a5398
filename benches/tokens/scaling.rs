//! 2-thread scaling: throughput of two threads over that of one, per workload.
//!
//! Each measurement runs every thread for one 100 ms window: the threads warm up, wait for
//! each other at a spinning start line (a sleeping barrier would leave the first arrival's
//! core to wake late), and then each times its own window from the moment all are there;
//! the threads' own rates are added up. Timing a fixed amount of work until the last thread
//! ends (this harness up to round 7) also counts the time one thread waits for the other
//! after the VM paused it, which measures the host's scheduler rather than the code; and
//! windows of a few ms catch an idle core waking up. A round runs every workload on 1 thread
//! and on 2, in alternating order, so a slow spell of the VM hits both halves of a ratio.
//!
//! The first two workloads are controls that touch no memory and share nothing: one
//! dependent chain of multiplies (bound by latency, as SHA-256 is) and eight independent
//! chains (bound by the core's multiply units, as busy general code is). Each workload's
//! scaling is also given divided by the first control's in the same round.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::stats::quartiles;

/// How long each thread runs a workload per measurement, after its warm-up.
const WINDOW: Duration = Duration::from_millis(100);
/// Untimed run of each thread before the start line: allocator bins, caches, a core awake
/// and at speed (it then spins at the line, so it stays so).
const WARM_UP: Duration = Duration::from_millis(10);
/// Calls between two reads of the clock.
const CHUNK: u64 = 32;
/// Rounds of (1 thread, 2 threads) per workload.
pub const ROUNDS: usize = 25;

/// One row of the table: `run(threads)` is its throughput in operations per second.
pub struct Workload<'a> {
    pub label: &'a str,
    pub run: &'a (dyn Fn(usize) -> f64 + Sync),
}

/// Operations per second of `threads` threads, each calling an operation of its own
/// (`make()`) for [`WINDOW`] after a common start.
pub fn throughput<F: FnMut()>(threads: usize, make: impl Fn() -> F + Sync) -> f64 {
    let arrived = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut op = make();
                    run_for(WARM_UP, &mut op);
                    arrived.fetch_add(1, Ordering::AcqRel);
                    while arrived.load(Ordering::Acquire) < threads {
                        std::hint::spin_loop();
                    }
                    let (calls, elapsed) = run_for(WINDOW, &mut op);
                    calls as f64 / elapsed.as_secs_f64()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a benchmark thread panicked"))
            .sum()
    })
}

/// Calls `op` in chunks until `window` has passed; the calls made and the time they took.
fn run_for(window: Duration, op: &mut impl FnMut()) -> (u64, Duration) {
    let start = Instant::now();
    let mut calls = 0;
    loop {
        for _ in 0..CHUNK {
            op();
        }
        calls += CHUNK;
        let elapsed = start.elapsed();
        if elapsed >= window {
            return (calls, elapsed);
        }
    }
}

/// A control: one dependent chain of multiplies, as long as a mint, in registers only.
pub fn one_chain() {
    let mut x = black_box(1u64);
    for i in 0..400u64 {
        x = x.wrapping_mul(0x5851_f42d_4c95_7f2d).wrapping_add(i) ^ (x >> 29);
    }
    black_box(x);
}

/// A control: eight independent chains of multiplies in registers, which keep the core's
/// multiply units busy rather than waiting on one result.
pub fn eight_chains() {
    let mut x = black_box([1u64, 2, 3, 4, 5, 6, 7, 8]);
    for i in 0..100u64 {
        for v in &mut x {
            *v = v.wrapping_mul(0x5851_f42d_4c95_7f2d).wrapping_add(i) ^ (*v >> 29);
        }
    }
    black_box(x);
}

/// Runs the control and every workload for [`ROUNDS`] rounds and prints the table, each
/// row's scaling also divided by the control's in the same round.
pub fn print_table(control: Workload, others: &[Workload]) {
    let workloads: Vec<&Workload> = std::iter::once(&control).chain(others).collect();
    // Per workload, the control first: each round's (1-thread, 2-thread) ops/s.
    let mut rounds: Vec<Vec<(f64, f64)>> = vec![Vec::new(); workloads.len()];
    for round in 0..ROUNDS {
        for (w, results) in workloads.iter().zip(&mut rounds) {
            let (one, two) = if round % 2 == 0 {
                let one = (w.run)(1);
                (one, (w.run)(2))
            } else {
                let two = (w.run)(2);
                ((w.run)(1), two)
            };
            results.push((one, two));
        }
    }
    let scaling = |results: &[(f64, f64)]| -> Vec<f64> {
        results.iter().map(|(one, two)| two / one).collect()
    };
    let control = scaling(&rounds[0]);
    println!(
        "\n| 2 threads ({ROUNDS} rounds; {} ms windows) | 1 thread, median ops/s | 2 threads, median ops/s | scaling, median (middle half; range) | scaling, best rounds | scaling / control's in the same round, median |",
        WINDOW.as_millis()
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (w, results) in workloads.iter().zip(&rounds) {
        let mut ones: Vec<f64> = results.iter().map(|r| r.0).collect();
        let mut twos: Vec<f64> = results.iter().map(|r| r.1).collect();
        let mut ratios = scaling(results);
        let mut relative: Vec<f64> = ratios.iter().zip(&control).map(|(r, c)| r / c).collect();
        let (ones, twos) = (quartiles(&mut ones), quartiles(&mut twos));
        let q = quartiles(&mut ratios);
        println!(
            "| {} | {:.0} | {:.0} | {:.2}x ({:.2}-{:.2}; {:.2}-{:.2}) | {:.2}x | {:.2} |",
            w.label,
            ones.median,
            twos.median,
            q.median,
            q.lower,
            q.upper,
            q.min,
            q.max,
            twos.max / ones.max,
            quartiles(&mut relative).median,
        );
    }
}

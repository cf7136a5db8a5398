//! 2-thread scaling: throughput of two threads over that of one, per workload.
//!
//! Each measurement gives every thread the same window of wall time after a common start
//! (a barrier) and adds up the threads' own rates. Timing a fixed amount of work until the
//! last thread ends (this harness up to round 7) also counts the time one thread waits for
//! the other after the VM paused it, which measures the host's scheduler rather than the
//! code; and windows of a few ms catch an idle core waking up. A round runs every workload
//! on 1 thread and then on 2, so a slow spell of the VM hits both halves of a ratio.
//!
//! The first workload is a register-only loop: it touches no memory and shares nothing, so
//! its scaling is what the machine gives two threads. Each workload's scaling is also given
//! divided by the control's in the same round.

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// How long each thread runs a workload per measurement, after its warm-up.
const WINDOW: Duration = Duration::from_millis(100);
/// Untimed run of each thread before the common start: allocator bins, caches, a core
/// awake and at speed.
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
    let start_line = Barrier::new(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut op = make();
                    run_for(WARM_UP, &mut op);
                    start_line.wait();
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

/// The control: a dependent chain of multiplies, as long as a mint, in registers only.
pub fn registers_only() {
    let mut x = black_box(1u64);
    for i in 0..400u64 {
        x = x.wrapping_mul(0x5851_f42d_4c95_7f2d).wrapping_add(i) ^ (x >> 29);
    }
    black_box(x);
}

/// Runs every workload for [`ROUNDS`] rounds and prints the table; `workloads[0]` must be
/// the control.
pub fn print_table(workloads: &[Workload]) {
    // Per workload: each round's (1-thread, 2-thread) ops/s.
    let mut rounds: Vec<Vec<(f64, f64)>> = vec![Vec::new(); workloads.len()];
    for _ in 0..ROUNDS {
        for (w, results) in workloads.iter().zip(&mut rounds) {
            let one = (w.run)(1);
            let two = (w.run)(2);
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
        let best = max(&twos) / max(&ones);
        let q = quartiles(&mut ratios);
        println!(
            "| {} | {:.0} | {:.0} | {:.2}x ({:.2}-{:.2}; {:.2}-{:.2}) | {best:.2}x | {:.2} |",
            w.label,
            quartiles(&mut ones).median,
            quartiles(&mut twos).median,
            q.median,
            q.lower,
            q.upper,
            q.min,
            q.max,
            quartiles(&mut relative).median,
        );
    }
}

struct Quartiles {
    min: f64,
    lower: f64,
    median: f64,
    upper: f64,
    max: f64,
}

fn quartiles(values: &mut [f64]) -> Quartiles {
    values.sort_by(f64::total_cmp);
    let at = |f: f64| values[((values.len() - 1) as f64 * f).round() as usize];
    Quartiles {
        min: at(0.0),
        lower: at(0.25),
        median: at(0.5),
        upper: at(0.75),
        max: at(1.0),
    }
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, f64::max)
}

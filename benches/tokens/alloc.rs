//! A global allocator that counts, while `allocations` runs, the allocations made.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct Counting;

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

/// Allocations and bytes per call of `f`, averaged over 1000 calls (not rounded, so 4.9
/// does not print as 4).
pub fn allocations<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
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

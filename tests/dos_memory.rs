//! D02: ten thousand distinct garbage tokens, half of them correctly signed garbage that
//! reaches the JSON reader: every one refused, no panic, and no memory kept. D03: the
//! egress checks allocate in proportion to what they read. Their own test binary, so that
//! the heap they count is theirs alone; they take turns.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

use livekit_access_token::{FieldRule, TokenSourcePolicy, TokenSourceRequest};

mod common;
use common::{SECRET, creds, sign_raw, verifier};

/// Counts the heap's live blocks and bytes, so that a leak of even one small buffer per
/// token shows (an RSS reading would not see a few hundred bytes per token).
struct Counting;

static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
/// Every byte ever allocated, freed or not.
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BLOCKS.fetch_add(1, Relaxed);
            LIVE_BYTES.fetch_add(layout.size() as isize, Relaxed);
            ALLOCATED.fetch_add(layout.size(), Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BLOCKS.fetch_sub(1, Relaxed);
        LIVE_BYTES.fetch_sub(layout.size() as isize, Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
            ALLOCATED.fetch_add(new_size, Relaxed);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> (isize, isize) {
    (LIVE_BLOCKS.load(Relaxed), LIVE_BYTES.load(Relaxed))
}

#[test]
fn d02_ten_thousand_garbage_tokens_no_panic_flat_memory() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let v = verifier();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let mut garbage_token = |i: usize| -> String {
        let len = (next() % 300) as usize;
        let alphabet = b"abcXYZ019-_.=+/ {}\"";
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
            .collect();
        // The alphabet has no `e`, `x` or `p`: no payload here carries an `exp`.
        if i.is_multiple_of(2) {
            text
        } else {
            sign_raw(header, &text, SECRET.as_bytes())
        }
    };
    // Warm-up: whatever the verifier keeps for reuse (a thread's spare buffer) is kept now.
    for i in 0..1_000 {
        assert!(v.verify(&garbage_token(i)).is_err());
    }
    let (blocks_before, bytes_before) = live();
    for i in 0..10_000 {
        let token = garbage_token(i);
        assert!(v.verify(&token).is_err(), "{token}");
    }
    let (blocks, bytes) = live();
    // The spare buffer may have been swapped for one of another size: a block and its
    // bytes either way, where a leak per token would be thousands.
    assert!(
        (blocks - blocks_before).abs() <= 2 && (bytes - bytes_before).abs() <= 2048,
        "the heap kept {} blocks and {} bytes over 10,000 refused tokens",
        blocks - blocks_before,
        bytes - bytes_before
    );
}

#[test]
fn d03_egress_checks_allocate_in_proportion_to_the_request() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // A long member name above many members: a check that wrote the path at every step
    // copied the name once per member below it (here 2,000 × 100 KB, three times over).
    let name = "k".repeat(100_000);
    let zeros = vec!["0"; 2_000].join(",");
    let body = format!(r#"{{"room_config":{{"egress":{{"room":{{"{name}":[{zeros}]}}}}}}}}"#);
    let policy = TokenSourcePolicy::new()
        .room(FieldRule::Optional)
        .allow_room_egress();
    let request = TokenSourceRequest::from_json(body.as_bytes()).unwrap();
    let before = ALLOCATED.load(Relaxed);
    let permitted = policy.check(request).unwrap();
    let jwt = permitted
        .into_token(&creds())
        .set_identity("u")
        .to_jwt_checked()
        .unwrap();
    let allocated = ALLOCATED.load(Relaxed) - before;
    // The request is read, checked and written a few times over; never once per member.
    assert!(
        allocated < 40 * body.len(),
        "checking and minting a {}-byte request allocated {allocated} bytes",
        body.len()
    );
    assert!(jwt.len() > name.len());
}

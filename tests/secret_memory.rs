//! G04: after minting, verifying and dropping everything, no block freed by this process
//! still holds the secret. A global allocator scans every block as it is freed.
//!
//! It looks for the secret's bytes and for HMAC's keyed state, the SHA-256 chaining
//! values after the key XOR ipad and after the key XOR opad: key-equivalent (whoever holds
//! them can sign), so they must be wiped too.
//!
//! Known copies outside this test's reach (listed in `SECURITY.md`, G04): the process
//! environment block when credentials come from `LIVEKIT_API_SECRET`, and copies on the
//! stack. A `String` the caller hands over may also have been copied by the caller's own
//! reallocations before it reached this crate.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use livekit_access_token::*;

const CANARY: &[u8] = b"CANARY-g04-0123456789abcdefghijk+";
/// An egress credential the caller allowed into a token, as the payload JSON spells it
/// (the caller's own `Value` holds it without the quoted key, the token only in base64).
const EGRESS_IN_JSON: &[u8] = br#""secret":"CANARY-egress-0123456789""#;
/// The same credential as any copy holds it.
const EGRESS: &[u8] = b"CANARY-egress-0123456789";

/// HMAC-SHA256's keyed state for [`CANARY`] as it lies in memory: SHA-256's state words
/// (native byte order) after compressing the key XOR ipad, and after the key XOR opad.
fn keyed_states() -> [[u8; 32]; 2] {
    const SHA256_IV: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    [0x36u8, 0x5c].map(|pad| {
        let mut block = [pad; 64];
        for (byte, key) in block.iter_mut().zip(CANARY) {
            *byte ^= key;
        }
        let mut state = SHA256_IV;
        sha2::block_api::compress256(&mut state, &[block]);
        let mut bytes = [0u8; 32];
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_ne_bytes());
        }
        bytes
    })
}

/// Computed before the scanner is armed: it must not allocate while freeing.
static KEYED_STATES: OnceLock<[[u8; 32]; 2]> = OnceLock::new();
/// What an `EndpointSecret` keeps of [`CANARY`]: its SHA-256, which authorizes as the
/// secret does where digests are compared.
static ENDPOINT_DIGEST: OnceLock<[u8; 32]> = OnceLock::new();

struct Scanner;

static ARMED: AtomicBool = AtomicBool::new(false);
static HITS: AtomicUsize = AtomicUsize::new(0);
static EGRESS_HITS: AtomicUsize = AtomicUsize::new(0);
static EGRESS_COPIES: AtomicUsize = AtomicUsize::new(0);
/// One for each keyed state found in each freed block.
static KEYED_HITS: AtomicUsize = AtomicUsize::new(0);
static DIGEST_HITS: AtomicUsize = AtomicUsize::new(0);
static SCANNED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; `dealloc` only reads
// the block it is about to free, which is still valid for `layout.size()` bytes.
unsafe impl GlobalAlloc for Scanner {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::Relaxed) {
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            SCANNED.fetch_add(1, Ordering::Relaxed);
            if block.windows(CANARY.len()).any(|w| w == CANARY) {
                HITS.fetch_add(1, Ordering::Relaxed);
            }
            if block
                .windows(EGRESS_IN_JSON.len())
                .any(|w| w == EGRESS_IN_JSON)
            {
                EGRESS_HITS.fetch_add(1, Ordering::Relaxed);
            }
            if block.windows(EGRESS.len()).any(|w| w == EGRESS) {
                EGRESS_COPIES.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(digest) = ENDPOINT_DIGEST.get()
                && block.windows(digest.len()).any(|w| w == digest)
            {
                DIGEST_HITS.fetch_add(1, Ordering::Relaxed);
            }
            for state in KEYED_STATES.get().into_iter().flatten() {
                if block.windows(state.len()).any(|w| w == state) {
                    KEYED_HITS.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Scanner = Scanner;

#[test]
fn g04_no_freed_block_holds_the_secret() {
    let secret = std::str::from_utf8(CANARY).unwrap();
    KEYED_STATES.get_or_init(keyed_states);
    ENDPOINT_DIGEST.get_or_init(|| <sha2::Sha256 as sha2::Digest>::digest(CANARY).into());
    // The scanner must be able to see a hit, or a zero proves nothing.
    ARMED.store(true, Ordering::SeqCst);
    drop(secret.to_owned());
    assert_eq!(
        HITS.swap(0, Ordering::SeqCst),
        1,
        "the scanner sees a plain copy"
    );
    // hmac's own keyed state, freed without being dropped (so not wiped): the scanner sees
    // it as hmac lays it out, inner and outer state alike.
    {
        use hmac::KeyInit;
        let keyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(CANARY).unwrap();
        drop(Box::new(std::mem::ManuallyDrop::new(keyed)));
    }
    assert_eq!(
        KEYED_HITS.swap(0, Ordering::SeqCst),
        2,
        "the scanner sees both states of an unwiped HMAC"
    );

    {
        let creds = Credentials::new("APIg04", secret).unwrap();
        let ring = KeyRing::new().with(creds.clone()).unwrap();
        let verifier = TokenVerifier::from_key_ring(ring).unwrap();
        for i in 0..20 {
            let jwt = AccessToken::with_credentials(&creds)
                .add_identity(format!("u{i}"))
                .add_grants(VideoGrant::new().room_join().room("r"))
                .to_jwt()
                .unwrap();
            assert!(verifier.verify(&jwt).is_ok());
            assert!(verifier.verify(&format!("{jwt}x")).is_err());
        }
        let receiver = WebhookReceiver::new(verifier);
        let _ = receiver.receive(b"{}", "Bearer x.y.z");
    }
    // The key file path: the file's whole text is read into memory and must be wiped.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("lkat-g04-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys.yaml");
        let mut file = std::fs::File::create(&path).unwrap();
        std::io::Write::write_all(&mut file, b"APIg04: ").unwrap();
        std::io::Write::write_all(&mut file, CANARY).unwrap();
        drop(file);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let creds = Credentials::from_key_file(&path, "APIg04").unwrap();
        let ring = KeyRing::from_key_file(&path).unwrap();
        assert!(AccessToken::with_credentials(&creds).to_jwt().is_ok());
        drop((creds, ring));
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // A key file read from a pipe (`<(vault read ..)`), whose size is unknown: the text is
    // read into a buffer that never grows, so no outgrown block is freed with it.
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (reader, mut writer) = std::io::pipe().unwrap();
        // Sized up front, and wiped below: the test's own copy must not be what it finds.
        let mut text = Vec::with_capacity(16 * 1024);
        text.extend_from_slice(b"APIg04: ");
        text.extend_from_slice(CANARY);
        text.extend_from_slice(b"\n");
        for i in 0..200 {
            text.extend_from_slice(
                format!("APIother{i}: other-secret-0123456789abcdef\n").as_bytes(),
            );
        }
        let writing = std::thread::spawn(move || {
            std::io::Write::write_all(&mut writer, &text).unwrap();
            text.fill(0);
            std::hint::black_box(&text);
        });
        let path = format!("/proc/self/fd/{}", reader.as_raw_fd());
        let creds = Credentials::from_key_file(&path, "APIg04").unwrap();
        writing.join().unwrap();
        drop((creds, reader));
    }
    // From the environment (`AccessToken::new()`'s way), and as an owned `String`: every
    // copy this crate reads is wiped. Setting a variable frees std's own copy of it, so the
    // scanner is off meanwhile; the environment block itself is the known exception.
    let set_env = |key: &str, value: &std::ffi::OsStr| {
        ARMED.store(false, Ordering::SeqCst);
        // SAFETY: this binary's one test runs alone, and nothing else reads the environment.
        unsafe {
            std::env::set_var("LIVEKIT_API_KEY", key);
            std::env::set_var("LIVEKIT_API_SECRET", value);
        }
        ARMED.store(true, Ordering::SeqCst);
    };
    set_env("APIg04", secret.as_ref());
    assert!(Credentials::from_env().is_ok());
    assert!(KeyRing::from_env().is_ok());
    assert!(AccessToken::new().is_ok());
    assert!(Credentials::new("APIg04", secret.to_owned()).is_ok());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let not_utf8 = [CANARY, b"\xff"].concat();
        set_env("APIg04", std::ffi::OsStr::from_bytes(&not_utf8));
        assert!(matches!(
            Credentials::from_env(),
            Err(CredentialsError::NotUnicode { .. })
        ));
        ARMED.store(false, Ordering::SeqCst);
        drop(not_utf8);
        ARMED.store(true, Ordering::SeqCst);
    }
    // A `String` with spare capacity made into an `ApiSecret`: copied to an exact block
    // and wiped, not shrunk in place (which frees the old block as it is).
    {
        let mut roomy = String::with_capacity(256);
        roomy.push_str(secret);
        let api_secret = ApiSecret::from(roomy);
        assert!(Credentials::new("APIg04", api_secret).is_ok());
    }
    // Egress credentials allowed into a token: the signer's per-thread payload buffer is
    // wiped, not just emptied, so when the thread ends and frees it nothing is left.
    drop(EGRESS_IN_JSON.to_vec());
    assert_eq!(
        EGRESS_HITS.swap(0, Ordering::SeqCst),
        1,
        "the scanner sees the payload's spelling"
    );
    std::thread::spawn(|| {
        let creds = Credentials::new("APIg04", "another-secret-0123456789abcdefghij").unwrap();
        let config = RoomConfiguration::builder()
            .egress(serde_json::json!({"tracks": {"s3": {"secret": "CANARY-egress-0123456789"}}}))
            .build();
        let jwt = AccessToken::with_credentials(&creds)
            .add_identity("u")
            .add_room_config(config)
            .allow_sensitive_credentials_in_room_config()
            .to_jwt();
        assert!(jwt.is_ok());
    })
    .join()
    .unwrap();
    assert_eq!(
        EGRESS_HITS.load(Ordering::SeqCst),
        0,
        "a freed payload buffer still held the egress credential"
    );
    // A room configuration, minted or refused once the minter has read it back (nested
    // past the readers' depth limit): no copy is freed unwiped, the caller's own `Value`,
    // which the builder holds last, included.
    let copies_freed = |depth: usize| {
        let mut deep = serde_json::json!(0);
        for _ in 0..depth {
            deep = serde_json::json!([deep]);
        }
        let config = RoomConfiguration::builder()
            .egress(serde_json::json!({"s3": {"secret": "CANARY-egress-0123456789"}, "z": deep}))
            .build();
        let creds = Credentials::new("APIg04", "another-secret-0123456789abcdefghij").unwrap();
        EGRESS_COPIES.store(0, Ordering::SeqCst);
        let minted = AccessToken::with_credentials(&creds)
            .add_identity("u")
            .add_room_config(config)
            .allow_sensitive_credentials_in_room_config()
            .to_jwt();
        (minted.map(drop), EGRESS_COPIES.load(Ordering::SeqCst))
    };
    let (minted, minted_copies) = copies_freed(10);
    assert!(minted.is_ok(), "{minted:?}");
    assert_eq!(
        minted_copies, 0,
        "a minted room configuration left a copy of its egress credential"
    );
    let (refused, refused_copies) = copies_freed(200);
    assert!(
        matches!(refused, Err(TokenError::NestedTooDeeply { .. })),
        "{refused:?}"
    );
    assert_eq!(
        refused_copies, 0,
        "a refused room configuration left a copy of its egress credential"
    );
    // One replaced by another, on either builder, and one handed to `from_claims`, which
    // refuses the claims it came with: wiped too.
    let config = || {
        RoomConfiguration::builder()
            .egress(serde_json::json!({"s3": {"secret": "CANARY-egress-0123456789"}}))
            .build()
    };
    let creds = Credentials::new("APIg04", "another-secret-0123456789abcdefghij").unwrap();
    EGRESS_COPIES.store(0, Ordering::SeqCst);
    let typed = AccessToken::with_credentials(&creds)
        .add_room_config(config())
        .add_room_config(config())
        .allow_sensitive_credentials_in_room_config()
        .to_jwt();
    let runtime = RuntimeCheckedToken::new(&creds)
        .set_room_config(config())
        .set_room_config(config())
        .allow_sensitive_credentials_in_room_config()
        .to_jwt_checked();
    let mut claims = Claims::default();
    claims.room_config = Some(config());
    claims.extra.insert("aud".into(), serde_json::json!("x"));
    let from_claims = RuntimeCheckedToken::from_claims(&creds, claims);
    assert!(typed.is_ok() && runtime.is_ok() && from_claims.is_err());
    assert_eq!(
        EGRESS_COPIES.load(Ordering::SeqCst),
        0,
        "a replaced or refused room configuration left a copy of its egress credential"
    );
    // A token endpoint's secret: only its digest is kept, and wiped on drop. Boxed, so
    // that the scanner sees the block it lived in.
    drop(Box::new(std::mem::ManuallyDrop::new(
        EndpointSecret::new(secret).unwrap(),
    )));
    assert_eq!(
        DIGEST_HITS.swap(0, Ordering::SeqCst),
        1,
        "the scanner sees an unwiped endpoint secret's digest"
    );
    let endpoint = Box::new(EndpointSecret::new(secret).unwrap());
    // The test's own copy of the secret, in the header, is wiped: it is not what is looked for.
    let mut header = format!("Bearer {secret}").into_bytes();
    assert!(endpoint.authorizes(std::str::from_utf8(&header).ok()));
    header.fill(0);
    drop((endpoint, header));
    assert_eq!(
        DIGEST_HITS.load(Ordering::SeqCst),
        0,
        "a freed block still held the endpoint secret's digest"
    );
    ARMED.store(false, Ordering::SeqCst);
    assert!(SCANNED.load(Ordering::SeqCst) > 100, "blocks were scanned");
    assert_eq!(
        HITS.load(Ordering::SeqCst),
        0,
        "a freed block still held the secret"
    );
    assert_eq!(
        KEYED_HITS.load(Ordering::SeqCst),
        0,
        "a freed block still held the secret's HMAC state"
    );
}

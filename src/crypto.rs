//! Picks jsonwebtoken's crypto backend once per process.
//!
//! jsonwebtoken 10+ chooses its backend from its cargo features at first use and panics
//! when it finds none or both (`rust_crypto` and `aws_lc_rs`, which feature unification
//! in a larger dependency graph can switch on). Installing the RustCrypto provider
//! explicitly before our first sign or verify removes that panic. If another crate
//! installed a provider first, the install fails harmlessly and theirs, a complete
//! provider by construction, is used.

use std::sync::Once;

use jsonwebtoken::crypto::{CryptoProvider, rust_crypto};

static INSTALL: Once = Once::new();

pub(crate) fn ensure_provider() {
    INSTALL.call_once(|| {
        // An Err only means a provider is already installed, which is what we need.
        let _already_installed = CryptoProvider::install_default(&rust_crypto::DEFAULT_PROVIDER);
    });
}

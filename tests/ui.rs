//! Compile-time rules: every `ui-tests/*.rs` must fail to compile with the committed
//! `.stderr`, and every `ui-tests/pass/*.rs` must compile. The snapshots are pinned to the
//! toolchain in `rust-toolchain.toml`; after bumping it, run
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff like docs.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-tests/*.rs");
    t.pass("ui-tests/pass/*.rs");
}

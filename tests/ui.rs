//! Compile-time rules: every `ui-tests/*.rs` must fail to compile with the committed
//! `.stderr`, and every `ui-tests/pass/*.rs` must compile. The snapshots are pinned to the
//! toolchain in `rust-toolchain.toml`; after bumping it, run
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff like docs.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("../ui-tests/*.rs");
    t.pass("../ui-tests/pass/*.rs");
}

/// The guide in `ui-tests/README.md` lists every case with the first line users see.
#[test]
fn ui_guide_lists_every_case_with_its_first_error_line() {
    let guide = std::fs::read_to_string("../ui-tests/README.md").expect("ui-tests/README.md");
    let mut cases = 0;
    for entry in std::fs::read_dir("../ui-tests").expect("ui-tests") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stderr = std::fs::read_to_string(path.with_extension("stderr"))
                .expect("a committed .stderr");
            let first = stderr
                .lines()
                .next()
                .unwrap_or_default()
                .replace('|', "\\|");
            // Its own row, so that two cases with the same first line cannot swap rows.
            let row = guide
                .lines()
                .find(|line| line.starts_with(&format!("| `{name}` |")));
            let Some(row) = row else {
                panic!("{name} has no row in the guide");
            };
            assert!(
                row.contains(&first),
                "the guide's row for {name} is stale: {first}"
            );
            cases += 1;
        }
    }
    assert!(cases >= 15, "{cases} compile-fail cases");
}

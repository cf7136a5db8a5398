//! The case matrix: every case in `tests/interop/cases/`, both ways, with the Node, Python
//! and Rust SDKs (C04).

use std::path::PathBuf;

use super::both_ways::check_case;
use super::*;

fn cases() -> Vec<Case> {
    let dir = root().join("tests/interop/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cases dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Case {
            name: p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            spec: serde_json::from_str(&std::fs::read_to_string(&p).expect("read case"))
                .expect("case is JSON"),
        })
        .collect()
}

#[test]
fn c04_interop_every_case_both_ways_with_node_python_and_rust_sdks() {
    peers_installed();
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "need at least 20 cases, found {}",
        cases.len()
    );
    // Two workers: node and python start-up dominate, and this machine has two cores.
    let (a, b) = cases.split_at(cases.len() / 2);
    let results: Vec<(Vec<String>, Tally)> = std::thread::scope(|s| {
        let handles: Vec<_> = [a, b]
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    let mut failures = Vec::new();
                    let mut tally = Tally::default();
                    for case in chunk {
                        check_case(case, &mut failures, &mut tally);
                    }
                    (failures, tally)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    let mut failures = Vec::new();
    let mut tally = Tally::default();
    for (f, t) in results {
        failures.extend(f);
        for (peer, dir, pass, total, unsupported) in t.rows {
            for _ in 0..pass {
                tally.add(&peer, dir, true, false);
            }
            for _ in 0..(total - pass) {
                tally.add(&peer, dir, false, false);
            }
            for _ in 0..unsupported {
                tally.add(&peer, dir, true, true);
            }
        }
    }
    println!("interop: {} cases", cases.len());
    for (peer, dir, pass, total, unsupported) in &tally.rows {
        println!("  {peer:24} {dir:18} {pass}/{total} pass, {unsupported} unsupported by the SDK");
    }
    assert!(
        failures.is_empty(),
        "{} interop failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    readme_states(cases.len(), &tally);
}

/// The README's compatibility table gives these counts: it must say what this run found.
fn readme_states(cases: usize, tally: &Tally) {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("checks {cases} cases both ways")),
        "README.md should say it checks {cases} cases"
    );
    for (peer, direction, pass, total, unsupported) in &tally.rows {
        let registry = match peer.split(' ').next() {
            Some("node") => "| npm ",
            Some("python") => "| PyPI ",
            Some("rust") => "| crates.io ",
            _ => panic!("{peer} has no row in README.md's compatibility table"),
        };
        let column = if *direction == "verifies ours" { 3 } else { 4 };
        let cell = match unsupported {
            0 => format!("{pass}/{total}"),
            n => format!("{pass}/{total} (cannot express {n})"),
        };
        let row = readme
            .lines()
            .find(|line| line.starts_with(registry))
            .unwrap_or_else(|| panic!("README.md has no row for {peer}"));
        assert_eq!(
            row.split('|').nth(column).map(str::trim),
            Some(cell.as_str()),
            "README.md's {peer} row, column '{direction}': {row}"
        );
    }
}

//! The library's layers, as `src/lib.rs` lists them: each module imports only the ones
//! above it, so data flows one way and no two modules import each other.

mod common;

/// The top-level modules, each allowed to import only those before it.
const LAYERS: &[&str] = &[
    "env_vars",
    "error",
    "clock",
    "ttl",
    "wire",
    "codec",
    "credentials",
    "mint",
    "builder",
    "token_source",
    "verify",
];

/// The top-level modules of the library that `path` (inside `src/`) names or belongs to.
fn layer_of(path: &str) -> &str {
    let top = path.split('/').next().unwrap_or(path);
    top.strip_suffix(".rs").unwrap_or(top)
}

/// The top-level modules `code` names as `crate::module` (`$crate::` in macros too),
/// outside comments.
fn imports(code: &str) -> Vec<&str> {
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| {
            line.match_indices("crate::")
                .map(move |(at, _)| &line[at + 7..])
        })
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn each_layer_imports_only_the_layers_above_it() {
    let sources = common::library_sources();
    let mut checked = 0;
    for (path, code) in &sources {
        let Some(rank) = LAYERS.iter().position(|l| *l == layer_of(path)) else {
            continue;
        };
        for module in imports(code) {
            if let Some(below) = LAYERS.iter().position(|l| *l == module) {
                assert!(
                    below <= rank,
                    "src/{path} ({}) imports {module}, a layer below it",
                    LAYERS[rank]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "found the imports ({checked})");
}

#[test]
fn every_module_of_the_library_has_its_layer() {
    let lib = std::fs::read_to_string(common::repo_root().join("src/lib.rs")).expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("mod ")
                .or_else(|| l.strip_prefix("pub mod "))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(modules.len() >= 10, "{modules:?}");
    for module in modules {
        // `__private` is the hidden test hook, which may reach anything.
        assert!(
            module == "__private" || LAYERS.contains(&module),
            "src/{module} has no place in LAYERS: put it in src/lib.rs's list and here"
        );
    }
    // The same order as lib.rs's comment, which is what readers go by.
    let listed: Vec<&str> = lib
        .lines()
        .skip_while(|l| !l.starts_with("// The layers"))
        .take_while(|l| l.starts_with("//"))
        .flat_map(|l| l.split('`').skip(1).step_by(2))
        .collect();
    assert_eq!(
        listed, LAYERS,
        "src/lib.rs's layer comment and LAYERS differ"
    );
}

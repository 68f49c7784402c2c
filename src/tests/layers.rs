//! The layers point one way: a folder of `src/` may use the folders below
//! it, never one above. This reads every source file and lists each
//! `crate::` path outside test code, so that an import that points up
//! fails here, naming the file, rather than slowly bending the tree.
//!
//! The order, lowest first, is the one `ARCHITECTURE.md` draws. A few
//! small modules are leaves that any layer may use: `span` (positions),
//! `limits` (named limits), `byte_search` (a byte found a word at a
//! time), `verbosity` (a settled setting) and `error`
//! (`io_reason` and the exit statuses; the `Error` that ends a run is
//! `run.rs`'s, made from the errors the layers return). `safe_write`
//! (writing the files a person names) is a leaf the drivers use.

use std::{fs, path::Path};

/// Each layer and the layers and leaves it may use besides itself.
const LAYERS: [(&str, &[&str]); 16] = [
    ("pack", &["span"]),
    ("load", &["pack", "span", "limits", "error"]),
    ("cases", &["pack", "load", "span", "limits", "error"]),
    ("engine", &["pack", "cases"]),
    ("render", &["pack", "load", "cases", "engine", "span", "limits", "error"]),
    ("schema", &["pack", "load", "cases"]),
    (
        "batch",
        &[
            "pack",
            "load",
            "cases",
            "engine",
            "render",
            "span",
            "limits",
            "error",
            "verbosity",
            "safe_write",
        ],
    ),
    (
        "prompt",
        &[
            "pack",
            "load",
            "cases",
            "engine",
            "render",
            "span",
            "limits",
            "error",
            "verbosity",
            "safe_write",
        ],
    ),
    (
        "quiz",
        &[
            "pack",
            "load",
            "cases",
            "engine",
            "render",
            "prompt",
            "span",
            "limits",
            "error",
            "verbosity",
            "safe_write",
        ],
    ),
    (
        "cli",
        &[
            "pack",
            "load",
            "cases",
            "engine",
            "render",
            "schema",
            "batch",
            "prompt",
            "error",
            "verbosity",
        ],
    ),
    ("error", &[]),
    ("span", &[]),
    ("limits", &[]),
    ("byte_search", &[]),
    ("verbosity", &[]),
    ("safe_write", &["error"]),
];

/// The first segment of every `crate::` path in `text`, including those
/// inside `use crate::{a::b, c}` groups.
fn used_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Depth-one items of the group each start with a module name.
            let (mut depth, mut item_start) = (1, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && (c.is_ascii_alphabetic() || c == '_') => {
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect();
                        out.push(name);
                        item_start = false;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
        } else {
            out.push(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

/// A file's text without its test module and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    paths.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for path in &paths {
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let layer = first.trim_end_matches(".rs");
        let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            // The top (lib.rs, main.rs, run.rs), the probe and the tests may
            // use anything.
            continue;
        };
        // A test module in a file of its own (`#[cfg(test)] mod tests;`)
        // may use anything, as an inline one may.
        if path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        checked += 1;
        let text = code(&fs::read_to_string(path).unwrap());
        for used in used_modules(&text) {
            let leaf = matches!(
                used.as_str(),
                "span" | "limits" | "byte_search" | "verbosity" | "error" | "DISCLAIMER"
            );
            if used != layer && !allowed.contains(&used.as_str()) && !leaf {
                wrong.push(format!("{}: `{layer}` uses `crate::{used}`", relative.display()));
            }
        }
    }
    assert!(checked > 50, "only {checked} files were checked");
    assert!(wrong.is_empty(), "imports that point up the layers:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_imports_finds_groups_and_paths() {
    let text = "use crate::{\n    pack::{Pack, feature::Feature},\n    engine::Options,\n};\n\
                let x = crate::render::text::WIDTH;";
    assert_eq!(used_modules(text), ["pack", "engine", "render"]);
}

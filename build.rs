//! The built-in packs' teaching cases are compiled in with `include_dir!`,
//! which on stable Rust cannot tell Cargo which files it read; without this
//! line an edited or added case in `rules/cases/` (or in the `cases/`
//! folder of another built-in pack under `rules/`, such as
//! `rules/extended/cases/`) would not rebuild the binary. Cargo watches a
//! folder named here whole, its subfolders too.
fn main() {
    println!("cargo::rerun-if-changed=rules");
}

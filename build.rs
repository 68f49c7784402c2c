//! The built-in teaching cases are compiled in with `include_dir!`, which
//! on stable Rust cannot tell Cargo which files it read; without this line
//! an edited or added case in `rules/cases/` would not rebuild the binary.
fn main() {
    println!("cargo::rerun-if-changed=rules/cases");
}

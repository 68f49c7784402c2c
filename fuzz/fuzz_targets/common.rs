// Not every target uses every part.
#![allow(dead_code)]

// Shared by the case-file targets: the built-in pack, and a case file read,
// checked, evaluated and rendered the way `neurotriage batch` does.

use std::sync::LazyLock;

use neurotriage::{Pack, probe};

pub static PACK: LazyLock<Pack> =
    LazyLock::new(|| probe::builtin_pack().expect("the built-in pack loads"));

pub fn read_cases(format: probe::Format, data: &[u8]) {
    for line in probe::read_cases(&PACK, format, data) {
        assert!(line.contains("\"disclaimer\""));
    }
}

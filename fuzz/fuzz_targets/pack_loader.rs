//! A rule pack: the toy three-profile pack of `tests/packs/three` with one
//! of its files (chosen by the first byte) replaced by the input, loaded
//! and checked; a pack that loads is then used once. The toy pack rather
//! than the built-in one: it has every kind of file and every feature
//! type, and loads ten times faster, so the fuzzer tries ten times more.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neurotriage::probe;

const FILES: [(&str, &str); 6] = [
    ("pack.yaml", include_str!("../../tests/packs/three/pack.yaml")),
    ("features.yaml", include_str!("../../tests/packs/three/features.yaml")),
    ("claims.yaml", include_str!("../../tests/packs/three/claims.yaml")),
    ("rules.yaml", include_str!("../../tests/packs/three/rules.yaml")),
    ("derived.yaml", include_str!("../../tests/packs/three/derived.yaml")),
    ("alerts.yaml", include_str!("../../tests/packs/three/alerts.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let replaced = usize::from(*first) % FILES.len();
    let files = FILES
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let text = if i == replaced {
                String::from_utf8_lossy(rest).into_owned()
            } else {
                (*text).to_owned()
            };
            ((*name).to_owned(), text)
        })
        .collect();
    probe::check_pack_texts(files);
});

//! A rule pack: the built-in pack's files with one of them (chosen by the
//! first byte) replaced by the input, loaded and checked; a pack that loads
//! is then used once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neurotriage::{builtin, engine, load};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let replaced = usize::from(*first) % builtin::FILES.len();
    let files = builtin::FILES
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
    let report = load::from_texts(files);
    if let Some(pack) = report.pack {
        let _ =
            engine::evaluate(&pack, &neurotriage::case::Case::new(), engine::Options::default());
    }
});

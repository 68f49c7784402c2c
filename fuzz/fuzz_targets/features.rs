//! The terse feature syntax of `explain` and the prompt (`age=62`,
//! `no-sensory_loss`, `"muscle twitching"`), then evaluation and the text
//! rendering.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use neurotriage::probe;

fuzz_target!(|data: &[u8]| {
    let pack = &*common::PACK;
    let text = String::from_utf8_lossy(data);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if let Some(case) = probe::prepare(pack, &tokens) {
        assert!(probe::explain_text(pack, &case).contains("not a diagnosis"));
    }
});

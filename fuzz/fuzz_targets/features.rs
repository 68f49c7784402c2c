//! The terse feature syntax of `explain` and the prompt (`age=62`,
//! `no-sensory_loss`, `"muscle twitching"`), then evaluation and the text
//! rendering.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use neurotriage::{
    assignment, engine,
    render::{Render, text::Text},
};

fuzz_target!(|data: &[u8]| {
    let pack = &*common::PACK;
    let text = String::from_utf8_lossy(data);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if let Ok(case) = assignment::parse_all(pack, &tokens) {
        let explanation = engine::evaluate(pack, &case, engine::Options::default());
        let mut out = String::new();
        Text { brief: false, width: 80 }.render(&explanation, &mut out);
        assert!(out.contains("not a diagnosis"));
    }
});

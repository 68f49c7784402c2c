//! A jsonl case file, from reading to the per-case JSON of a batch.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use neurotriage::probe::Format;

fuzz_target!(|data: &[u8]| common::read_cases(Format::JsonLines, data));

// Not every target uses every part.
#![allow(dead_code)]

// Shared by the case-file targets: the built-in pack, and a case file read,
// checked, evaluated and rendered the way `neurotriage batch` does.

use std::sync::{Arc, LazyLock};

use neurotriage::{
    case_reader::{self, CaseFormat, Chunk},
    engine::{self, Options},
    load::{self, PackSource},
    pack::Pack,
    report::{self, CaseView, Detail},
};

pub static PACK: LazyLock<Pack> =
    LazyLock::new(|| load::load(&PackSource::Builtin).pack.expect("the built-in pack loads"));

pub fn read_cases(format: CaseFormat, data: &[u8]) {
    let pack = &*PACK;
    let name: Arc<str> = Arc::from("fuzz");
    let mut chunk = Chunk::with_capacity(16, 0);
    let mut input = data;
    let _ = case_reader::read(pack, format, &name, &mut input, &mut |found| {
        chunk.push(found);
        Ok(())
    });
    let (bytes, cases) = chunk.into_parts();
    for pending in cases {
        let record = pending.finish(pack, &bytes);
        let explanation = record
            .case
            .as_ref()
            .ok()
            .map(|file| engine::evaluate(pack, &file.case, Options::default()));
        let mut out = String::new();
        report::case_json(
            pack,
            &CaseView { record: &record, explanation: explanation.as_ref() },
            Detail::Full,
            &mut out,
        );
        assert!(out.contains("\"disclaimer\""));
    }
}

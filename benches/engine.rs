//! Speed of the parts a person waits for: loading and checking the built-in
//! pack, evaluating one case, and working out the sections of a full
//! explanation. Figures are in `docs/performance.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use neurotriage::probe;

const TYPICAL: [&str; 5] =
    ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];
const SPARSE: [&str; 1] = ["age=45"];

fn loading(c: &mut Criterion) {
    // What every command pays: the stored, already checked copy.
    c.bench_function("load the built-in pack (stored copy)", |b| {
        b.iter(|| black_box(probe::builtin_pack()));
    });
    // What `rules check` (and any other pack) pays: YAML read and checked.
    c.bench_function("check the built-in pack from its YAML", |b| {
        b.iter(|| black_box(probe::check_builtin()));
    });
    // Where the loading time goes: the YAML parser alone.
    c.bench_function("parse the built-in pack's YAML only", |b| {
        b.iter(|| black_box(probe::parse_builtin_yaml()));
    });
}

fn evaluation(c: &mut Criterion) {
    let Some(pack) = probe::builtin_pack() else { return };
    for (name, tokens) in
        [("typical ALS, 5 features", &TYPICAL[..]), ("only age known", &SPARSE[..])]
    {
        let Some(case) = probe::prepare(&pack, tokens) else { return };
        c.bench_function(&format!("evaluate one case ({name})"), |b| {
            b.iter(|| black_box(probe::evaluate_case(black_box(&pack), black_box(&case))));
        });
        c.bench_function(&format!("evaluate with every section ({name})"), |b| {
            b.iter(|| black_box(probe::evaluate_all_sections(black_box(&pack), black_box(&case))));
        });
        c.bench_function(&format!("evaluate and render text ({name})"), |b| {
            b.iter(|| black_box(probe::explain_text(black_box(&pack), black_box(&case))));
        });
    }
}

criterion_group!(engine, loading, evaluation);
criterion_main!(engine);

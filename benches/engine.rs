//! Speed of the parts a person waits for: loading and checking the built-in
//! pack, and evaluating one case. Figures are in `docs/performance.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use neurotriage::{
    Options, assignment, evaluate,
    load::{PackSource, load},
};

fn benches(c: &mut Criterion) {
    c.bench_function("load and check the built-in pack", |b| {
        b.iter(|| black_box(load(black_box(&PackSource::Builtin))));
    });
    let Some(pack) = load(&PackSource::Builtin).pack else { return };
    let typical = ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];
    let Ok(case) = assignment::parse_all(&pack, &typical) else { return };
    c.bench_function("evaluate one case (typical ALS, 5 features)", |b| {
        b.iter(|| black_box(evaluate(black_box(&pack), black_box(&case), Options::default())));
    });
    let sparse = ["age=45"];
    let Ok(sparse_case) = assignment::parse_all(&pack, &sparse) else { return };
    c.bench_function("evaluate one case (only age known)", |b| {
        b.iter(|| black_box(evaluate(black_box(&pack), black_box(&sparse_case), Options::default())));
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);

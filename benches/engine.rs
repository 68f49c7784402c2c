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
    let typical =
        ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];
    let Ok(case) = assignment::parse_all(&pack, &typical) else { return };
    c.bench_function("evaluate one case (typical ALS, 5 features)", |b| {
        b.iter(|| black_box(evaluate(black_box(&pack), black_box(&case), Options::default())));
    });
    let sparse = ["age=45"];
    let Ok(sparse_case) = assignment::parse_all(&pack, &sparse) else { return };
    c.bench_function("evaluate one case (only age known)", |b| {
        b.iter(|| {
            black_box(evaluate(black_box(&pack), black_box(&sparse_case), Options::default()))
        });
    });
}

criterion_group!(engine, benches);

fn parse_only(c: &mut Criterion) {
    c.bench_function("parse the built-in pack's YAML only", |b| {
        b.iter(|| {
            for (_, text) in neurotriage::builtin::FILES {
                black_box(neurotriage::yaml::parse::<neurotriage::yaml::Spanned<neurotriage::node::Node>>(black_box(text)).is_ok());
            }
        });
    });
}
criterion_group!(parsing, parse_only);

fn parse_plain(c: &mut Criterion) {
    c.bench_function("parse the built-in pack's YAML as plain values", |b| {
        b.iter(|| {
            for (_, text) in neurotriage::builtin::FILES {
                black_box(neurotriage::yaml::parse::<serde_json::Value>(black_box(text)).is_ok());
            }
        });
    });
}
criterion_group!(plain, parse_plain);

criterion_main!(engine, parsing, plain);

//! Speed of the parts a person waits for: loading and checking the built-in
//! pack, evaluating one case, and working out the sections of a full
//! explanation. Figures are in `docs/performance.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use neurotriage::{
    Options, assignment, evaluate,
    load::{PackSource, check, load},
    node::Node,
    render::{Render, text::Text},
    yaml::{Spanned, parse},
};

const TYPICAL: [&str; 5] =
    ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];
const SPARSE: [&str; 1] = ["age=45"];

fn loading(c: &mut Criterion) {
    // What every command pays: the stored, already checked copy.
    c.bench_function("load the built-in pack (stored copy)", |b| {
        b.iter(|| black_box(load(black_box(&PackSource::Builtin))));
    });
    // What `rules check` (and any other pack) pays: YAML read and checked.
    c.bench_function("check the built-in pack from its YAML", |b| {
        b.iter(|| black_box(check(black_box(&PackSource::Builtin))));
    });
    // Where the loading time goes: the YAML parser alone.
    c.bench_function("parse the built-in pack's YAML only", |b| {
        b.iter(|| {
            for (_, text) in neurotriage::builtin::FILES {
                black_box(parse::<Spanned<Node>>(black_box(text)).is_ok());
            }
        });
    });
}

fn evaluation(c: &mut Criterion) {
    let Some(pack) = load(&PackSource::Builtin).pack else { return };
    for (name, tokens) in
        [("typical ALS, 5 features", &TYPICAL[..]), ("only age known", &SPARSE[..])]
    {
        let Ok(case) = assignment::parse_all(&pack, tokens) else { return };
        c.bench_function(&format!("evaluate one case ({name})"), |b| {
            b.iter(|| black_box(evaluate(black_box(&pack), black_box(&case), Options::default())));
        });
        c.bench_function(&format!("evaluate with every section ({name})"), |b| {
            b.iter(|| {
                let e = evaluate(black_box(&pack), black_box(&case), Options::default());
                black_box((e.not_fired(), e.contrast(), e.next_questions()));
            });
        });
        c.bench_function(&format!("evaluate and render text ({name})"), |b| {
            b.iter(|| {
                let e = evaluate(black_box(&pack), black_box(&case), Options::default());
                let mut out = String::new();
                Text { brief: false, width: 80 }.render(&e, &mut out);
                black_box(out);
            });
        });
    }
}

criterion_group!(engine, loading, evaluation);
criterion_main!(engine);

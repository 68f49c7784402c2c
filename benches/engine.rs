//! Speed of the parts a person waits for: loading and checking the built-in
//! pack, evaluating one case, working out the sections of a full
//! explanation, and the flip search, with the slowest case found among many.
//! Figures are in `docs/performance.md`.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use criterion::{Criterion, criterion_group, criterion_main};
use neurotriage::probe;

const TYPICAL: [&str; 5] =
    ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];
const SPARSE: [&str; 1] = ["age=45"];
/// Steps of the climb from each of the cases with the most work.
const CLIMB_STEPS: usize = 1500;
/// Issue 13's pure-motor progressive picture.
const PURE_MOTOR: [&str; 11] = [
    "age=55",
    "course=progressive",
    "muscle_stiffness",
    "muscle_weakness",
    "upper_motor_neuron_signs",
    "no-sensory_loss",
    "no-visual_problems",
    "no-ataxia",
    "no-fasciculations",
    "no-muscle_wasting",
    "no-lower_motor_neuron_signs",
];

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

/// The flip search (`engine/flip.rs`) on a few cases, then on the slowest
/// case found among many random ones of the built-in pack (`FLIP_CASES`,
/// 20,000 by default): the cases are ranked by the work the search does
/// (deterministic) and each is also timed once (noisy), and the worst are
/// printed before they are measured.
fn flips(c: &mut Criterion) {
    let Some(pack) = probe::builtin_pack() else { return };
    let mut cases: Vec<(String, Vec<String>)> = [
        ("typical ALS, 5 features", &TYPICAL[..]),
        ("only age known", &SPARSE[..]),
        ("the pure-motor trap of issue 13", &PURE_MOTOR[..]),
    ]
    .iter()
    .map(|(name, tokens)| ((*name).to_owned(), tokens.iter().map(|t| (*t).to_owned()).collect()))
    .collect();
    let count: u64 =
        std::env::var("FLIP_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let mut by_work: Vec<(usize, u64)> = Vec::new();
    let mut by_time: Vec<(Duration, u64)> = Vec::new();
    for seed in 0..count {
        let tokens = probe::random_case(&pack, seed);
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let Some(case) = probe::prepare(&pack, &words) else { continue };
        let started = Instant::now();
        let work = probe::flip_work(&pack, &case);
        by_time.push((started.elapsed(), seed));
        by_work.push((work.work, seed));
    }
    by_work.sort_unstable_by(|a, b| b.cmp(a));
    by_time.sort_unstable_by(|a, b| b.cmp(a));
    let mut times: Vec<Duration> = by_time.iter().map(|(t, _)| *t).collect();
    times.sort_unstable();
    if let Some(median) = times.get(times.len() / 2) {
        eprintln!(
            "flip search over {count} random cases: median {median:?}, slowest {:?}",
            times.last().copied().unwrap_or_default()
        );
    }
    if let Some(seed) = by_time.first().map(|t| t.1) {
        let tokens = probe::random_case(&pack, seed);
        eprintln!("slowest once (seed {seed}): {}", tokens.join(" "));
        cases.push(("worst found, slowest once".to_owned(), tokens));
    }
    // From the cases with the most work, climb: change, add or drop one
    // feature at a time and keep the change when the work does not drop.
    let mut worst: Option<(usize, Vec<String>)> = None;
    let mut state = 0x5EED_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n.max(1) as u64).unwrap_or(0)
    };
    let work_of = |tokens: &[String]| {
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        probe::prepare(&pack, &words).map(|case| probe::flip_work(&pack, &case))
    };
    for &(_, seed) in by_work.iter().take(5) {
        let mut tokens = probe::random_case(&pack, seed);
        let Some(mut best) = work_of(&tokens) else { continue };
        for _ in 0..CLIMB_STEPS {
            let mut tried = tokens.clone();
            let pool = probe::random_case(&pack, count + next(1 << 20) as u64);
            if !tried.is_empty() && (pool.is_empty() || next(4) == 0) {
                tried.remove(next(tried.len()));
            } else if let Some(token) = pool.get(next(pool.len())) {
                let name = token.split('=').next().unwrap_or_default();
                tried.retain(|t| t.split('=').next() != Some(name));
                tried.push(token.clone());
            }
            if let Some(work) = work_of(&tried)
                && work.work >= best.work
            {
                best = work;
                tokens = tried;
            }
        }
        if worst.as_ref().is_none_or(|(w, _)| best.work > *w) {
            eprintln!("most work, climbed from seed {seed}: {} | {best:?}", tokens.join(" "));
            worst = Some((best.work, tokens));
        }
    }
    if let Some((_, tokens)) = worst {
        cases.push(("worst found, most work".to_owned(), tokens));
    }
    for (name, tokens) in &cases {
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let Some(case) = probe::prepare(&pack, &words) else { continue };
        c.bench_function(&format!("flip search ({name})"), |b| {
            b.iter(|| black_box(probe::flip_search(black_box(&pack), black_box(&case))));
        });
    }
}

criterion_group!(engine, loading, evaluation, flips);
criterion_main!(engine);

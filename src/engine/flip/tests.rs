//! The flip search on the built-in pack and on small packs made for it.

use super::{Start, search_within};
use crate::{
    cases::assignment::parse_all,
    engine::{Options, Sections, evaluate, explanation::Flips},
    load::from_texts,
    pack::{Pack, value::Value},
};

/// A pack of three profiles: `a` counts for X, `b` for Y, `c` and `d`
/// together for Z (through a derivation), `n` (a number) for Y above 60.
fn pack(margin: u8) -> Pack {
    pack_needing(margin, "")
}

/// The same, with a `clear_needs` line (`clear_needs: moderate`).
fn pack_needing(margin: u8, clear_needs: &str) -> Pack {
    let files = [
        (
            "pack.yaml".to_owned(),
            format!(
                "name: t\ntitle: T\nmargin: {margin}\n{clear_needs}profiles:\n  X: {{name: x, summary: x}}\n  Y: {{name: y, summary: y}}\n  Z: {{name: z, summary: z}}\n"
            ),
        ),
        ("claims.yaml".to_owned(), "claims:\n  - {id: K1, kind: discriminating, claim: k}\n".to_owned()),
        (
            "features.yaml".to_owned(),
            "features:\n  a: {label: a, question: a?, type: yes_no}\n  b: {label: b, question: b?, type: yes_no}\n  c: {label: c, question: c?, type: yes_no}\n  d: {label: d, question: d?, type: yes_no}\n  cd: {label: cd, question: cd?, type: yes_no}\n  n: {label: n, question: n?, type: number, min: 0, max: 100}\n  idle: {label: idle, question: idle?, type: yes_no}\n"
                .to_owned(),
        ),
        (
            "derived.yaml".to_owned(),
            "derived:\n  - {id: cd-from-c-and-d, sets: {cd: yes}, when: {c: yes, d: yes}, reason: r, claims: [K1]}\n".to_owned(),
        ),
        (
            "rules.yaml".to_owned(),
            "rules:\n  - {id: a-for-x, when: {a: yes}, favours: {X: strong}, reason: r, claims: [K1]}\n  - {id: b-for-y, when: {b: yes}, favours: {Y: moderate}, reason: r, claims: [K1]}\n  - {id: cd-for-z, when: {cd: yes}, favours: {Z: strong}, reason: r, claims: [K1]}\n  - {id: n-for-y, when: {n: {above: 60}}, favours: {Y: weak}, reason: r, claims: [K1]}\n  - {id: n-low-for-x, when: {n: {at_most: 20}}, favours: {X: weak}, reason: r, claims: [K1]}\n".to_owned(),
        ),
    ];
    let report = from_texts(files.to_vec());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.pack.unwrap()
}

fn flips(pack: &Pack, tokens: &[&str]) -> Flips {
    let case = parse_all(pack, tokens).unwrap();
    let sections = Sections { flips: true, ..Sections::NONE };
    evaluate(pack, &case, Options { closed_world: false, sections }).flips().clone()
}

/// `feature=value` for each change of each listed flip.
fn listed(pack: &Pack, flips: &Flips) -> Vec<String> {
    flips
        .listed
        .iter()
        .map(|flip| {
            let changes: Vec<String> = flip
                .changes
                .iter()
                .map(|c| {
                    let f = &pack.features[c.feature];
                    format!("{}={}", f.name, c.to_text(f))
                })
                .collect();
            changes.join(" ")
        })
        .collect()
}

#[test]
fn every_single_change_that_flips_is_listed_in_pack_then_answer_order() {
    let pack = pack(2);
    // X leads by 3: taking `a` back, `b` (Y +2) or `cd` (Z +3) each
    // bring the lead under 2; a low or high `n` does not.
    let f = flips(&pack, &["a"]);
    assert_eq!(f.changes_needed, Some(1));
    assert!(f.complete);
    assert_eq!(f.searched, 1);
    assert_eq!(listed(&pack, &f), vec!["a=no", "b=yes", "cd=yes"]);
    assert_eq!(f.found, 3);
    let flip = &f.listed[0];
    assert_eq!((flip.verdict, flip.margin), (None, 0));
    assert_eq!(flip.changes[0].from, Some(Value::Flag(true)));
    assert_eq!(f.listed[2].margin, 0, "X and Z tie");
}

#[test]
fn a_number_changes_by_stretch_the_pack_tells_apart() {
    let pack = pack(1);
    // Nothing known: any rule firing gives a clear verdict. The middle
    // stretch of `n` (above 20, at most 60) fires nothing.
    let f = flips(&pack, &[]);
    assert_eq!(f.changes_needed, Some(1));
    assert_eq!(listed(&pack, &f), vec!["a=yes", "b=yes", "cd=yes", "n=at most 20", "n=above 60"]);
    assert_eq!(f.found, 5);
    let n = &f.listed[3].changes[0];
    assert_eq!((n.from, n.to), (None, Value::Number(10.0)));
    assert_eq!(f.listed[3].verdict, Some(0));
}

#[test]
fn a_derived_value_is_changed_only_through_what_it_is_derived_from() {
    let pack = pack(3);
    // Z leads by 3 through `cd`, derived from `c` and `d`.
    let f = flips(&pack, &["c", "d", "b=no"]);
    assert_eq!(f.changes_needed, Some(1));
    assert_eq!(listed(&pack, &f), vec!["a=yes", "b=yes", "c=no", "d=no", "n=at most 20"]);
    assert_eq!(f.found, 6, "and `n` above 60; never `cd` itself");
    assert!(f.listed.iter().all(|flip| flip.verdict.is_none()));
}

#[test]
fn when_no_single_change_flips_the_pairs_are_searched() {
    let pack = pack(1);
    // X 4 (a, n low); no one change brings another profile level.
    let f = flips(&pack, &["a", "b=no", "cd=no", "n=10"]);
    assert_eq!(f.changes_needed, Some(2));
    assert!(f.complete);
    assert_eq!(f.found, 7);
    assert_eq!(
        listed(&pack, &f),
        vec![
            "a=no b=yes",
            "a=no cd=yes",
            "a=no n=above 20 and at most 60",
            "a=no n=above 60",
            "b=yes n=above 60",
        ]
    );
    assert_eq!(f.listed[0].verdict, Some(1));
    assert_eq!(f.listed[0].changes[1].from, Some(Value::Flag(false)));
    // The same features in another order give the same flips.
    assert_eq!(f, flips(&pack, &["n=10", "cd=no", "b=no", "a"]));
}

#[test]
fn a_clear_verdict_needs_the_support_the_pack_asks_for() {
    let pack = pack_needing(1, "clear_needs: moderate\n");
    // Nothing known: a high `n` alone (Y +1, weak) is not clear, nor a
    // low one (X +1, weak); only the moderate and strong rules are.
    let f = flips(&pack, &[]);
    assert_eq!(listed(&pack, &f), vec!["a=yes", "b=yes", "cd=yes"]);
    // Y by 3 on `b` and a high `n`: taking `b` back leaves Y ahead by
    // 1 on a weak rule alone, which is no longer clear.
    let f = flips(&pack, &["b", "n=70"]);
    assert_eq!(f.changes_needed, Some(1));
    let flip = &f.listed.iter().find(|flip| flip.changes[0].feature == 1).unwrap();
    assert_eq!((flip.verdict, flip.margin), (None, 1));
}

#[test]
fn nothing_flips_when_no_verdict_can_be_reached() {
    // No profile can lead by 9: the search ends at once, complete.
    let f = flips(&pack(9), &["a"]);
    assert_eq!((f.changes_needed, f.complete, f.searched, f.found), (None, true, 3, 0));
    assert!(f.listed.is_empty());
}

#[test]
fn a_search_out_of_budget_says_so_and_keeps_what_it_knows() {
    let pack = pack(1);
    let case = parse_all(&pack, &["a", "b=no", "cd=no", "n=10"]).unwrap();
    let e = evaluate(&pack, &case, Options::default());
    let values = e.values();
    let start = Start {
        facts: &e.facts,
        values: &values,
        rule_truth: &e.rule_truth,
        scores: &e.scores,
        closed_world: false,
    };
    let whole = search_within(&pack, &start, usize::MAX);
    assert_eq!(whole.changes_needed, Some(2));
    // Enough for the single changes, not for every pair.
    let cut = search_within(&pack, &start, 30);
    assert!(!cut.complete);
    assert_eq!(cut.searched, 1);
    assert!(cut.found < whole.found);
    assert_eq!(cut.changes_needed, (cut.found > 0).then_some(2));
    assert_eq!(cut.listed[..], whole.listed[..cut.listed.len()]);
    let none = search_within(&pack, &start, 2);
    assert_eq!((none.changes_needed, none.complete, none.searched), (None, false, 0));
}

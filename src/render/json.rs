//! JSON: one object per explanation, with a documented, stable shape (see
//! `docs/json.md`). Keys keep the order written here.

use serde_json::{Map, Value as JsonValue, json};

use super::{Render, condition_text, sections_for};
use crate::{
    DISCLAIMER,
    cases::case_file::{CaseFile, Expected},
    engine::Sections,
    engine::explanation::{Explanation, Flips, NoteKind},
    engine::fact::Origin,
    engine::why_not::{BlockerStatus, Need},
    pack::Pack,
};

/// The JSON renderer. `brief` drops the long sections but keeps the keys
/// (as empty lists) so that consumers see one shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Json {
    pub(crate) brief: bool,
}

fn by_profile(pack: &Pack, values: &[i32]) -> JsonValue {
    let mut map = Map::new();
    for (p, v) in values.iter().enumerate() {
        map.insert(pack.profiles[p].id.clone(), json!(v));
    }
    JsonValue::Object(map)
}

fn claim_ids(pack: &Pack, claims: &[usize]) -> JsonValue {
    json!(claims.iter().map(|c| pack.claims[*c].id.as_str()).collect::<Vec<_>>())
}

fn origin(e: &Explanation<'_>, o: Origin) -> JsonValue {
    match o {
        Origin::Entered => json!("entered"),
        Origin::StatedUnknown => json!("stated_unknown"),
        Origin::Derived(d) => json!({"derived_by": e.pack.derivations[d].id}),
        Origin::ClosedWorld => json!("assumed_absent"),
        Origin::Unmentioned => json!("unmentioned"),
    }
}

/// The explanation as a JSON value (the batch output reuses it).
pub(crate) fn to_value(e: &Explanation<'_>, brief: bool) -> JsonValue {
    let pack = e.pack;
    let profile_id = |p: usize| pack.profiles[p].id.as_str();
    let fired: Vec<JsonValue> = e
        .fired
        .iter()
        .map(|r| {
            let rule = &pack.rules[*r];
            json!({
                "rule": rule.id,
                "effects": by_profile_sparse(pack, &rule.effects),
                "reason": rule.reason,
                "claims": claim_ids(pack, &rule.claims),
                "caveats": claim_ids(pack, &pack.caveated(rule.claims.iter().copied())),
                "note": rule.note,
            })
        })
        .collect();
    let not_fired: Vec<JsonValue> = if brief {
        Vec::new()
    } else {
        e.not_fired()
            .iter()
            .map(|n| {
                let rule = &pack.rules[n.rule];
                let blockers: Vec<JsonValue> = n
                    .need
                    .parts()
                    .into_iter()
                    .map(|b| {
                        let f = &pack.features[b.feature()];
                        json!({
                            "feature": f.name,
                            "needs": b.needed(f),
                            "status": match b.status { BlockerStatus::Unknown => "unknown", BlockerStatus::Contradicted => "contradicted" },
                            "value": e.facts[b.feature()].value.map_or(JsonValue::Null, |v| v.to_json(f)),
                        })
                    })
                    .collect();
                json!({
                    "rule": rule.id,
                    "effects": by_profile_sparse(pack, &rule.effects),
                    "status": if n.truth == crate::pack::truth::Truth::Unknown { "undecided" } else { "false" },
                    "blockers": blockers,
                    "requirement": requirement(&n.need, &mut 0),
                })
            })
            .collect()
    };
    let facts: Vec<JsonValue> = e
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.origin != Origin::Unmentioned)
        .map(|(id, fact)| {
            let f = &pack.features[id];
            json!({
                "feature": f.name,
                "value": fact.value.map_or(JsonValue::Null, |v| v.to_json(f)),
                "origin": origin(e, fact.origin),
            })
        })
        .collect();
    let derived: Vec<JsonValue> = e
        .derived()
        .map(|(f, d)| {
            let derivation = &pack.derivations[d];
            let feature = &pack.features[f];
            json!({
                "feature": feature.name,
                "value": e.facts[f].value.map_or(JsonValue::Null, |v| v.to_json(feature)),
                "by": derivation.id,
                "because": condition_text(pack, &derivation.when),
                "reason": derivation.reason,
                "claims": claim_ids(pack, &derivation.claims),
            })
        })
        .collect();
    let notes: Vec<JsonValue> = e
        .derivation_notes
        .iter()
        .map(|n| {
            let d = &pack.derivations[n.derivation];
            let f = &pack.features[d.feature];
            let (kind, other) = match n.kind {
                NoteKind::AgreesWithEntered => ("agrees_with_entered", JsonValue::Null),
                NoteKind::OverriddenByEntered { entered } => ("entered_value_wins", entered.to_json(f)),
                NoteKind::OverriddenByEarlier { earlier } => ("earlier_derivation_wins", json!(pack.derivations[earlier].id)),
            };
            json!({"derivation": d.id, "feature": f.name, "would_conclude": d.value.to_json(f), "note": kind, "instead": other})
        })
        .collect();
    let contrast: Vec<JsonValue> = if brief {
        Vec::new()
    } else {
        e.contrast()
            .iter()
            .map(|row| {
                let f = &pack.features[row.feature];
                json!({
                    "feature": f.name,
                    "value": e.facts[row.feature].value.map_or(JsonValue::Null, |v| v.to_json(f)),
                    "effects": by_profile(pack, &row.effects),
                    "rules": row.rules.iter().map(|r| pack.rules[*r].id.as_str()).collect::<Vec<_>>(),
                    "shared": row.shared,
                    "feeds": row.feeds.iter().map(|d| pack.features[*d].name.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect()
    };
    let next: Vec<JsonValue> = if brief {
        Vec::new()
    } else {
        e.next_questions()
            .iter()
            .map(|q| {
                let f = &pack.features[q.feature];
                let outcomes: Vec<JsonValue> = q
                    .outcomes
                    .iter()
                    .map(|o| {
                        json!({
                            "answer": o.answer_text(f),
                            "example": o.example.to_json(f),
                            "lead_change": o.lead_change,
                            "verdict": o.verdict.map(profile_id),
                            "margin": o.margin,
                            "scores": by_profile(pack, &o.scores),
                        })
                    })
                    .collect();
                json!({"feature": f.name, "question": f.question, "swing": q.swing, "decisive": q.decisive, "outcomes": outcomes})
            })
            .collect()
    };
    // Brief keeps the shape with nothing searched: no flip, not complete.
    let flips =
        if brief { flips_value(pack, &Flips::default()) } else { flips_value(pack, e.flips()) };
    let alerts: Vec<JsonValue> = e
        .alerts
        .iter()
        .map(|a| {
            let alert = &pack.alerts[*a];
            let kind = match alert.kind {
                crate::pack::alert::AlertKind::Care => "care",
                crate::pack::alert::AlertKind::Caution => "caution",
            };
            json!({"alert": alert.id, "kind": kind, "advice": alert.advice, "claims": claim_ids(pack, &alert.claims)})
        })
        .collect();
    let caveats: Vec<JsonValue> = e
        .caveats
        .iter()
        .map(|c| {
            let claim = &pack.claims[*c];
            json!({"claim": claim.id, "says": claim.text, "caveat": claim.caveat})
        })
        .collect();
    let against: Vec<&str> = e.evidence_against_leader().map(|r| r.id.as_str()).collect();
    json!({
        "disclaimer": DISCLAIMER,
        "pack": pack.name,
        "unknown_as_absent": e.closed_world,
        "verdict": e.verdict.map(profile_id),
        "leader": profile_id(e.leader()),
        "margin": e.margin,
        "conflict": !e.conflicting.is_empty(),
        "conflicting": e.conflicting.iter().map(|p| pack.profiles[*p].id.as_str()).collect::<Vec<_>>(),
        "threshold": pack.margin,
        "scores": by_profile(pack, &e.scores),
        "facts": facts,
        "derived": derived,
        "derivation_notes": notes,
        "fired": fired,
        "evidence_against_leader": against,
        "not_fired": not_fired,
        "contrast": contrast,
        "next_questions": next,
        "flips": flips,
        "caveats": caveats,
        "alerts": alerts,
    })
}

/// The smallest changes that flip the verdict (docs/json.md).
fn flips_value(pack: &Pack, flips: &Flips) -> JsonValue {
    let listed: Vec<JsonValue> = flips
        .listed
        .iter()
        .map(|flip| {
            let changes: Vec<JsonValue> = flip
                .changes
                .iter()
                .map(|c| {
                    let f = &pack.features[c.feature];
                    json!({
                        "feature": f.name,
                        "from": c.from.map_or(JsonValue::Null, |v| v.to_json(f)),
                        "to": c.to.to_json(f),
                        "answer": c.to_text(f),
                    })
                })
                .collect();
            json!({
                "changes": changes,
                "verdict": flip.verdict.map(|p| pack.profiles[p].id.as_str()),
                "margin": flip.margin,
            })
        })
        .collect();
    json!({
        "changes_needed": flips.changes_needed,
        "complete": flips.complete,
        "found": flips.found,
        "listed": listed,
    })
}

/// The shape of what a rule still needs: `{"blocker": i}` for the i-th of
/// its `blockers`, `{"all_of": [...]}`, `{"one_of": [...]}`.
fn requirement(need: &Need<'_>, next: &mut usize) -> JsonValue {
    match need {
        Need::Part(_) => {
            *next += 1;
            json!({ "blocker": *next - 1 })
        }
        Need::AllOf(needs) => {
            json!({ "all_of": needs.iter().map(|n| requirement(n, next)).collect::<Vec<_>>() })
        }
        Need::OneOf(needs) => {
            json!({ "one_of": needs.iter().map(|n| requirement(n, next)).collect::<Vec<_>>() })
        }
    }
}

fn by_profile_sparse(pack: &Pack, effects: &[(usize, i32)]) -> JsonValue {
    let mut map = Map::new();
    for (p, w) in effects {
        map.insert(pack.profiles[*p].id.clone(), json!(w));
    }
    JsonValue::Object(map)
}

impl Render for Json {
    fn sections(&self) -> Sections {
        sections_for(self.brief)
    }

    fn render_case(&self, case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
        let mut object = Map::new();
        object.insert("case".to_owned(), case_value(case, e));
        if let JsonValue::Object(rest) = to_value(e, self.brief) {
            object.extend(rest);
        }
        out.push_str(&super::json_text::pretty(&JsonValue::Object(object)));
        out.push('\n');
    }

    fn render(&self, e: &Explanation<'_>, out: &mut String) {
        let value = to_value(e, self.brief);
        out.push_str(&super::json_text::pretty(&value));
        out.push('\n');
    }
}

/// The `case` object `explain` puts first when it explains a case file
/// (docs/json.md): what the case says of itself, and whether the pack's
/// verdict is the one it expects.
fn case_value(case: &CaseFile, e: &Explanation<'_>) -> JsonValue {
    let pack = e.pack;
    let expected = case.expected.map(|x| match x {
        Expected::Profile(p) => pack.profiles[p].id.as_str(),
        Expected::NoClearDifference => "none",
    });
    let verdict = e.verdict.map_or(Expected::NoClearDifference, Expected::Profile);
    let teaching = case.teaching.as_deref();
    json!({
        "id": case.id,
        "title": teaching.and_then(|t| t.title.as_deref()),
        "description": case.description,
        "expected": expected,
        "agrees": case.expected.map(|x| x == verdict),
        "rationale": case.rationale,
        "teaching_points": teaching.map_or(&[][..], |t| t.teaching_points.as_slice()),
        "claims": claim_ids(pack, teaching.map_or(&[][..], |t| t.claims.as_slice())),
        "stages": case.stage_views().iter().map(|s| json!({
            "name": s.name,
            "description": s.description,
            "features": s.revealed.iter().map(|(f, _)| pack.features[f].name.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

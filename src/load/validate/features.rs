//! `features.yaml`: feature names, synonyms and kinds (yes/no, number with
//! its range, choice with its choices).

use std::collections::HashMap;

use super::{
    CHOICE, Checker, FEATURE, Fields, HPO_NARROWER_TERMS, HPO_TERMS, NEUTRAL, claims::claim_refs,
};
use crate::{
    limits,
    load::node::{Node, Text},
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::claim::Claim,
    pack::feature::{Choice, Feature, FeatureId, FeatureKind, Neutral},
    pack::name::{is_snake_case, normalize},
    pack::suggest::did_you_mean,
    pack::value::format_number,
};

pub(super) fn features(
    c: &mut Checker,
    root: &Spanned<Node>,
    claims: (&[Claim], bool),
) -> (Vec<Feature>, HashMap<String, FeatureId>) {
    let mut out: Vec<Feature> = Vec::new();
    let mut index: HashMap<String, FeatureId> = HashMap::new();
    let Some(top) = c.fields(root, "`features.yaml`", &["features"], &["features"]) else {
        return (out, index);
    };
    let Some(entries) = top.get("features").and_then(|n| c.map(n, "`features`")) else {
        return (out, index);
    };
    if entries.len() > limits::MAX_FEATURES {
        c.error(root.at, K::TooMany { what: "features".into(), limit: limits::MAX_FEATURES });
        return (out, index);
    }
    // Each word (name or synonym, normalised) and the feature that owns it,
    // so a word shared by two features is caught wherever it appears.
    let mut owners: HashMap<String, String> = HashMap::new();
    // Each HPO term and where it was first given: a term belongs to one
    // feature or choice of the pack.
    let mut terms: HashMap<String, (u32, String)> = HashMap::new();
    for (key, value) in entries {
        let name = key.value.to_string();
        if !is_snake_case(&name) {
            c.error(
                key.at,
                K::BadName {
                    what: "feature name".into(),
                    name: name.clone(),
                    rule: "use lower-case `snake_case`, starting with a letter".into(),
                },
            );
            continue;
        }
        if matches!(name.as_str(), "all" | "any" | "not") {
            c.error_help(
                key.at,
                K::BadName {
                    what: "feature name".into(),
                    name: name.clone(),
                    rule: "`all`, `any` and `not` are reserved for conditions".into(),
                },
                Some("choose a more specific name".into()),
            );
            continue;
        }
        let context = format!("feature `{name}`");
        let Some(f) = c.fields(value, &context, FEATURE.allowed, FEATURE.required) else {
            continue;
        };
        let label = f.get("label").and_then(|n| c.text(n, "`label`"));
        let question = f.get("question").and_then(|n| c.text(n, "`question`"));
        let synonyms = f.get("synonyms").map(|n| c.text_list(n, "`synonyms`")).unwrap_or_default();
        let owner = format!("feature `{name}`");
        let hpo =
            f.get("hpo").map(|n| c.term_ids(n, &HPO_TERMS, &owner, &mut terms)).unwrap_or_default();
        let hpo_narrower = f
            .get("hpo_narrower")
            .map(|n| c.term_ids(n, &HPO_NARROWER_TERMS, &owner, &mut terms))
            .unwrap_or_default();
        // `None`: no note; `Some(None)`: a broken note, already reported.
        let note = f
            .entries
            .iter()
            .find(|(k, _)| k.value == "neutral")
            .map(|(k, n)| neutral(c, k, n, &name, claims));
        let Some(type_node) = f.get("type") else { continue };
        let Some(type_name) = c.text(type_node, "`type`") else { continue };
        let kind = match type_name.as_str() {
            "yes_no" => {
                for key in ["unit", "min", "max", "choices"] {
                    if let Some(n) = f.get(key) {
                        c.error_help(
                            n.at,
                            K::UnknownKey { key: key.into(), context: context.clone() },
                            Some(format!("`{key}` belongs to a `number` or `choice` feature")),
                        );
                    }
                }
                Some(FeatureKind::YesNo)
            }
            "number" => number_kind(c, &f, &context),
            "choice" => choice_kind(c, &f, &context, &mut terms),
            other => {
                let help = did_you_mean(other, ["yes_no", "choice", "number"]).or_else(|| {
                    Some("a feature's `type` is `yes_no`, `choice` or `number`".into())
                });
                c.error_help(type_node.at, K::UnknownType { name: other.to_owned() }, help);
                None
            }
        };
        let (Some(label), Some(question), Some(kind)) = (label, question, kind) else { continue };
        // A feature with a broken note is rejected with it, so that what
        // loads is what was written.
        let neutral = match note {
            None => None,
            Some(Some(note)) => Some(note),
            Some(None) => continue,
        };
        let mut words = vec![Spanned { value: name.clone(), at: key.at }];
        words.extend(synonyms.iter().cloned());
        for word in &words {
            let norm = normalize(&word.value);
            match owners.get(&norm) {
                Some(owner) if *owner != name => c.error_help(
                    word.at,
                    K::SharedWord { word: word.value.clone(), first: owner.clone(), second: name.clone() },
                    Some("a word a person types must point to one feature; remove it from one of them".into()),
                ),
                Some(_) => {}
                None => {
                    owners.insert(norm.clone(), name.clone());
                    index.insert(norm, out.len());
                }
            }
        }
        out.push(Feature {
            name: name.clone(),
            label,
            question,
            synonyms: synonyms.into_iter().map(|s| s.value).collect(),
            kind,
            neutral,
            hpo,
            hpo_narrower,
            span: c.span(key.at),
        });
    }
    for (key, _) in entries {
        if !out.iter().any(|f| f.name == key.value) {
            c.broken.insert(key.value.to_string());
        }
    }
    (out, index)
}

/// A feature's `neutral` note: `reason` (text) and `claims` (at least one
/// claim id of `claims.yaml`).
fn neutral(
    c: &mut Checker,
    key: &Spanned<Text>,
    node: &Spanned<Node>,
    feature: &str,
    claims: (&[Claim], bool),
) -> Option<Neutral> {
    let context = format!("the `neutral` note of feature `{feature}`");
    let f = c.fields(node, &context, NEUTRAL.allowed, NEUTRAL.required)?;
    let reason = f.get("reason").and_then(|n| c.text(n, "`reason`"));
    let claims_node = f.get("claims");
    let before = c.problems.len();
    let ids = claim_refs(c, claims_node, claims, false, f.at);
    if let Some(n) = claims_node
        && matches!(&n.value, Node::List(items) if items.is_empty())
    {
        c.error_help(
            n.at,
            K::Empty { what: "`claims`".into() },
            Some("a `neutral` note rests on at least one claim of `claims.yaml`".into()),
        );
    }
    let claims_ok = claims_node.is_some() && c.problems.len() == before;
    match (reason, claims_ok) {
        (Some(reason), true) => Some(Neutral { reason, claims: ids, span: c.span(key.at) }),
        _ => None,
    }
}

fn number_kind(c: &mut Checker, f: &Fields<'_>, context: &str) -> Option<FeatureKind> {
    if let Some(n) = f.get("choices") {
        c.error_help(
            n.at,
            K::UnknownKey { key: "choices".into(), context: context.to_owned() },
            Some("`choices` belongs to a `choice` feature".into()),
        );
    }
    let unit = c.optional_text(f, "unit", "`unit`");
    let min_node = f.get("min");
    let max_node = f.get("max");
    if min_node.is_none() || max_node.is_none() {
        let missing = if min_node.is_none() { "min" } else { "max" };
        c.error_help(
            f.at,
            K::MissingKey { key: missing.into(), context: context.to_owned() },
            Some("a `number` feature needs its valid range: `min` and `max`".into()),
        );
        return None;
    }
    let min = min_node.and_then(|n| c.number(n, "`min`"))?;
    let max = max_node.and_then(|n| c.number(n, "`max`"))?;
    if min >= max {
        c.error(
            min_node.map_or(f.at, |n| n.at),
            K::BadBounds { min: format_number(min), max: format_number(max) },
        );
        return None;
    }
    Some(FeatureKind::Number { unit, min, max })
}

fn choice_kind(
    c: &mut Checker,
    f: &Fields<'_>,
    context: &str,
    terms: &mut HashMap<String, (u32, String)>,
) -> Option<FeatureKind> {
    for key in ["unit", "min", "max"] {
        if let Some(n) = f.get(key) {
            c.error_help(
                n.at,
                K::UnknownKey { key: key.into(), context: context.to_owned() },
                Some(format!("`{key}` belongs to a `number` feature")),
            );
        }
    }
    let Some(node) = f.get("choices") else {
        c.error_help(
            f.at,
            K::MissingKey { key: "choices".into(), context: context.to_owned() },
            Some("a `choice` feature lists its `choices`".into()),
        );
        return None;
    };
    let entries = c.map(node, "`choices`")?;
    if entries.is_empty() {
        c.error(node.at, K::Empty { what: "`choices`".into() });
        return None;
    }
    if entries.len() > limits::MAX_CHOICES {
        c.error(node.at, K::TooMany { what: "choices".into(), limit: limits::MAX_CHOICES });
        return None;
    }
    let mut choices: Vec<Choice> = Vec::new();
    let mut words: HashMap<String, String> = HashMap::new();
    for (key, value) in entries {
        if !is_snake_case(&key.value) {
            c.error(
                key.at,
                K::BadName {
                    what: "choice name".into(),
                    name: key.value.to_string(),
                    rule: "use lower-case `snake_case`, starting with a letter".into(),
                },
            );
            continue;
        }
        let (label, synonyms, hpo) = if value.value == Node::Null {
            (None, Vec::new(), Vec::new())
        } else {
            let Some(cf) = c.fields(
                value,
                &format!("choice `{}`", key.value),
                CHOICE.allowed,
                CHOICE.required,
            ) else {
                continue;
            };
            let label = c.optional_text(&cf, "label", "`label`");
            let synonyms =
                cf.get("synonyms").map(|n| c.text_list(n, "`synonyms`")).unwrap_or_default();
            let owner = format!("choice `{}` of {context}", key.value);
            let hpo =
                cf.get("hpo").map(|n| c.term_ids(n, &HPO_TERMS, &owner, terms)).unwrap_or_default();
            (label, synonyms, hpo)
        };
        for word in
            std::iter::once(&Spanned { value: key.value.to_string(), at: key.at }).chain(&synonyms)
        {
            let norm = normalize(&word.value);
            if let Some(owner) = words.get(&norm).filter(|o| **o != key.value) {
                c.error_help(
                    word.at,
                    K::Duplicate {
                        what: format!("choice word (also in `{owner}`)"),
                        id: word.value.clone(),
                    },
                    Some("each word must point to one choice".into()),
                );
            } else {
                words.insert(norm, key.value.to_string());
            }
        }
        choices.push(Choice {
            name: key.value.to_string(),
            label,
            synonyms: synonyms.into_iter().map(|s| s.value).collect(),
            hpo,
        });
    }
    Some(FeatureKind::Choice { choices })
}

#[cfg(test)]
mod tests {
    use crate::{
        load::{PackSource, from_texts, load},
        pack::Pack,
        render::diagnostic::pack_problem,
    };

    /// Two claims, both `discriminating`; `K2` is cited only by the note
    /// in [`FEATURES`].
    const CLAIMS: &str = "claims:
  - {id: K1, kind: discriminating, claim: Coffee is bitter.}
  - {id: K2, kind: discriminating, claim: Both are served hot.}
";

    /// `hot` is neutral; `bitter` is weighed.
    const FEATURES: &str = "features:
  bitter:
    label: tastes bitter
    question: Does it taste bitter?
    type: yes_no
  hot:
    label: served hot
    question: Is it served hot?
    type: yes_no
    neutral:
      reason: Both are served hot, so heat tells them apart not at all.
      claims: [K2]
";

    const RULES: &str = "rules:
  - {id: bitter-favours-coffee, when: {bitter: yes}, favours: {COFFEE: strong}, reason: r, claims: [K1]}
";

    /// Checks a pack with these files (and a fixed `pack.yaml` and
    /// `claims.yaml`); the problems rendered whole, without colour, and the
    /// pack if it loaded.
    fn check(features: &str, extra: &[(&str, &str)]) -> (Vec<String>, Option<Pack>) {
        let mut files = vec![
            (
                "p/pack.yaml",
                "name: p\ntitle: T\nmargin: 2\nprofiles:\n  TEA: {name: tea, summary: t}\n  COFFEE: {name: coffee, summary: c}\n",
            ),
            ("p/claims.yaml", CLAIMS),
            ("p/features.yaml", features),
        ];
        files.retain(|(name, _)| !extra.iter().any(|(e, _)| e == name));
        files.extend_from_slice(extra);
        if !extra.iter().any(|(name, _)| *name == "p/rules.yaml") {
            files.push(("p/rules.yaml", RULES));
        }
        let report =
            from_texts(files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect());
        let problems =
            report.problems.iter().map(|p| pack_problem(p, &report.sources, false)).collect();
        (problems, report.pack)
    }

    /// The problems of [`FEATURES`] with `from` replaced by `to`.
    fn problems_with(from: &str, to: &str) -> Vec<String> {
        assert!(FEATURES.contains(from), "{from}");
        check(&FEATURES.replace(from, to), &[]).0
    }

    #[test]
    fn a_neutral_note_loads_and_its_claims_count_as_cited() {
        let (problems, pack) = check(FEATURES, &[]);
        assert_eq!(problems, Vec::<String>::new());
        let pack = pack.expect("the pack loads");
        let hot = &pack.features[1];
        let note = hot.neutral().expect("`hot` has its note");
        assert_eq!(note.reason, "Both are served hot, so heat tells them apart not at all.");
        let ids: Vec<&str> = note.claims.iter().map(|c| pack.claims[*c].id.as_str()).collect();
        assert_eq!(ids, ["K2"]);
        assert_eq!(pack.features[0].neutral(), None);
        // Without the note, nothing cites `K2`.
        let (problems, _) =
            check(&FEATURES.replace("      claims: [K2]\n", "      claims: [K1]\n"), &[]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .starts_with("warning: discriminating claim `K2` is not cited by any rule\n"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_unknown_key_in_a_note_is_named_with_a_suggestion() {
        assert_eq!(
            problems_with("      reason:", "      reasons:"),
            [
                "error: unknown key `reasons` in the `neutral` note of feature `hot`
  --> p/features.yaml:11:7
   |
11 |       reasons: Both are served hot, so heat tells them apart not at all.
   |       ^^^^^^^
   |
   = help: did you mean `reason`?",
                "error: the `neutral` note of feature `hot` has no `reason`
  --> p/features.yaml:11:7
   |
11 |       reasons: Both are served hot, so heat tells them apart not at all.
   |       ^",
            ]
        );
    }

    #[test]
    fn a_note_without_claims_is_an_error() {
        assert_eq!(
            problems_with("      claims: [K2]\n", ""),
            ["error: the `neutral` note of feature `hot` has no `claims`
  --> p/features.yaml:11:7
   |
11 |       reason: Both are served hot, so heat tells them apart not at all.
   |       ^"]
        );
    }

    #[test]
    fn a_note_must_be_a_mapping() {
        assert_eq!(
            check(&FEATURES.replace(
                "    neutral:\n      reason: Both are served hot, so heat tells them apart not at all.\n      claims: [K2]\n",
                "    neutral: yes\n"
            ), &[])
            .0,
            ["error: the `neutral` note of feature `hot` must be a mapping, found text
  --> p/features.yaml:10:14
   |
10 |     neutral: yes
   |              ^^^"]
        );
    }

    #[test]
    fn a_reason_must_be_text_and_not_empty() {
        assert_eq!(
            problems_with(
                "reason: Both are served hot, so heat tells them apart not at all.",
                "reason: [hot]"
            ),
            ["error: `reason` must be text, found a list
  --> p/features.yaml:11:15
   |
11 |       reason: [hot]
   |               ^"]
        );
        assert_eq!(
            problems_with(
                "reason: Both are served hot, so heat tells them apart not at all.",
                "reason: \"\""
            ),
            ["error: `reason` must not be empty
  --> p/features.yaml:11:15
   |
11 |       reason: \"\"
   |               ^^"]
        );
    }

    #[test]
    fn claims_must_be_a_list_of_at_least_one_known_claim() {
        assert_eq!(
            problems_with("claims: [K2]", "claims: K2"),
            ["error: `claims` must be a list, found text
  --> p/features.yaml:12:15
   |
12 |       claims: K2
   |               ^^"]
        );
        assert_eq!(
            problems_with("claims: [K2]", "claims: []"),
            ["error: `claims` must not be empty
  --> p/features.yaml:12:15
   |
12 |       claims: []
   |               ^
   |
   = help: a `neutral` note rests on at least one claim of `claims.yaml`"]
        );
        assert_eq!(
            problems_with("claims: [K2]", "claims: [k2]"),
            ["error: unknown claim `k2`
  --> p/features.yaml:12:16
   |
12 |       claims: [k2]
   |                ^^
   |
   = help: did you mean `K2`?"]
        );
    }

    #[test]
    fn a_rule_reading_a_neutral_feature_is_a_warning() {
        let rules = "rules:
  - {id: bitter-favours-coffee, when: {bitter: yes}, favours: {COFFEE: strong}, reason: r, claims: [K1]}
  - {id: hot-favours-coffee, when: {hot: yes}, favours: {COFFEE: weak}, reason: r, claims: [K1]}
";
        let (problems, pack) = check(FEATURES, &[("p/rules.yaml", rules)]);
        assert!(pack.is_some(), "a warning does not stop the pack");
        assert_eq!(
            problems,
            ["warning: feature `hot` has a `neutral` note, yet rule `hot-favours-coffee` weighs it: the note would contradict the rules
  --> p/features.yaml:10:5
   |
10 |     neutral:
   |     ^^^^^^^
   |
   = help: remove the `neutral` note, or the test of this feature from the rule; a neutral feature may still be read by derivations and alerts"]
        );
        // Inside `any` and `not` too, and every such rule is named.
        let rules = "rules:
  - {id: bitter-favours-coffee, when: {any: [{bitter: yes}, {hot: yes}]}, favours: {COFFEE: strong}, reason: r, claims: [K1]}
  - {id: cold-favours-tea, when: {not: {hot: yes}}, favours: {TEA: weak}, reason: r, claims: [K1]}
";
        let (problems, _) = check(FEATURES, &[("p/rules.yaml", rules)]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(
                "warning: feature `hot` has a `neutral` note, yet rules `bitter-favours-coffee`, \
                 `cold-favours-tea` weigh it: the note would contradict the rules\n"
            ),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn derivations_and_alerts_may_read_a_neutral_feature() {
        let features = format!(
            "{FEATURES}  warm:\n    label: warm\n    question: Is it warm?\n    type: yes_no\n"
        );
        let derived = "derived:
  - {id: hot-is-warm, sets: {warm: yes}, when: {hot: yes}, reason: r, claims: [K2]}
";
        let alerts = "alerts:
  - {id: hot-alert, when: {hot: yes}, advice: Mind your tongue.}
";
        let (problems, pack) =
            check(&features, &[("p/derived.yaml", derived), ("p/alerts.yaml", alerts)]);
        assert_eq!(problems, Vec::<String>::new());
        assert!(pack.is_some());
    }

    /// [`FEATURES`] with `bitter` given these HPO terms (a line `hpo: ...`
    /// after its `type`, line 6).
    fn with_hpo(line: &str) -> String {
        FEATURES
            .replace("    type: yes_no\n  hot:", &format!("    type: yes_no\n    {line}\n  hot:"))
    }

    #[test]
    fn a_malformed_hpo_id_is_refused_with_its_shape() {
        let help = "  |\n  = help: an HPO id is `HP:` and seven digits, such as `HP:0002380`";
        for (id, carets) in
            [("HP:123", "^^^^^^"), ("hp:0002380", "^^^^^^^^^^"), ("HP:00023800", "^^^^^^^^^^^")]
        {
            let (problems, pack) = check(&with_hpo(&format!("hpo: [{id}]")), &[]);
            assert!(pack.is_none());
            assert_eq!(
                problems,
                [format!(
                    "error: `{id}` is not an HPO id
 --> p/features.yaml:6:11
  |
6 |     hpo: [{id}]
  |           {carets}
{help}"
                )]
            );
        }
        let (problems, _) = check(&with_hpo("hpo_narrower: [HP:123]"), &[]);
        assert_eq!(
            problems,
            [format!(
                "error: `HP:123` is not an HPO id
 --> p/features.yaml:6:20
  |
6 |     hpo_narrower: [HP:123]
  |                    ^^^^^^
{help}"
            )]
        );
    }

    #[test]
    fn an_hpo_term_given_twice_is_refused_naming_the_first_place() {
        let features = with_hpo("hpo: [HP:0002380]").replace(
            "  hot:\n    label: served hot\n",
            "  hot:\n    label: served hot\n    hpo_narrower: [HP:0002380]\n",
        );
        let (problems, pack) = check(&features, &[]);
        assert!(pack.is_none());
        assert_eq!(
            problems,
            ["error: HPO term `HP:0002380` is defined twice
 --> p/features.yaml:9:20
  |
9 |     hpo_narrower: [HP:0002380]
  |                    ^^^^^^^^^^
  |
  = help: the first is in feature `bitter`, at line 6; a phenopacket term must map to one feature"]
        );
    }

    #[test]
    fn a_malformed_or_repeated_disease_id_is_refused() {
        let pack_yaml = |ids: &str| {
            format!(
                "name: p\ntitle: T\nmargin: 2\nprofiles:\n  TEA: {{name: tea, summary: t, ids: [{ids}]}}\n  COFFEE: {{name: coffee, summary: c, ids: [ORPHA:803]}}\n"
            )
        };
        let (problems, _) = check(FEATURES, &[("p/pack.yaml", &pack_yaml("MONDO:12"))]);
        assert_eq!(
            problems,
            ["error: `MONDO:12` is not a disease id
 --> p/pack.yaml:5:38
  |
5 |   TEA: {name: tea, summary: t, ids: [MONDO:12]}
  |                                      ^^^^^^^^
  |
  = help: a disease id is `MONDO:` and seven digits, `OMIM:` and six, or `ORPHA:` and digits, such as `MONDO:0005301`"]
        );
        let (problems, _) = check(FEATURES, &[("p/pack.yaml", &pack_yaml("ORPHA:803"))]);
        assert_eq!(
            problems,
            ["error: disease id `ORPHA:803` is defined twice
 --> p/pack.yaml:6:44
  |
6 |   COFFEE: {name: coffee, summary: c, ids: [ORPHA:803]}
  |                                            ^^^^^^^^^
  |
  = help: the first is in profile `TEA`, at line 5; a phenopacket disease must map to one profile"]
        );
    }

    #[test]
    fn terms_lead_to_their_feature_choice_and_profile() {
        let features = with_hpo("hpo: [HP:0000001]\n    hpo_narrower: [HP:0000002, HP:0000003]")
            + "  brew:
    label: how it is made
    question: How is it made?
    type: choice
    choices:
      steeped: {hpo: [HP:0000004]}
      filtered:
";
        let pack_yaml = "name: p\ntitle: T\nmargin: 2\nprofiles:\n  TEA: {name: tea, summary: t, ids: [MONDO:0000001, OMIM:000001]}\n  COFFEE: {name: coffee, summary: c, ids: [ORPHA:2]}\n";
        let (problems, pack) = check(&features, &[("p/pack.yaml", pack_yaml)]);
        assert_eq!(problems, Vec::<String>::new());
        let pack = pack.expect("the pack loads");
        let target =
            |feature, choice, narrower| Some(crate::pack::TermTarget { feature, choice, narrower });
        assert_eq!(pack.feature_for_term("HP:0000001"), target(0, None, false));
        assert_eq!(pack.feature_for_term("HP:0000002"), target(0, None, true));
        assert_eq!(pack.feature_for_term("HP:0000003"), target(0, None, true));
        assert_eq!(pack.feature_for_term("HP:0000004"), target(2, Some(0), false));
        assert_eq!(pack.feature_for_term("HP:0000005"), None);
        assert_eq!(pack.features[0].hpo, ["HP:0000001"]);
        assert_eq!(pack.features[0].hpo_narrower, ["HP:0000002", "HP:0000003"]);
        assert_eq!(pack.profile_for_id("MONDO:0000001"), Some(0));
        assert_eq!(pack.profile_for_id("OMIM:000001"), Some(0));
        assert_eq!(pack.profile_for_id("ORPHA:2"), Some(1));
        assert_eq!(pack.profile_for_id("orpha:2"), None);
        assert_eq!(pack.profile_for_id("ORPHA:3"), None);
        // The index is rebuilt by `Pack::new`, as for the stored built-in
        // pack, which does not store it.
        let mut bare = pack.clone();
        bare.term_index = std::collections::HashMap::default();
        let back = Pack::new(bare);
        assert_eq!(back.feature_for_term("HP:0000004"), target(2, Some(0), false));
        assert_eq!(back.profile_for_id("ORPHA:2"), Some(1));
    }

    /// The built-in pack's notes load (from the stored copy, as commands
    /// use it), on the features it leaves unweighed because they occur in
    /// both diseases, and no rule reads a feature that has one.
    #[test]
    fn the_builtin_pack_has_its_neutral_notes() {
        let pack = load(&PackSource::Builtin).pack.expect("the built-in pack loads");
        let neutral: Vec<&str> = pack
            .features
            .iter()
            .filter(|f| f.neutral().is_some())
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(
            neutral,
            [
                "muscle_weakness",
                "upper_motor_neuron_signs",
                "speech_difficulty",
                "swallowing_difficulty"
            ]
        );
        for (id, f) in pack.features.iter().enumerate() {
            let Some(note) = f.neutral() else { continue };
            assert!(!note.reason.is_empty() && !note.claims.is_empty(), "{}", f.name);
            for rule in 0..pack.rules.len() {
                assert!(!pack.rule_reads(rule).contains(&id), "{}", f.name);
            }
        }
        let speech = pack.feature_by_name("speech_difficulty").expect("a feature");
        let ids: Vec<&str> = pack.features[speech]
            .neutral()
            .map(|n| n.claims.iter().map(|c| pack.claims[*c].id.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(ids, ["C05", "C17", "C25"]);
    }

    /// The stored built-in pack (read back, its index rebuilt) leads its
    /// terms to their features, choices and profiles.
    #[test]
    fn the_builtin_pack_leads_terms_to_features_and_profiles() {
        let pack = load(&PackSource::Builtin).pack.expect("the built-in pack loads");
        let name = |t: Option<crate::pack::TermTarget>| {
            t.map(|t| (pack.features[t.feature].name.as_str(), t.choice, t.narrower))
        };
        assert_eq!(
            name(pack.feature_for_term("HP:0002380")),
            Some(("fasciculations", None, false))
        );
        assert_eq!(
            name(pack.feature_for_term("HP:0001257")),
            Some(("upper_motor_neuron_signs", None, true))
        );
        assert_eq!(name(pack.feature_for_term("HP:0003676")), Some(("course", Some(1), false)));
        assert_eq!(name(pack.feature_for_term("HP:0000118")), None);
        let profile = |id| pack.profile_for_id(id).map(|p| pack.profiles[p].id.as_str());
        assert_eq!(profile("ORPHA:803"), Some("ALS"));
        assert_eq!(profile("OMIM:126200"), Some("MS"));
        assert_eq!(profile("OMIM:000000"), None);
    }
}

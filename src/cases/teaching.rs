//! Teaching cases: the existing case format plus a `title`, `stages` (named
//! steps that each reveal some features, as a case unfolds in a clinic),
//! `teaching_points` and the `claims` the case rests on.
//!
//! ```yaml
//! id: t01-weak-hand
//! title: A weak hand that grows thinner
//! expected: ALS
//! claims: [C03, C11]
//! teaching_points: [Wasting with twitching points to the lower motor neuron.]
//! stages:
//!   - name: history
//!     description: A 58-year-old has had a weak right hand for a year.
//!     features: { age: 58, course: progressive }
//!   - name: examination
//!     features: { muscle_wasting: yes, fasciculations: yes }
//! ```
//!
//! A staged case counts all its stages together wherever a case is
//! evaluated whole (`batch`, `explain`); the quiz shows it stage by stage.

use crate::{
    cases::case::Case,
    cases::case_error::{CaseError, CaseErrorKind as K},
    cases::case_file::{CaseFile, features},
    load::node::Node,
    load::yaml::Spanned,
    pack::Pack,
    pack::claim::ClaimId,
    pack::name::normalized,
    pack::suggest::did_you_mean,
    span::Position,
};

/// The parts of a teaching case. (`teaching_points` is the key's name in
/// the file, hence the field's.)
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Teaching {
    pub(crate) title: Option<String>,
    /// Features known from the start, before the first stage: the case's
    /// own `features`.
    pub(crate) opening: Case,
    pub(crate) stages: Vec<Stage>,
    pub(crate) teaching_points: Vec<String>,
    pub(crate) claims: Vec<ClaimId>,
    /// Claim ids the case gives that this pack does not have (a case
    /// written for another pack), with where each is: a library refuses
    /// them (a typo in a pack's own cases), a batch notes them.
    pub(crate) other_claims: Vec<OtherClaim>,
}

/// A claim id a case gives that the pack does not have, and where.
pub(crate) type OtherClaim = (String, Position);

/// One step of a staged case, as in a clinic: history, examination,
/// tests. It reveals some features; the case so far is every stage up to
/// and including it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stage {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    /// The features this stage reveals (or revises).
    pub(crate) features: Case,
}

/// The keys of one stage.
pub(crate) const STAGE_KEYS: [&str; 3] = ["name", "description", "features"];

/// One stage as a student meets it: what it reveals, and the case so far.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StageView<'c> {
    /// 1 for the first stage.
    pub(crate) number: usize,
    pub(crate) name: &'c str,
    pub(crate) description: Option<&'c str>,
    /// What this stage reveals (or revises).
    pub(crate) revealed: &'c Case,
    /// Every feature known at the end of this stage.
    pub(crate) so_far: Case,
}

/// The name a case without stages is shown under, as one stage.
pub(crate) const WHOLE_CASE: &str = "case";

impl CaseFile {
    /// The case's title, or else its id.
    pub(crate) fn title(&self) -> &str {
        self.teaching.as_ref().and_then(|t| t.title.as_deref()).unwrap_or(&self.id)
    }

    /// Its stages as a student meets them. The opening features (the
    /// case's own `features`) are known from the first stage on. A case
    /// without stages is one stage, [`WHOLE_CASE`], holding all its features.
    pub(crate) fn stage_views(&self) -> Vec<StageView<'_>> {
        let stages = self.teaching.as_ref().map_or(&[][..], |t| t.stages.as_slice());
        if stages.is_empty() {
            return vec![StageView {
                number: 1,
                name: WHOLE_CASE,
                description: self.description.as_deref(),
                revealed: &self.case,
                so_far: self.case.clone(),
            }];
        }
        let mut so_far = self.teaching.as_ref().map(|t| t.opening.clone()).unwrap_or_default();
        stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                for (feature, entry) in stage.features.iter() {
                    so_far.replace(feature, entry);
                }
                StageView {
                    number: i + 1,
                    name: &stage.name,
                    description: stage.description.as_deref(),
                    revealed: &stage.features,
                    so_far: so_far.clone(),
                }
            })
            .collect()
    }
}

/// `stages:`, a list of named steps, each with its own features.
pub(super) fn stages(pack: &Pack, node: &Spanned<Node>) -> Result<Vec<Stage>, CaseError> {
    let Node::List(items) = &node.value else {
        return Err(CaseError::at(
            node.at,
            K::NotAList { key: "stages", found: node.value.kind() },
        )
        .help("write one `- name: ...` item per stage, each with its `features:`"));
    };
    if items.is_empty() {
        return Err(CaseError::at(node.at, K::NoStages)
            .help("give at least one stage, or leave `stages` out"));
    }
    let mut stages: Vec<Stage> = Vec::with_capacity(items.len());
    for item in items {
        let Node::Map(entries) = &item.value else {
            return Err(CaseError::at(item.at, K::StageNotAMapping { found: item.value.kind() })
                .help("write `- name: history` and, under it, `features:`"));
        };
        let mut found: [Option<&Spanned<Node>>; STAGE_KEYS.len()] = [None; STAGE_KEYS.len()];
        for (key, value) in entries {
            let Some(slot) = STAGE_KEYS.iter().position(|k| *k == key.value) else {
                let help = did_you_mean(&key.value, STAGE_KEYS).or_else(|| {
                    Some(format!("the keys of a stage are `{}`", STAGE_KEYS.join("`, `")))
                });
                return Err(CaseError::at(
                    key.at,
                    K::UnknownStageKey { key: key.value.to_string() },
                )
                .maybe_help(help));
            };
            found[slot] = Some(value);
        }
        let [name, description, features_node] = found;
        let Some(name_node) = name else {
            return Err(CaseError::at(item.at, K::StageWithoutName)
                .help("name each stage, such as `name: examination`"));
        };
        let name =
            name_node.value.as_scalar_text().filter(|n| !n.trim().is_empty()).ok_or_else(|| {
                CaseError::at(
                    name_node.at,
                    K::NotText { key: "name", found: name_node.value.kind() },
                )
                .help("name each stage with a word, such as `name: examination`")
            })?;
        if stages.iter().any(|s| normalized(&s.name) == normalized(&name)) {
            return Err(CaseError::at(name_node.at, K::RepeatedStage { name })
                .help("give each stage its own name"));
        }
        let description = description
            .map(|node| {
                node.value.as_scalar_text().ok_or_else(|| {
                    CaseError::at(
                        node.at,
                        K::NotText { key: "description", found: node.value.kind() },
                    )
                })
            })
            .transpose()?;
        let features = match features_node {
            Some(node) => features(pack, node)?,
            None => Case::new(),
        };
        stages.push(Stage { name, description, features });
    }
    Ok(stages)
}

/// A list of texts, such as `teaching_points:`.
pub(super) fn texts(node: &Spanned<Node>, key: &'static str) -> Result<Vec<String>, CaseError> {
    let Node::List(items) = &node.value else {
        return Err(CaseError::at(node.at, K::NotAList { key, found: node.value.kind() })
            .help(format!("write one `- ...` item per line under `{key}:`")));
    };
    items
        .iter()
        .map(|item| {
            item.value
                .as_scalar_text()
                .ok_or_else(|| CaseError::at(item.at, K::NotText { key, found: item.value.kind() }))
        })
        .collect()
}

/// The mistake of a claim id the pack does not have, with the closest it
/// has.
pub(crate) fn unknown_claim(pack: &Pack, id: &str, at: Position) -> CaseError {
    let help = did_you_mean(id, pack.claims.iter().map(|c| c.id.as_str()))
        .unwrap_or_else(|| "`rules list` and the pack's `claims.yaml` list its claims".into());
    CaseError::at(at, K::UnknownClaim { id: id.to_owned() }).help(help)
}

/// `claims: [C03, C11]`: the claims of the pack, and the ids it does not
/// have (see [`Teaching::other_claims`]).
pub(super) fn claims(
    pack: &Pack,
    node: &Spanned<Node>,
) -> Result<(Vec<ClaimId>, Vec<OtherClaim>), CaseError> {
    let Node::List(items) = &node.value else {
        return Err(CaseError::at(
            node.at,
            K::NotAList { key: "claims", found: node.value.kind() },
        )
        .help("write the claim ids as a list, such as `claims: [C03, C11]`"));
    };
    let mut claims = Vec::with_capacity(items.len());
    let mut others = Vec::new();
    for item in items {
        let text = item.value.as_scalar_text().ok_or_else(|| {
            CaseError::at(item.at, K::NotText { key: "claims", found: item.value.kind() })
        })?;
        let Some(claim) = pack.claims.iter().position(|c| c.id == text.trim()) else {
            others.push((text.trim().to_owned(), item.at));
            continue;
        };
        if !claims.contains(&claim) {
            claims.push(claim);
        }
    }
    Ok((claims, others))
}

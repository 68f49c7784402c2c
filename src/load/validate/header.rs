//! `pack.yaml`: the pack's name, title, source, margin and profiles.

use std::collections::HashMap;

use super::{Checker, DISEASE_IDS, PACK, PROFILE, claims::claim_refs};
use crate::{
    limits,
    load::node::Node,
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::claim::Claim,
    pack::feature::{Feature, FeatureId, FeatureKind},
    pack::name::is_profile_id,
    pack::profile::Profile,
};

pub(super) struct Header {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) source: String,
    pub(super) margin: i32,
    /// The weight of the strongest rule the leader needs in its favour for
    /// a clear verdict (0: none needed).
    pub(super) clear_needs: i32,
    /// Points in their favour that two profiles each need, without a clear
    /// verdict, for the findings to be said to conflict (0: never).
    pub(super) conflict_needs: i32,
    pub(super) profiles: Vec<Profile>,
    /// Which number features a phenopacket's ages go to.
    pub(super) phenopacket: PhenopacketAges,
}

/// `phenopacket: {onset_age: FEATURE, years_since_onset: FEATURE}`: the
/// number features a phenopacket's age at onset and the years since go
/// to, named here and checked once the features are read.
#[derive(Default)]
pub(super) struct PhenopacketAges {
    names: Vec<(&'static str, Spanned<String>)>,
    pub(super) onset_age: Option<FeatureId>,
    pub(super) years_since_onset: Option<FeatureId>,
}

impl PhenopacketAges {
    pub(super) fn resolve(
        &mut self,
        c: &mut Checker,
        features: &[Feature],
        index: &HashMap<String, FeatureId>,
    ) {
        for (key, name) in std::mem::take(&mut self.names) {
            let Some(&id) = index.get(&name.value) else {
                c.error(name.at, K::UnknownFeature { name: name.value.clone() });
                continue;
            };
            if !matches!(features[id].kind, FeatureKind::Number { .. }) {
                c.error(
                    name.at,
                    K::PhenopacketFeature {
                        key: key.to_owned(),
                        name: name.value.clone(),
                        found: super::kind_phrase(&features[id].kind),
                    },
                );
                continue;
            }
            match key {
                "onset_age" => self.onset_age = Some(id),
                _ => self.years_since_onset = Some(id),
            }
        }
    }
}

pub(super) fn header(
    c: &mut Checker,
    root: &Spanned<Node>,
    claims: &[Claim],
    claims_read: bool,
) -> Option<Header> {
    let f = c.fields(root, "`pack.yaml`", PACK.allowed, PACK.required)?;
    let name = f.get("name").and_then(|n| c.text(n, "`name`"));
    let title = f.get("title").and_then(|n| c.text(n, "`title`"));
    let source = c.optional_text(&f, "source", "`source`").unwrap_or_default();
    let margin = f.get("margin").and_then(|n| {
        whole_number(
            c,
            n,
            |found| K::BadMargin { found },
            "the margin is the smallest lead that counts as a clear difference",
        )
    });
    // A weight, read as a rule's weight is (a word in any spelling, or a
    // number).
    let clear_needs = f.get("clear_needs").map_or(Some(0), |n| super::rules::weight(c, n));
    let conflict_needs = f.get("conflict_needs").map_or(Some(0), |n| {
        whole_number(
            c,
            n,
            |found| K::BadConflictNeeds { found },
            "the points in their favour that two profiles each need for the findings to conflict, such as `conflict_needs: 3`",
        )
    });
    let mut profiles = Vec::new();
    let mut seen = std::collections::HashMap::new();
    if let Some(node) = f.get("profiles")
        && let Some(entries) = c.map(node, "`profiles`")
    {
        for (key, value) in entries {
            if !is_profile_id(&key.value) {
                c.error(
                    key.at,
                    K::BadName {
                        what: "profile id".into(),
                        name: key.value.to_string(),
                        rule: "use letters, digits, `_` and `-`, starting with a letter".into(),
                    },
                );
                continue;
            }
            let context = format!("profile `{}`", key.value);
            let Some(pf) = c.fields(value, &context, PROFILE.allowed, PROFILE.required) else {
                continue;
            };
            let (Some(name), Some(summary)) = (
                pf.get("name").and_then(|n| c.text(n, "`name`")),
                pf.get("summary").and_then(|n| c.text(n, "`summary`")),
            ) else {
                continue;
            };
            let also_known_as = pf
                .get("also_known_as")
                .map(|n| c.text_list(n, "`also_known_as`").into_iter().map(|s| s.value).collect())
                .unwrap_or_default();
            let claims = claim_refs(c, pf.get("claims"), (claims, claims_read), false, pf.at);
            let ids = pf
                .get("ids")
                .map(|n| c.term_ids(n, &DISEASE_IDS, &context, &mut seen))
                .unwrap_or_default();
            profiles.push(Profile {
                id: key.value.to_string(),
                name,
                also_known_as,
                summary,
                claims,
                ids,
                span: c.span(key.at),
            });
        }
        if profiles.len() > limits::MAX_PROFILES {
            c.error(node.at, K::TooMany { what: "profiles".into(), limit: limits::MAX_PROFILES });
        } else if entries.len() < 2 {
            c.error_help(
                node.at,
                K::TooFewProfiles { found: entries.len() },
                Some("a comparison needs something to compare with".into()),
            );
        }
    }
    let mut phenopacket = PhenopacketAges::default();
    if let Some(node) = f.get("phenopacket")
        && let Some(ages) =
            c.fields(node, "`phenopacket`", &["onset_age", "years_since_onset"], &[])
    {
        for key in ["onset_age", "years_since_onset"] {
            if let Some(value) = ages.get(key)
                && let Some(name) = c.text(value, &format!("`{key}`"))
            {
                phenopacket.names.push((key, Spanned { value: name, at: value.at }));
            }
        }
    }
    Some(Header {
        name: name?,
        title: title?,
        source,
        margin: margin?,
        clear_needs: clear_needs?,
        conflict_needs: conflict_needs?,
        profiles,
        phenopacket,
    })
}

/// A whole number from 1 to 1000 (`margin`, `conflict_needs`), or the
/// mistake `kind` with `help`.
fn whole_number(
    c: &mut Checker,
    n: &Spanned<Node>,
    kind: impl FnOnce(String) -> K,
    help: &str,
) -> Option<i32> {
    match n.value {
        #[allow(clippy::cast_possible_truncation)]
        Node::Number(m) if m.fract() == 0.0 && (1.0..=1000.0).contains(&m) => Some(m as i32),
        _ => {
            let found = n.value.as_scalar_text().unwrap_or_else(|| n.value.kind().to_owned());
            c.error_help(n.at, kind(found), Some(help.into()));
            None
        }
    }
}

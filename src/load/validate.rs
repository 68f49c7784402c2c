//! Checks the YAML trees of a pack's files and builds a [`Pack`].
//!
//! Every problem is collected, not only the first: a person fixing a pack
//! wants the whole list. Checking goes file by file in dependency order
//! (claims, profiles, features, derivations, rules, alerts), and a file that
//! failed to parse only stops the checks that need it.

use std::collections::{HashMap, HashSet};

use crate::{
    limits,
    load::node::{Node, Text},
    load::pack_error::{PackError, PackErrorKind as K},
    load::yaml::{Position, Spanned},
    pack::Pack,
    pack::alert::Alert,
    pack::claim::{Claim, ClaimId, ClaimKind},
    pack::condition::{Bound, Check, Condition, Test},
    pack::derivation::Derivation,
    pack::feature::{Choice, Feature, FeatureId, FeatureKind},
    pack::name::{is_profile_id, is_rule_id, is_snake_case, normalize},
    pack::profile::Profile,
    pack::rule::Rule,
    pack::value::{Value, format_number},
    pack::weight::{MAX_WEIGHT, MIN_WEIGHT, WEIGHT_WORDS},
    span::Span,
    suggest::did_you_mean,
};

/// One file of a pack: its name as shown in messages and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// The parsed files of a pack, by role; `None` where a file is absent or did
/// not parse (its problem is already reported).
#[derive(Debug, Default)]
pub(crate) struct ParsedFiles {
    pub(crate) pack: Option<(usize, Spanned<Node>)>,
    pub(crate) features: Option<(usize, Spanned<Node>)>,
    pub(crate) claims: Option<(usize, Spanned<Node>)>,
    pub(crate) rules: Option<(usize, Spanned<Node>)>,
    pub(crate) derived: Option<(usize, Spanned<Node>)>,
    pub(crate) alerts: Option<(usize, Spanned<Node>)>,
}

type Entries = [(Spanned<Text>, Spanned<Node>)];

/// The keys a mapping of a pack file may have, and those it must have.
/// [`crate::schema`] describes the same mappings for editors; its tests
/// hold it to these lists.
pub(crate) struct Keys {
    pub(crate) allowed: &'static [&'static str],
    pub(crate) required: &'static [&'static str],
}

pub(crate) const PACK: Keys = Keys {
    allowed: &["name", "title", "source", "margin", "profiles"],
    required: &["name", "title", "margin", "profiles"],
};
pub(crate) const PROFILE: Keys = Keys {
    allowed: &["name", "also_known_as", "summary", "claims"],
    required: &["name", "summary"],
};
pub(crate) const FEATURE: Keys = Keys {
    allowed: &["label", "question", "type", "unit", "min", "max", "synonyms", "choices"],
    required: &["label", "question", "type"],
};
pub(crate) const CHOICE: Keys = Keys { allowed: &["label", "synonyms"], required: &[] };
pub(crate) const CLAIM: Keys = Keys {
    allowed: &["id", "section", "kind", "claim", "caveat"],
    required: &["id", "kind", "claim"],
};
pub(crate) const DERIVATION: Keys = Keys {
    allowed: &["id", "sets", "when", "reason", "claims"],
    required: &["id", "sets", "when", "reason", "claims"],
};
pub(crate) const RULE: Keys = Keys {
    allowed: &["id", "when", "favours", "against", "reason", "claims", "note"],
    required: &["id", "when", "reason", "claims"],
};
pub(crate) const ALERT: Keys =
    Keys { allowed: &["id", "when", "advice", "claims"], required: &["id", "when", "advice"] };

/// Collects problems while building.
struct Checker {
    problems: Vec<PackError>,
    source: usize,
    /// Feature and claim names that are defined but were rejected for a
    /// mistake already reported: a use of them is not reported again.
    broken: HashSet<String>,
}

/// The keys of one mapping, checked against what is allowed.
struct Fields<'n> {
    at: Position,
    entries: &'n Entries,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Spanned<Node>> {
        self.entries.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }
}

impl Checker {
    fn span(&self, at: Position) -> Span {
        at.in_source(self.source)
    }

    fn error(&mut self, at: Position, kind: K) {
        self.problems.push(PackError::at(self.span(at), kind));
    }

    fn error_help(&mut self, at: Position, kind: K, help: Option<String>) {
        self.problems.push(PackError::at(self.span(at), kind).maybe_help(help));
    }

    fn wrong_type(&mut self, node: &Spanned<Node>, what: &str, expected: &str) {
        self.error(
            node.at,
            K::WrongType {
                what: what.to_owned(),
                expected: expected.to_owned(),
                found: node.value.kind().to_owned(),
            },
        );
    }

    fn map<'n>(&mut self, node: &'n Spanned<Node>, what: &str) -> Option<&'n Entries> {
        match &node.value {
            Node::Map(entries) => Some(entries),
            _ => {
                self.wrong_type(node, what, "a mapping");
                None
            }
        }
    }

    fn list<'n>(&mut self, node: &'n Spanned<Node>, what: &str) -> Option<&'n [Spanned<Node>]> {
        match &node.value {
            Node::List(items) => Some(items),
            _ => {
                self.wrong_type(node, what, "a list");
                None
            }
        }
    }

    /// The entries of a mapping, after reporting unknown keys (with a
    /// suggestion) and missing required ones.
    fn fields<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        context: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let entries = self.map(node, context)?;
        for (key, _) in entries {
            if !allowed.contains(&key.value.as_str()) {
                let help = did_you_mean(&key.value, allowed.iter().copied()).or_else(|| {
                    Some(format!("the keys of {context} are `{}`", allowed.join("`, `")))
                });
                self.error_help(
                    key.at,
                    K::UnknownKey { key: key.value.to_string(), context: context.to_owned() },
                    help,
                );
            }
        }
        let fields = Fields { at: node.at, entries };
        for key in required {
            if fields.get(key).is_none() {
                self.error(
                    node.at,
                    K::MissingKey { key: (*key).to_owned(), context: context.to_owned() },
                );
            }
        }
        Some(fields)
    }

    fn text(&mut self, node: &Spanned<Node>, what: &str) -> Option<String> {
        match &node.value {
            Node::Text(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Node::Text(_) => {
                self.error(node.at, K::Empty { what: what.to_owned() });
                None
            }
            _ => {
                self.wrong_type(node, what, "text");
                None
            }
        }
    }

    fn optional_text(&mut self, fields: &Fields<'_>, key: &str, what: &str) -> Option<String> {
        fields.get(key).and_then(|node| self.text(node, what))
    }

    fn text_list(&mut self, node: &Spanned<Node>, what: &str) -> Vec<Spanned<String>> {
        let Some(items) = self.list(node, what) else { return Vec::new() };
        items
            .iter()
            .filter_map(|item| {
                let text = match &item.value {
                    Node::Text(t) => Some(t.trim().to_owned()),
                    Node::Number(_) | Node::Bool(_) => item.value.as_scalar_text(),
                    _ => None,
                };
                match text {
                    Some(t) if !t.is_empty() => Some(Spanned { value: t, at: item.at }),
                    _ => {
                        self.wrong_type(item, &format!("each entry of {what}"), "text");
                        None
                    }
                }
            })
            .collect()
    }

    fn number(&mut self, node: &Spanned<Node>, what: &str) -> Option<f64> {
        match node.value {
            Node::Number(n) if n.is_finite() => Some(n),
            Node::Number(n) => {
                self.error(node.at, K::NotFinite { value: n.to_string() });
                None
            }
            _ => {
                self.wrong_type(node, what, "a number");
                None
            }
        }
    }
}

/// Reference data every later check needs.
struct Known {
    claims: Vec<Claim>,
    profiles: Vec<Profile>,
    features: Vec<Feature>,
    feature_index: HashMap<String, FeatureId>,
    /// Whether `claims.yaml` parsed; if not, claim ids are not checked.
    claims_read: bool,
}

/// Checks every file and builds the pack, or returns every problem found.
/// Warnings come back with a successfully built pack too.
pub(crate) fn build(files: &ParsedFiles) -> (Option<Pack>, Vec<PackError>) {
    let mut checker = Checker { problems: Vec::new(), source: 0, broken: HashSet::new() };
    let claims = files.claims.as_ref().map(|(s, n)| {
        checker.source = *s;
        claims(&mut checker, n)
    });
    let claims_read = claims.is_some();
    let claims = claims.unwrap_or_default();
    let header = files.pack.as_ref().and_then(|(s, n)| {
        checker.source = *s;
        header(&mut checker, n, &claims, claims_read)
    });
    let (features, feature_index) = files.features.as_ref().map_or_else(
        || (Vec::new(), HashMap::new()),
        |(s, n)| {
            checker.source = *s;
            features(&mut checker, n)
        },
    );
    let profiles = header.as_ref().map(|h| h.profiles.clone()).unwrap_or_default();
    let known = Known { claims, profiles, features, feature_index, claims_read };
    let mut ids: HashMap<String, Span> = HashMap::new();

    // Without the features, every condition would only repeat "unknown
    // feature": the parse error of `features.yaml` says it all.
    let features_read = files.features.is_some();
    let derivations = match &files.derived {
        Some((s, n)) if features_read => {
            checker.source = *s;
            derivations(&mut checker, n, &known, &mut ids)
        }
        _ => Vec::new(),
    };
    // Rules and alerts that mention profiles can only be checked when the
    // profiles are known.
    let rules = match (&files.rules, &header) {
        (Some((s, n)), Some(_)) if features_read => {
            checker.source = *s;
            rules(&mut checker, n, &known, &mut ids)
        }
        _ => Vec::new(),
    };
    let alerts = match &files.alerts {
        Some((s, n)) if features_read => {
            checker.source = *s;
            alerts(&mut checker, n, &known, &mut ids)
        }
        _ => Vec::new(),
    };

    if derivations.len() + rules.len() + alerts.len() > limits::MAX_RULES {
        checker.problems.push(PackError::in_file(
            None,
            K::TooMany { what: "rules, derivations and alerts".into(), limit: limits::MAX_RULES },
        ));
    }
    if let Some((s, _)) = &files.derived {
        checker.source = *s;
        report_cycles(&mut checker, &derivations, &known.features);
    }
    // "Not cited" is only meaningful when every rule was read.
    let clean = !checker.problems.iter().any(PackError::is_error);
    if let Some((s, _)) = &files.claims
        && clean
    {
        checker.source = *s;
        let cited: HashSet<ClaimId> = rules.iter().flat_map(|r| r.claims.iter().copied()).collect();
        for (id, claim) in known.claims.iter().enumerate() {
            if claim.kind == ClaimKind::Discriminating && !cited.contains(&id) {
                checker.problems.push(
                    PackError::at(claim.span, K::UncitedClaim { id: claim.id.clone() })
                        .warning()
                        .help("cite it from a rule in `rules.yaml`, or make it `background`"),
                );
            }
        }
    }

    let failed = checker.problems.iter().any(PackError::is_error);
    let pack = match header {
        Some(header) if !failed && files.features.is_some() && files.rules.is_some() => {
            Some(assemble(header, known, derivations, rules, alerts))
        }
        _ => None,
    };
    (pack, checker.problems)
}

struct Header {
    name: String,
    title: String,
    source: String,
    margin: i32,
    profiles: Vec<Profile>,
}

fn assemble(
    header: Header,
    known: Known,
    derivations: Vec<Derivation>,
    rules: Vec<Rule>,
    alerts: Vec<Alert>,
) -> Pack {
    Pack::new(Pack {
        name: header.name,
        title: header.title,
        source: header.source,
        margin: header.margin,
        profiles: header.profiles,
        features: known.features,
        claims: known.claims,
        derivations,
        rules,
        alerts,
        ..Pack::default()
    })
}

fn claims(c: &mut Checker, root: &Spanned<Node>) -> Vec<Claim> {
    let list = top_list(c, root, "claims");
    let mut out: Vec<Claim> = Vec::new();
    for node in list {
        let Some(f) = c.fields(node, "a claim", CLAIM.allowed, CLAIM.required) else {
            continue;
        };
        let Some(id_node) = f.get("id") else { continue };
        let Some(id) = id_node.value.as_scalar_text() else {
            c.wrong_type(id_node, "a claim id", "text");
            continue;
        };
        if out.iter().any(|claim| claim.id == id) {
            c.error(id_node.at, K::Duplicate { what: "claim".into(), id });
            continue;
        }
        let kind = match f.get("kind").and_then(|n| c.text(n, "`kind`").map(|t| (t, n.at))) {
            Some((t, _)) if t == "discriminating" => ClaimKind::Discriminating,
            Some((t, _)) if t == "background" => ClaimKind::Background,
            Some((t, at)) => {
                let help = did_you_mean(&t, ["discriminating", "background"])
                    .or_else(|| Some("a claim is `discriminating` or `background`".into()));
                c.error_help(at, K::UnknownClaimKind { name: t }, help);
                continue;
            }
            None => continue,
        };
        let Some(text) = f.get("claim").and_then(|n| c.text(n, "`claim`")) else { continue };
        out.push(Claim {
            id,
            section: c.optional_text(&f, "section", "`section`").unwrap_or_default(),
            kind,
            text,
            caveat: c.optional_text(&f, "caveat", "`caveat`"),
            span: c.span(id_node.at),
        });
    }
    for node in list {
        let id = match &node.value {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.value == "id")
                .and_then(|(_, v)| v.value.as_scalar_text()),
            _ => None,
        };
        if let Some(id) = id.filter(|id| !out.iter().any(|claim| claim.id == *id)) {
            c.broken.insert(id);
        }
    }
    out
}

fn claim_refs(
    c: &mut Checker,
    node: Option<&Spanned<Node>>,
    (claims, claims_read): (&[Claim], bool),
    required: bool,
    at: Position,
) -> Vec<ClaimId> {
    let Some(node) = node else {
        if required {
            c.error(at, K::MissingKey { key: "claims".into(), context: "a rule".into() });
        }
        return Vec::new();
    };
    let refs = c.text_list(node, "`claims`");
    if refs.is_empty() && required {
        c.error_help(
            node.at,
            K::Empty { what: "`claims`".into() },
            Some("every rule rests on at least one claim of `claims.yaml`".into()),
        );
    }
    let mut out = Vec::new();
    for r in refs {
        match claims.iter().position(|claim| claim.id == r.value) {
            Some(id) => out.push(id),
            None if !claims_read || c.broken.contains(&r.value) => {}
            None => {
                let help = did_you_mean(&r.value, claims.iter().map(|c| c.id.as_str()))
                    .or_else(|| Some("claims are declared in `claims.yaml`".into()));
                c.error_help(r.at, K::UnknownClaim { id: r.value }, help);
            }
        }
    }
    out
}

fn header(
    c: &mut Checker,
    root: &Spanned<Node>,
    claims: &[Claim],
    claims_read: bool,
) -> Option<Header> {
    let f = c.fields(root, "`pack.yaml`", PACK.allowed, PACK.required)?;
    let name = f.get("name").and_then(|n| c.text(n, "`name`"));
    let title = f.get("title").and_then(|n| c.text(n, "`title`"));
    let source = c.optional_text(&f, "source", "`source`").unwrap_or_default();
    let margin = f.get("margin").and_then(|n| match n.value {
        #[allow(clippy::cast_possible_truncation)]
        Node::Number(m) if m.fract() == 0.0 && (1.0..=1000.0).contains(&m) => Some(m as i32),
        _ => {
            let found = n.value.as_scalar_text().unwrap_or_else(|| n.value.kind().to_owned());
            c.error_help(
                n.at,
                K::BadMargin { found },
                Some("the margin is the smallest lead that counts as a clear difference".into()),
            );
            None
        }
    });
    let mut profiles = Vec::new();
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
            profiles.push(Profile {
                id: key.value.to_string(),
                name,
                also_known_as,
                summary,
                claims,
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
    Some(Header { name: name?, title: title?, source, margin: margin?, profiles })
}

fn features(c: &mut Checker, root: &Spanned<Node>) -> (Vec<Feature>, HashMap<String, FeatureId>) {
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
            "choice" => choice_kind(c, &f, &context),
            other => {
                let help = did_you_mean(other, ["yes_no", "choice", "number"]).or_else(|| {
                    Some("a feature's `type` is `yes_no`, `choice` or `number`".into())
                });
                c.error_help(type_node.at, K::UnknownType { name: other.to_owned() }, help);
                None
            }
        };
        let (Some(label), Some(question), Some(kind)) = (label, question, kind) else { continue };
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

fn choice_kind(c: &mut Checker, f: &Fields<'_>, context: &str) -> Option<FeatureKind> {
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
        let (label, synonyms) = if value.value == Node::Null {
            (None, Vec::new())
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
            (label, synonyms)
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
        });
    }
    Some(FeatureKind::Choice { choices })
}

/// Resolves a feature name used in a condition or `sets`, with a helpful
/// message when it is a synonym or a typo.
fn feature_ref(c: &mut Checker, key: &Spanned<Text>, known: &Known) -> Option<FeatureId> {
    if let Some(id) = known.features.iter().position(|f| f.name == key.value) {
        return Some(id);
    }
    if c.broken.contains(key.value.as_str()) {
        return None;
    }
    let help = match known.feature_index.get(&normalize(&key.value)) {
        // The name in another spelling (`Bitter`), or a synonym.
        Some(id) if normalize(&known.features[*id].name) == normalize(&key.value) => {
            Some(format!("write it `{}`: rules use the name as declared", known.features[*id].name))
        }
        Some(id) => Some(format!(
            "`{}` is a synonym; rules use the feature's name `{}`",
            key.value, known.features[*id].name
        )),
        None => did_you_mean(&key.value, known.features.iter().map(|f| f.name.as_str()))
            .or_else(|| Some("features are declared in `features.yaml`".into())),
    };
    c.error_help(key.at, K::UnknownFeature { name: key.value.to_string() }, help);
    None
}

fn condition(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    depth: usize,
) -> Option<Condition> {
    if depth > limits::MAX_CONDITION_DEPTH {
        c.error(node.at, K::TooDeep { limit: limits::MAX_CONDITION_DEPTH });
        return None;
    }
    let entries = c.map(node, "a condition")?;
    if entries.is_empty() {
        c.error(node.at, K::Empty { what: "a condition".into() });
        return None;
    }
    let mut parts = Vec::new();
    let mut ok = true;
    for (key, value) in entries {
        let part = match key.value.as_str() {
            "all" | "any" => {
                let Some(items) = c.list(value, &format!("`{}`", key.value)) else {
                    ok = false;
                    continue;
                };
                if items.is_empty() {
                    c.error(value.at, K::Empty { what: format!("`{}`", key.value) });
                    ok = false;
                    continue;
                }
                let inner: Vec<Option<Condition>> =
                    items.iter().map(|item| condition(c, item, known, depth + 1)).collect();
                let inner: Option<Vec<Condition>> = inner.into_iter().collect();
                inner
                    .map(|v| if key.value == "all" { Condition::All(v) } else { Condition::Any(v) })
            }
            "not" => {
                condition(c, value, known, depth + 1).map(|inner| Condition::Not(Box::new(inner)))
            }
            _ => feature_ref(c, key, known).and_then(|feature| {
                test(c, value, &known.features[feature])
                    .map(|check| Condition::Test(Test { feature, check, span: c.span(key.at) }))
            }),
        };
        match part {
            Some(p) => parts.push(p),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    if parts.len() == 1 { parts.pop() } else { Some(Condition::All(parts)) }
}

fn yes_no_word(node: &Node) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        Node::Text(t) => match normalize(t).as_str() {
            "yes" | "true" | "present" => Some(true),
            "no" | "false" | "absent" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn test(c: &mut Checker, value: &Spanned<Node>, f: &Feature) -> Option<Check> {
    let bad = |c: &mut Checker, help: String| {
        let found = match value.value.as_scalar_text() {
            Some(text) => format!("`{text}`"),
            None => value.value.kind().to_owned(),
        };
        c.error_help(
            value.at,
            K::BadTest { feature: f.name.clone(), kind: kind_phrase(&f.kind), found },
            Some(help),
        );
        None
    };
    match &f.kind {
        FeatureKind::YesNo => match yes_no_word(&value.value) {
            Some(b) => Some(Check::Is(b)),
            None => bad(c, format!("write `{}: yes` or `{}: no`", f.name, f.name)),
        },
        FeatureKind::Choice { choices } => {
            let names: Vec<Spanned<String>> = match &value.value {
                Node::Text(t) => vec![Spanned { value: t.to_string(), at: value.at }],
                Node::List(_) => c.text_list(value, "a list of choices"),
                _ => {
                    let first = choices.first().map_or("", |ch| ch.name.as_str());
                    return bad(
                        c,
                        format!(
                            "write a choice such as `{}: {first}`, or a list of choices",
                            f.name
                        ),
                    );
                }
            };
            if names.is_empty() {
                c.error(value.at, K::Empty { what: "a list of choices".into() });
                return None;
            }
            let mut set = 0_u64;
            let mut ok = true;
            for name in names {
                match choices.iter().position(|ch| ch.name == name.value) {
                    Some(i) => set |= 1_u64 << i,
                    None => {
                        let help =
                            did_you_mean(&name.value, choices.iter().map(|ch| ch.name.as_str()))
                                .or_else(|| {
                                    let all: Vec<&str> =
                                        choices.iter().map(|ch| ch.name.as_str()).collect();
                                    Some(format!("the choices are `{}`", all.join("`, `")))
                                });
                        c.error_help(
                            name.at,
                            K::UnknownChoice { feature: f.name.clone(), choice: name.value },
                            help,
                        );
                        ok = false;
                    }
                }
            }
            ok.then_some(Check::OneOf(set))
        }
        FeatureKind::Number { min, max, .. } => {
            let example = format!(
                "write a comparison such as `{}: {{at_least: {}}}`",
                f.name,
                f.example_value()
            );
            let Node::Map(entries) = &value.value else { return bad(c, example) };
            let mut lower: Option<Bound> = None;
            let mut upper: Option<Bound> = None;
            let mut ok = true;
            if entries.is_empty() {
                return bad(c, example);
            }
            for (k, v) in entries {
                let slot = match k.value.as_str() {
                    "at_least" | "above" => &mut lower,
                    "at_most" | "below" => &mut upper,
                    other => {
                        let help = did_you_mean(other, ["at_least", "at_most", "above", "below"])
                            .or_else(|| {
                                Some(
                                    "compare with `at_least`, `at_most`, `above` or `below`".into(),
                                )
                            });
                        c.error_help(
                            k.at,
                            K::UnknownKey {
                                key: other.to_owned(),
                                context: format!("the test on `{}`", f.name),
                            },
                            help,
                        );
                        ok = false;
                        continue;
                    }
                };
                let Some(number) = c.number(v, &format!("`{}`", k.value)) else {
                    ok = false;
                    continue;
                };
                if number < *min || number > *max {
                    c.error_help(
                        v.at,
                        K::OutOfRange {
                            feature: f.name.clone(),
                            value: format_number(number),
                            min: format_number(*min),
                            max: format_number(*max),
                        },
                        Some(
                            "a bound outside the feature's range can never decide anything".into(),
                        ),
                    );
                    ok = false;
                    continue;
                }
                if slot.is_some() {
                    c.error_help(
                        k.at,
                        K::SecondBound {
                            key: k.value.to_string(),
                            side: if matches!(k.value.as_str(), "at_least" | "above") {
                                "lower".into()
                            } else {
                                "upper".into()
                            },
                        },
                        Some("give at most one lower bound (`at_least`/`above`) and one upper bound (`at_most`/`below`)".into()),
                    );
                    ok = false;
                    continue;
                }
                *slot = Some(Bound {
                    value: number,
                    inclusive: matches!(k.value.as_str(), "at_least" | "at_most"),
                });
            }
            if !ok {
                return None;
            }
            let check = Check::Range { lower, upper };
            // The range can never hold if its bounds cross, or if an open
            // bound sits on the end of the feature's own range.
            let crossed = match (lower, upper) {
                (Some(l), Some(u)) => {
                    l.value > u.value || (l.value == u.value && !(l.inclusive && u.inclusive))
                }
                _ => false,
            };
            let off_the_end = lower.is_some_and(|l| !l.inclusive && l.value >= *max)
                || upper.is_some_and(|u| !u.inclusive && u.value <= *min);
            if crossed || off_the_end {
                c.error(
                    value.at,
                    K::EmptyRange { feature: f.name.clone(), range: check.describe(f) },
                );
                return None;
            }
            Some(check)
        }
    }
}

/// Checks an id of a rule, derivation or alert, which share one namespace.
fn rule_id(
    c: &mut Checker,
    f: &Fields<'_>,
    what: &str,
    ids: &mut HashMap<String, Span>,
) -> Option<(String, Span)> {
    let node = f.get("id")?;
    let id = c.text(node, "`id`")?;
    if !is_rule_id(&id) {
        c.error(
            node.at,
            K::BadName {
                what: format!("{what} id"),
                name: id,
                rule: "use lower-case letters, digits and `-`".into(),
            },
        );
        return None;
    }
    let span = c.span(node.at);
    if let Some(first) = ids.get(&id) {
        let help = format!(
            "the first is at line {}; ids are shared by rules, derivations and alerts",
            first.line
        );
        c.error_help(node.at, K::Duplicate { what: what.to_owned(), id }, Some(help));
        return None;
    }
    ids.insert(id.clone(), span);
    Some((id, span))
}

fn top_list<'n>(c: &mut Checker, root: &'n Spanned<Node>, key: &str) -> &'n [Spanned<Node>] {
    let file = format!("`{key}.yaml`");
    let Some(top) = c.fields(root, &file, &[key], &[key]) else { return &[] };
    top.get(key).and_then(|n| c.list(n, &format!("`{key}`"))).unwrap_or(&[])
}

fn derivations(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Derivation> {
    let mut out = Vec::new();
    for node in top_list(c, root, "derived") {
        let Some(f) = c.fields(node, "a derivation", DERIVATION.allowed, DERIVATION.required)
        else {
            continue;
        };
        let id = rule_id(c, &f, "derivation", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let reason = f.get("reason").and_then(|n| c.text(n, "`reason`"));
        let claims = claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), true, f.at);
        let sets = f
            .get("sets")
            .and_then(|n| sets(c, n, known, id.as_ref().map_or("?", |i| i.0.as_str())));
        if let (Some((id, span)), Some(when), Some(reason), Some((feature, value))) =
            (id, when, reason, sets)
        {
            out.push(Derivation { id, feature, value, when, reason, claims, span });
        }
    }
    out
}

fn sets(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    id: &str,
) -> Option<(FeatureId, Value)> {
    let entries = c.map(node, "`sets`")?;
    let [(key, value)] = entries else {
        c.error_help(
            node.at,
            K::WrongType {
                what: "`sets`".into(),
                expected: "one feature and its value".into(),
                found: format!("{} entries", entries.len()),
            },
            Some("write one derivation per concluded feature".into()),
        );
        return None;
    };
    let feature = feature_ref(c, key, known)?;
    let f = &known.features[feature];
    match &f.kind {
        FeatureKind::Number { .. } => {
            c.error(
                key.at,
                K::NotDerivable {
                    id: id.to_owned(),
                    feature: f.name.clone(),
                    kind: "number".into(),
                },
            );
            None
        }
        FeatureKind::YesNo => match yes_no_word(&value.value) {
            Some(b) => Some((feature, Value::Flag(b))),
            None => {
                c.error_help(
                    value.at,
                    K::BadTest {
                        feature: f.name.clone(),
                        kind: kind_phrase(&f.kind),
                        found: value.value.kind().into(),
                    },
                    Some(format!("write `{}: yes` or `{}: no`", f.name, f.name)),
                );
                None
            }
        },
        FeatureKind::Choice { choices } => {
            let Node::Text(name) = &value.value else {
                c.wrong_type(value, "a derived choice", "one choice name");
                return None;
            };
            let Some(index) = choices.iter().position(|ch| ch.name == *name) else {
                let help = did_you_mean(name, choices.iter().map(|ch| ch.name.as_str()));
                c.error_help(
                    value.at,
                    K::UnknownChoice { feature: f.name.clone(), choice: name.to_string() },
                    help,
                );
                return None;
            };
            u8::try_from(index).ok().map(|i| (feature, Value::Choice(i)))
        }
    }
}

fn weight(c: &mut Checker, node: &Spanned<Node>) -> Option<i32> {
    let words = WEIGHT_WORDS.iter().map(|(w, _)| *w);
    let help = format!(
        "a weight is `{}`, or a whole number from {MIN_WEIGHT} to {MAX_WEIGHT}",
        WEIGHT_WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("`, `")
    );
    match &node.value {
        #[allow(clippy::cast_possible_truncation)]
        Node::Number(n)
            if n.fract() == 0.0 && (f64::from(MIN_WEIGHT)..=f64::from(MAX_WEIGHT)).contains(n) =>
        {
            Some(*n as i32)
        }
        Node::Text(t) => {
            if let Some((_, w)) = WEIGHT_WORDS.iter().find(|(word, _)| *word == normalize(t)) {
                Some(*w)
            } else {
                let h = did_you_mean(t, words).map_or(help, |d| d);
                c.error_help(node.at, K::BadWeight { found: format!("`{t}`") }, Some(h));
                None
            }
        }
        other => {
            let found = other
                .as_scalar_text()
                .map_or_else(|| other.kind().to_owned(), |t| format!("`{t}`"));
            c.error_help(node.at, K::BadWeight { found }, Some(help));
            None
        }
    }
}

fn effects(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    sign: i32,
    key: &str,
    out: &mut Vec<(usize, i32)>,
) -> bool {
    let Some(entries) = c.map(node, &format!("`{key}`")) else { return false };
    let mut ok = true;
    for (profile, w) in entries {
        let Some(p) = known.profiles.iter().position(|p| p.id == profile.value) else {
            let ids: Vec<&str> = known.profiles.iter().map(|p| p.id.as_str()).collect();
            let help = did_you_mean(&profile.value, ids.iter().copied())
                .or_else(|| Some(format!("the profiles are `{}`", ids.join("`, `"))));
            c.error_help(profile.at, K::UnknownProfile { id: profile.value.to_string() }, help);
            ok = false;
            continue;
        };
        let Some(w) = weight(c, w) else {
            ok = false;
            continue;
        };
        if out.iter().any(|(q, _)| *q == p) {
            c.error_help(
                profile.at,
                K::Duplicate {
                    what: "profile in `favours` and `against`".into(),
                    id: profile.value.to_string(),
                },
                Some("a rule either counts for a profile or against it".into()),
            );
            ok = false;
            continue;
        }
        out.push((p, sign * w));
    }
    ok
}

fn rules(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for node in top_list(c, root, "rules") {
        let Some(f) = c.fields(node, "a rule", RULE.allowed, RULE.required) else {
            continue;
        };
        let id = rule_id(c, &f, "rule", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let reason = f.get("reason").and_then(|n| c.text(n, "`reason`"));
        let claims = claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), true, f.at);
        let note = c.optional_text(&f, "note", "`note`");
        let mut effects_list = Vec::new();
        let mut ok = true;
        if let Some(n) = f.get("favours") {
            ok &= effects(c, n, known, 1, "favours", &mut effects_list);
        }
        if let Some(n) = f.get("against") {
            ok &= effects(c, n, known, -1, "against", &mut effects_list);
        }
        if ok && effects_list.is_empty() {
            if let Some((id, _)) = &id {
                c.error_help(
                    f.at,
                    K::NoEffect { id: id.clone() },
                    Some("add `favours: {PROFILE: weight}` or `against: {PROFILE: weight}`".into()),
                );
            }
            ok = false;
        }
        effects_list.sort_by_key(|(p, _)| *p);
        if let (true, Some((id, span)), Some(when), Some(reason)) = (ok, id, when, reason) {
            out.push(Rule { id, when, effects: effects_list, reason, note, claims, span });
        }
    }
    out
}

fn alerts(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Alert> {
    let mut out = Vec::new();
    for node in top_list(c, root, "alerts") {
        let Some(f) = c.fields(node, "an alert", ALERT.allowed, ALERT.required) else {
            continue;
        };
        let id = rule_id(c, &f, "alert", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let advice = f.get("advice").and_then(|n| c.text(n, "`advice`"));
        let claims =
            claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), false, f.at);
        if let (Some((id, span)), Some(when), Some(advice)) = (id, when, advice) {
            out.push(Alert { id, when, advice, claims, span });
        }
    }
    out
}

/// Reports every cycle among derivations: `a` depends on `b` when `a`'s
/// condition reads the feature `b` sets. One error per strongly connected
/// group (Tarjan's algorithm), naming the derivations in it.
fn report_cycles(c: &mut Checker, derivations: &[Derivation], features: &[Feature]) {
    let n = derivations.len();
    let reads: Vec<Vec<FeatureId>> = derivations.iter().map(|d| d.when.features()).collect();
    // edges[a] = derivations whose conclusion `a` reads.
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|a| (0..n).filter(|b| reads[a].contains(&derivations[*b].feature)).collect())
        .collect();
    for group in strongly_connected(&edges) {
        let cyclic = group.len() > 1 || edges[group[0]].contains(&group[0]);
        if !cyclic {
            continue;
        }
        let mut group = group;
        group.sort_unstable();
        let path: Vec<String> = group
            .iter()
            .map(|d| {
                format!(
                    "`{}` sets `{}`",
                    derivations[*d].id, features[derivations[*d].feature].name
                )
            })
            .collect();
        let first = &derivations[group[0]];
        c.problems.push(
            PackError::at(
                first.span,
                K::Cycle { path: path.join(", "), ids: group.iter().map(|d| derivations[*d].id.clone()).collect() },
            )
            .help("each of them reads what another concludes; a derivation may not depend, even indirectly, on the feature it sets"),
        );
    }
}

/// Tarjan's strongly connected components, iterative so that a long chain
/// of derivations cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut groups = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0_usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    groups.push(group);
                }
            }
        }
    }
    groups
}

/// "a number feature", "a yes/no feature", "a choice feature".
fn kind_phrase(kind: &FeatureKind) -> String {
    let word = match kind {
        FeatureKind::YesNo => "yes/no",
        FeatureKind::Choice { .. } => "choice",
        FeatureKind::Number { .. } => "number",
    };
    format!("a {word} feature")
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_leaves_chains_alone() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 hangs off it; 4 loops on itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let mut groups: Vec<Vec<usize>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut g| {
                g.sort_unstable();
                g
            })
            .collect();
        groups.sort();
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3], vec![4]]);
    }
}

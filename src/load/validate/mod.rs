//! Checks the YAML trees of a pack's files and builds a [`Pack`].
//!
//! Every problem is collected, not only the first: a person fixing a pack
//! wants the whole list. Checking goes file by file in dependency order
//! (claims, profiles, features, derivations, rules, alerts), and a file that
//! failed to parse only stops the checks that need it. This layer must not
//! stop at the first problem, nor let an unsound pack through: a [`Pack`]
//! that exists is sound, and later layers do not check it again.
//!
//! This file holds the [`Checker`] that collects problems, the helpers every
//! section shares, and [`build`]; each section of the rule language has a
//! file of its own.

mod claims;
mod conditions;
mod cycles;
mod features;
mod header;
mod rules;

use std::collections::{HashMap, HashSet};

use self::{
    claims::claims, cycles::report_cycles, features::features, header::Header, header::header,
    rules::alerts, rules::derivations, rules::rules,
};
use crate::{
    limits,
    load::node::{Node, Text},
    load::pack_error::{PackError, PackErrorKind as K},
    load::yaml::Spanned,
    pack::Pack,
    pack::alert::Alert,
    pack::claim::{Claim, ClaimId, ClaimKind},
    pack::derivation::Derivation,
    pack::feature::{Feature, FeatureId, FeatureKind},
    pack::hidden_char::{describe, is_hidden_or_control},
    pack::profile::Profile,
    pack::rule::Rule,
    pack::suggest::did_you_mean,
    span::{Position, Span},
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
    allowed: &[
        "name",
        "title",
        "source",
        "margin",
        "clear_needs",
        "conflict_needs",
        "profiles",
        "phenopacket",
    ],
    required: &["name", "title", "margin", "profiles"],
};
pub(crate) const PROFILE: Keys = Keys {
    allowed: &["name", "also_known_as", "summary", "claims", "ids"],
    required: &["name", "summary"],
};
pub(crate) const FEATURE: Keys = Keys {
    allowed: &[
        "label",
        "question",
        "type",
        "unit",
        "min",
        "max",
        "synonyms",
        "choices",
        "neutral",
        "hpo",
        "hpo_narrower",
    ],
    required: &["label", "question", "type"],
};
pub(crate) const NEUTRAL: Keys =
    Keys { allowed: &["reason", "claims"], required: &["reason", "claims"] };
pub(crate) const CHOICE: Keys = Keys { allowed: &["label", "synonyms", "hpo"], required: &[] };
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
pub(crate) const ALERT: Keys = Keys {
    allowed: &["id", "when", "kind", "advice", "claims"],
    required: &["id", "when", "advice"],
};

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
            Node::Text(text) if !text.trim().is_empty() => {
                self.visible(node, text.trim(), what);
                Some(text.trim().to_owned())
            }
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

    /// Refuses a control or invisible format character in a pack's text:
    /// the text is shown to readers, and such a character could drive
    /// their terminal or hide or reorder what they see. Line breaks stay
    /// (block scalars have them). The caret points at the text; the
    /// message says which character and where in it.
    fn visible(&mut self, node: &Spanned<Node>, text: &str, what: &str) {
        let found = text.chars().enumerate().find(|(_, c)| *c != '\n' && is_hidden_or_control(*c));
        if let Some((i, c)) = found {
            self.error_help(
                node.at,
                K::HiddenChar { what: what.to_owned(), character: describe(c), position: i + 1 },
                Some("remove it, or write what it stands for in words: such characters can change what a reader's terminal or viewer shows".to_owned()),
            );
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
                    Some(t) if !t.is_empty() => {
                        self.visible(item, &t, &format!("each entry of {what}"));
                        Some(Spanned { value: t, at: item.at })
                    }
                    _ => {
                        self.wrong_type(item, &format!("each entry of {what}"), "text");
                        None
                    }
                }
            })
            .collect()
    }

    /// A list of ontology term ids (`hpo`, `hpo_narrower`, a profile's
    /// `ids`): each must have the shape `valid` accepts (otherwise an
    /// error with `help`), and none may be given before, anywhere in the
    /// file (`seen`: each id with the line of its first place and its
    /// owner, such as "feature `fasciculations`"), since a term read from
    /// a phenopacket must lead to one place. Ids with a mistake are left
    /// out (the error stops the pack).
    fn term_ids(
        &mut self,
        node: &Spanned<Node>,
        terms: &TermKind,
        owner: &str,
        seen: &mut HashMap<String, (u32, String)>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for item in self.text_list(node, terms.key) {
            if !(terms.valid)(&item.value) {
                self.error_help(
                    item.at,
                    K::BadTermId { id: item.value, what: terms.what },
                    Some(terms.help.to_owned()),
                );
                continue;
            }
            if let Some((line, first)) = seen.get(&item.value) {
                let help = format!("the first is in {first}, at line {line}; {}", terms.why_once);
                self.error_help(
                    item.at,
                    K::Duplicate { what: terms.term.to_owned(), id: item.value },
                    Some(help),
                );
                continue;
            }
            seen.insert(item.value.clone(), (item.at.line, owner.to_owned()));
            out.push(item.value);
        }
        out
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

/// The kinds of ontology term id a pack names, and how each is checked.
struct TermKind {
    /// The key, in backticks, for messages about its list.
    key: &'static str,
    /// What a well-formed id is, for "`X` is not ...".
    what: &'static str,
    /// The term, for "... `X` is defined twice".
    term: &'static str,
    valid: fn(&str) -> bool,
    help: &'static str,
    /// Why an id may be given only once in a pack.
    why_once: &'static str,
}

const HPO_TERMS: TermKind = TermKind {
    key: "`hpo`",
    what: "an HPO id",
    term: "HPO term",
    valid: crate::pack::name::is_hpo_id,
    help: "an HPO id is `HP:` and seven digits, such as `HP:0002380`",
    why_once: "a phenopacket term must map to one feature",
};

const HPO_NARROWER_TERMS: TermKind = TermKind { key: "`hpo_narrower`", ..HPO_TERMS };

const DISEASE_IDS: TermKind = TermKind {
    key: "`ids`",
    what: "a disease id",
    term: "disease id",
    valid: crate::pack::name::is_disease_id,
    help: "a disease id is `MONDO:` and seven digits, `OMIM:` and six, or `ORPHA:` and digits, such as `MONDO:0005301`",
    why_once: "a phenopacket disease must map to one profile",
};

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
            features(&mut checker, n, (&claims, claims_read))
        },
    );
    let mut header = header;
    if let (Some(header), Some((s, _))) = (&mut header, &files.pack) {
        checker.source = *s;
        header.phenopacket.resolve(&mut checker, &features, &feature_index);
    }
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
    report_weighed_neutral(&mut checker, &known.features, &rules);
    // "Not cited" is only meaningful when every rule was read. A claim a
    // `neutral` note cites counts as cited: the note is how the pack uses
    // it (to say why a finding separates nothing).
    let clean = !checker.problems.iter().any(PackError::is_error);
    if let Some((s, _)) = &files.claims
        && clean
    {
        checker.source = *s;
        let cited: HashSet<ClaimId> = rules
            .iter()
            .flat_map(|r| r.claims.iter().copied())
            .chain(
                known
                    .features
                    .iter()
                    .filter_map(|f| f.neutral())
                    .flat_map(|n| n.claims.iter().copied()),
            )
            .collect();
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

/// A warning for each feature with a `neutral` note that a rule reads
/// directly: the note says no rule weighs the feature, and the rule does,
/// so one of the two is wrong. Derivations and alerts may read a neutral
/// feature (a derivation concludes another feature, which is what rules
/// weigh; an alert changes no score), so they are not counted. Spans carry
/// their file, so this needs no `checker.source`.
fn report_weighed_neutral(checker: &mut Checker, features: &[Feature], rules: &[Rule]) {
    for (id, feature) in features.iter().enumerate() {
        let Some(note) = feature.neutral() else { continue };
        let readers: Vec<&str> = rules
            .iter()
            .filter(|r| r.when.features().contains(&id))
            .map(|r| r.id.as_str())
            .collect();
        let Some(first) = readers.first() else { continue };
        let named = if readers.len() == 1 {
            format!("rule `{first}` weighs it")
        } else {
            format!("rules `{}` weigh it", readers.join("`, `"))
        };
        checker.problems.push(
            PackError::at(
                note.span,
                K::WeighedNeutral { feature: feature.name.clone(), rules: named },
            )
            .warning()
            .help(
                "remove the `neutral` note, or the test of this feature from the rule; \
                 a neutral feature may still be read by derivations and alerts",
            ),
        );
    }
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
        clear_needs: header.clear_needs,
        conflict_needs: header.conflict_needs,
        phenopacket_onset_age: header.phenopacket.onset_age,
        phenopacket_years_since_onset: header.phenopacket.years_since_onset,
        profiles: header.profiles,
        features: known.features,
        claims: known.claims,
        derivations,
        rules,
        alerts,
        ..Pack::default()
    })
}

fn top_list<'n>(c: &mut Checker, root: &'n Spanned<Node>, key: &str) -> &'n [Spanned<Node>] {
    let file = format!("`{key}.yaml`");
    let Some(top) = c.fields(root, &file, &[key], &[key]) else { return &[] };
    top.get(key).and_then(|n| c.list(n, &format!("`{key}`"))).unwrap_or(&[])
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

//! `claims.yaml`, and the lists of claim ids that profiles, rules,
//! derivations and alerts cite.

use super::{CLAIM, Checker, top_list};
use crate::{
    load::node::Node,
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::claim::{Claim, ClaimId, ClaimKind},
    pack::suggest::did_you_mean,
    span::Position,
};

pub(super) fn claims(c: &mut Checker, root: &Spanned<Node>) -> Vec<Claim> {
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

pub(super) fn claim_refs(
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

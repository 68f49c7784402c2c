//! `compare --format html`: the pack side by side as one page, a handout
//! or a slide. One row per finding, one column per profile; each cell
//! draws the points as a bar (for to the right, against to the left) and
//! says them in points and the weight word, so colour is never the only
//! cue. Notes, caveats, neutral features and derived facts follow.

use std::fmt::Write as _;

use super::{disclaimer, esc, page_end, page_start};
use crate::{
    pack::Pack,
    pack::claim::ClaimId,
    render::compare::{ORDER, Row, cell},
    render::condition_text,
};

/// The whole page.
pub(crate) fn page(pack: &Pack, rows: &[Row]) -> String {
    let mut out = String::new();
    page_start(&format!("{}: the pack side by side", pack.title), &mut out);
    let _ = writeln!(out, "<header>\n<h1>{}: the pack side by side</h1>", esc(&pack.title));
    disclaimer(&mut out);
    out.push_str("</header>\n<main>\n");
    let _ = writeln!(
        out,
        "<p>How each finding moves each profile's score, in points and in the pack's weight words; an empty cell: the finding does not move that profile. {}</p>\n<ul>",
        esc(ORDER)
    );
    for p in &pack.profiles {
        let _ = writeln!(out, "<li><strong>{}</strong>: {}</li>", esc(&p.id), esc(&p.name));
    }
    out.push_str("</ul>\n<p class=\"legend\"><span class=\"left\">← against the profile</span><span class=\"right\">for the profile →</span></p>\n");
    table(pack, rows, &mut out);
    annotations(pack, rows, &mut out);
    out.push_str("</main>\n");
    page_end(&mut out);
    out
}

/// Claim ids, comma-separated.
fn ids(pack: &Pack, claims: &[ClaimId]) -> String {
    let ids: Vec<&str> = claims.iter().map(|c| pack.claims[*c].id.as_str()).collect();
    esc(&ids.join(", "))
}

fn table(pack: &Pack, rows: &[Row], out: &mut String) {
    // The longest bar of the table, for the bars' lengths.
    let longest = rows.iter().flat_map(|r| r.effects.iter().map(|e| e.abs())).max().unwrap_or(1);
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"compare\">\n<thead><tr><th>finding</th>",
    );
    for p in &pack.profiles {
        let _ = write!(out, "<th>{}</th>", esc(&p.id));
    }
    out.push_str(
        "<th class=\"num\">separation</th><th>rules and claims</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        let _ = write!(out, "<tr><td>{}</td>", esc(&row.finding));
        for effect in &row.effects {
            if *effect == 0 {
                out.push_str("<td></td>");
                continue;
            }
            let length = f64::from(effect.abs()) / f64::from(longest.max(1));
            let (x, side) = if *effect < 0 { (-length, "left") } else { (0.0, "right") };
            let _ = write!(
                out,
                "<td><svg class=\"bar\" viewBox=\"-1 0 2 1\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
                 <rect class=\"{side}\" x=\"{x:.3}\" y=\"0.15\" width=\"{length:.3}\" height=\"0.7\"/>\
                 <line class=\"axis\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"/></svg>{}</td>",
                esc(&cell(*effect))
            );
        }
        let rules: Vec<&str> = row.rules.iter().map(|r| pack.rules[*r].id.as_str()).collect();
        let _ = writeln!(
            out,
            "<td class=\"num\">{}</td><td><code>{}</code> <span class=\"claims\">[{}]</span></td></tr>",
            row.separation,
            esc(&rules.join(", ")),
            ids(pack, &row.claims)
        );
    }
    for f in &pack.features {
        if let Some(note) = f.neutral() {
            let _ = write!(out, "<tr><td>{}</td>", esc(&f.name));
            out.push_str(&"<td></td>".repeat(pack.profiles.len()));
            let _ = writeln!(
                out,
                "<td class=\"num\">0</td><td>neutral <span class=\"claims\">[{}]</span></td></tr>",
                ids(pack, &note.claims)
            );
        }
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// Notes and caveats by finding, the features no rule weighs, and the
/// derived facts.
fn annotations(pack: &Pack, rows: &[Row], out: &mut String) {
    let annotated: Vec<&Row> =
        rows.iter().filter(|r| !r.notes.is_empty() || !r.caveats.is_empty()).collect();
    if !annotated.is_empty() {
        out.push_str("<section>\n<h2>Notes and caveats</h2>\n<ul>\n");
        for row in annotated {
            let _ = writeln!(out, "<li><strong>{}</strong><ul>", esc(&row.finding));
            for note in &row.notes {
                let _ =
                    writeln!(out, "<li class=\"note\"><strong>Note:</strong> {}</li>", esc(note));
            }
            for c in &row.caveats {
                let claim = &pack.claims[*c];
                let _ = writeln!(
                    out,
                    "<li class=\"caveat\"><strong>Caveat ({}):</strong> {}</li>",
                    esc(&claim.id),
                    esc(claim.caveat.as_deref().unwrap_or_default())
                );
            }
            out.push_str("</ul></li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }
    let neutral: Vec<_> =
        pack.features.iter().filter_map(|f| f.neutral().map(|n| (f, n))).collect();
    if !neutral.is_empty() {
        out.push_str("<section>\n<h2>Weighed by no rule</h2>\n<ul>\n");
        for (f, note) in neutral {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> <span class=\"claims\">[{}]</span>: {}</li>",
                esc(&f.name),
                ids(pack, &note.claims),
                esc(&note.reason)
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    if !pack.derivations.is_empty() {
        out.push_str("<section>\n<h2>Derived facts</h2>\n<p>Concluded from other findings, then weighed in the table.</p>\n<ul>\n");
        for d in &pack.derivations {
            let f = &pack.features[d.feature];
            let _ = writeln!(
                out,
                "<li><strong>{}: {}</strong> when {} (<code>{}</code> <span class=\"claims\">[{}]</span>)</li>",
                esc(&f.name),
                esc(&d.value.display(f)),
                esc(&condition_text(pack, &d.when)),
                esc(&d.id),
                ids(pack, &d.claims)
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
}

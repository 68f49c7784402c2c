//! Markdown for handouts: the same sections as the text output, as
//! headings, tables and lists.

use std::fmt::Write as _;

use super::{
    Render, capitalised, claims_text, condition_text, effects_text, flip_text, flips_summary,
    need_lines, scores_text, sections_for, still_open::still_open, verdict_text,
};
use crate::{
    DISCLAIMER,
    cases::case_file::CaseFile,
    engine::{Sections, explanation::Explanation, ranking::main_reasons},
    pack::truth::Truth,
};

/// The Markdown renderer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Markdown {
    pub(crate) brief: bool,
    /// In a clear case, list every rule that did not fire (`--full`)
    /// rather than what could still change the verdict.
    pub(crate) full: bool,
}

/// Text from a pack, a case file or a record as literal Markdown text: the
/// one escaping every Markdown writer uses for text it did not write
/// itself, so that an id, a description, a file name or a pack's text
/// cannot add a link, an image, raw HTML, a code span, emphasis, a
/// heading, a list item or a table cell, wherever it is put (a table
/// cell, a heading, a list item, the start of a line).
///
/// - A line feed, carriage return or tab becomes a space: a line break
///   would end a table row or a list item, and let the next line start a
///   heading, a quote or a list.
/// - Every ASCII punctuation character that Markdown, or GitHub's
///   extensions (tables, strikethrough, autolinks, maths), could read as
///   markup is escaped with a backslash, which `CommonMark` renders as the
///   character itself: `` \ ` * _ [ ] ( ) < > # | ! ~ & $ @ : / . { } ^ ``.
///   `.` and `:` and `/` are there because GitHub links `www.x.org` and
///   `http://x` without brackets, and a `.` after digits starts a numbered
///   item.
/// - `-`, `+` and `=` are markup only at the start of a line (a list
///   item, a heading underline), so only a first one is escaped.
///
/// `,` `;` `'` `"` `?` `%` are never markup and are left alone, so that a
/// handout read as plain text stays readable.
pub(crate) fn esc(text: &str) -> String {
    // Leading white space would let a `-` after it start a list item or a
    // heading underline, or four spaces a code block: it goes.
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len() + 8);
    let mut first = true;
    for c in text.chars() {
        let escape = match c {
            '-' | '+' | '=' => first,
            ',' | ';' | '\'' | '"' | '?' | '%' => false,
            c => c.is_ascii_punctuation(),
        };
        if escape {
            out.push('\\');
        }
        out.push(if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c });
        first = false;
    }
    out
}

/// `text` as a Markdown code span that nothing in it can close: the fence
/// is one backtick longer than the longest run of backticks inside, and a
/// space pads text that starts or ends with a backtick (the padding is
/// not shown). Line breaks become spaces, as in [`esc`].
pub(crate) fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r', '\t'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty())
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

impl Render for Markdown {
    fn sections(&self) -> Sections {
        // A brief handout keeps one line of the flip search.
        let flips = Sections { flips: true, ..Sections::NONE };
        if self.brief { flips } else { sections_for(false) }
    }

    fn render_case(&self, case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
        self.render(e, out);
        super::case_sheet::case_markdown(case, e, out);
    }

    fn render(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let _ = writeln!(out, "# {}\n", esc(&pack.title));
        let _ = writeln!(out, "> **{DISCLAIMER}**\n");
        let _ = writeln!(out, "**Verdict:** {}\n", esc(&verdict_text(e)));
        let _ = writeln!(out, "**Scores:** {}\n", esc(&scores_text(e)));
        if e.closed_world {
            let _ = writeln!(
                out,
                "**Closed world:** `--unknown-as-absent` is on; every yes/no feature not known was read as absent (choices and numbers stay unknown). This is a teaching switch.\n"
            );
        }
        for (title, alerts) in super::alert_groups(e) {
            let _ = writeln!(out, "## {title}\n");
            for alert in alerts {
                let _ = writeln!(
                    out,
                    "- **{}** {}",
                    esc(&alert.advice),
                    claims_text(pack, &alert.claims)
                );
            }
            out.push('\n');
        }
        if self.brief {
            let _ = writeln!(out, "## Main reasons\n");
            for rule in main_reasons(e, 3) {
                let _ = writeln!(
                    out,
                    "- {}: {} {}",
                    effects_text(pack, rule),
                    esc(&rule.reason),
                    claims_text(pack, &rule.claims)
                );
                for c in pack.caveated(rule.claims.iter().copied()) {
                    let claim = &pack.claims[c];
                    if let Some(caveat) = &claim.caveat {
                        let _ = writeln!(out, "  - *Caveat ({}):* {}", claim.id, esc(caveat));
                    }
                }
                if let Some(note) = &rule.note {
                    let _ = writeln!(out, "  - *Note:* {}", esc(note));
                }
            }
            let _ = writeln!(out, "\n**Flip:** {}.", esc(&flips_summary(e)));
            return;
        }
        let _ = writeln!(out, "## Contrast\n");
        let mut header = String::from("| feature | value |");
        let mut rule = String::from("| --- | --- |");
        for p in &pack.profiles {
            let _ = write!(header, " {} |", esc(&p.id));
            rule.push_str(" ---: |");
        }
        let _ = writeln!(out, "{header}\n{rule}");
        for row in e.contrast() {
            let f = &pack.features[row.feature];
            let value = e.marked_value_text(row.feature, " (derived)", " (assumed)");
            let _ = write!(out, "| {} | {} |", esc(&f.name), esc(&value));
            for effect in &row.effects {
                let _ = write!(
                    out,
                    " {} |",
                    if *effect == 0 { String::new() } else { format!("{effect:+}") }
                );
            }
            out.push('\n');
        }
        out.push('\n');
        for (p, profile) in pack.profiles.iter().enumerate() {
            let _ = writeln!(
                out,
                "## Evidence for and against {} ({}, score {})\n",
                esc(&profile.id),
                esc(&profile.name),
                e.scores[p]
            );
            let rules: Vec<_> = e.evidence_on(p).collect();
            if rules.is_empty() {
                let _ = writeln!(out, "No rule for or against {} fired.", esc(&profile.id));
            }
            for rule in rules {
                let _ = writeln!(
                    out,
                    "- **{:+}** `{}` {}: {}",
                    rule.effect_on(p),
                    rule.id,
                    claims_text(pack, &rule.claims),
                    esc(&rule.reason)
                );
                if let Some(note) = &rule.note {
                    let _ = writeln!(out, "  - *Note:* {}", esc(note));
                }
            }
            out.push('\n');
        }
        if e.verdict.is_some() && !self.full {
            let still = still_open(e);
            let _ = writeln!(out, "## What could still change the verdict\n");
            for (r, _) in &still.open {
                let rule = &pack.rules[*r];
                let _ = writeln!(out, "- `{}` ({})", rule.id, effects_text(pack, rule));
            }
            let _ = writeln!(out, "\n{}\n", esc(&still.verdict_line(e)));
            // The tool's own words, with numbers and a profile's id (letters,
            // digits, `-` and `_` only): its code span must stay one.
            let _ = writeln!(out, "{}\n", still.not_listed(e));
        }
        for (p, profile) in pack.profiles.iter().enumerate() {
            let missed = e.why_not(p);
            if missed.is_empty() || (e.verdict.is_some() && !self.full) {
                continue;
            }
            let _ = writeln!(out, "## Why not more for {}\n", esc(&profile.id));
            for n in missed {
                let rule = &pack.rules[n.rule];
                let state =
                    if n.truth == Truth::Unknown { "could still fire" } else { "ruled out" };
                let _ = writeln!(
                    out,
                    "- `{}` (would give {}): {state}",
                    rule.id,
                    effects_text(pack, rule)
                );
                for line in need_lines(e, &n.need) {
                    let _ = writeln!(out, "  - {}", esc(&line));
                }
            }
            out.push('\n');
        }
        let derived: Vec<_> = e.derived().collect();
        if !derived.is_empty() {
            let _ = writeln!(out, "## Derived facts\n");
            for (feature, d) in derived {
                let derivation = &pack.derivations[d];
                let f = &pack.features[feature];
                let value = e.value_text(feature);
                let _ = writeln!(
                    out,
                    "- **{} = {}** by `{}` because {}. {}",
                    esc(&f.name),
                    esc(&value),
                    derivation.id,
                    esc(&condition_text(pack, &derivation.when)),
                    esc(&derivation.reason)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## The smallest change that flips the verdict\n");
        let _ = writeln!(out, "{}.\n", esc(&capitalised(&flips_summary(e))));
        for flip in &e.flips().listed {
            let _ = writeln!(out, "- {}", esc(&flip_text(e, flip)));
        }
        out.push('\n');
        let questions = e.next_questions();
        if !questions.is_empty() {
            let _ = writeln!(out, "## What to ask next\n");
            for q in questions.iter().take(5) {
                let f = &pack.features[q.feature];
                let _ = writeln!(
                    out,
                    "1. **{}**: {} (swing {})",
                    esc(&f.name),
                    esc(&f.question),
                    q.swing
                );
            }
            out.push('\n');
        }
        if !e.caveats.is_empty() {
            let _ = writeln!(out, "## Where the source is oversimplified\n");
            for c in &e.caveats {
                let claim = &pack.claims[*c];
                let _ = writeln!(out, "- **{}** says: {}", claim.id, esc(&claim.text));
                if let Some(caveat) = &claim.caveat {
                    let _ = writeln!(out, "  *But:* {}", esc(caveat));
                }
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{code, esc};

    #[test]
    fn text_from_files_cannot_make_markup() {
        assert_eq!(esc("sensory_loss _x_"), "sensory\\_loss \\_x\\_");
        assert_eq!(esc("t01-weak-hand, a; b? 50% 'q' \"r\""), "t01-weak-hand, a; b? 50% 'q' \"r\"");
        assert_eq!(esc("<img src=x onerror=y>"), "\\<img src=x onerror=y\\>");
        assert_eq!(
            esc("[a](http://b.c) ![i](j)"),
            "\\[a\\]\\(http\\:\\/\\/b\\.c\\) \\!\\[i\\]\\(j\\)"
        );
        assert_eq!(esc("see www.x.org or a@b.c"), "see www\\.x\\.org or a\\@b\\.c");
        assert_eq!(esc("# h"), "\\# h");
        assert_eq!(esc("- item -"), "\\- item -");
        assert_eq!(esc("=== "), "\\=== ");
        assert_eq!(esc("12. item"), "12\\. item");
        assert_eq!(esc("a | b\nc\r\td"), "a \\| b c  d");
        assert_eq!(esc("`x` ~~y~~ &amp; \\ $m$"), "\\`x\\` \\~\\~y\\~\\~ \\&amp; \\\\ \\$m\\$");
    }

    #[test]
    fn a_code_span_cannot_be_closed_from_inside() {
        assert_eq!(code("t01"), "`t01`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code("a\nb"), "`a b`");
    }
}

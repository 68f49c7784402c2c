//! Plain text for a terminal of 80 columns, coloured when colour is on.

use std::{
    fmt::Write as _,
    sync::atomic::{AtomicUsize, Ordering},
};

use colored::{ColoredString, Colorize};

use super::{
    CAUTIONS, Render, alert_mark, claims_text, condition_text, effects_text, flip_text,
    flips_summary, sections_for, verdict_text,
};
use crate::{
    DISCLAIMER,
    cases::case_file::CaseFile,
    engine::explanation::{Explanation, NoteKind},
    engine::fact::Origin,
    engine::{Sections, ranking::main_reasons},
    pack::alert::AlertKind,
    pack::weight,
};

/// Width the text is wrapped to when it does not go to a terminal, or the
/// terminal's width is not known.
pub(crate) const WIDTH: usize = 80;

/// The width text for a person wraps to in this run: set once by the
/// configuration, as the colour is (`colored` keeps its setting the same
/// way), and read by the outputs that do not carry a `Text` of their own
/// (the quiz, case sheets, listings, `compare`, batch tables).
static RUN_WIDTH: AtomicUsize = AtomicUsize::new(WIDTH);

/// Sets [`width`] for the run; only the configuration calls it.
pub(crate) fn set_width(width: usize) {
    RUN_WIDTH.store(width, Ordering::Relaxed);
}

/// The width text wraps to in this run ([`WIDTH`] unless the configuration
/// found a terminal).
pub(crate) fn width() -> usize {
    RUN_WIDTH.load(Ordering::Relaxed)
}

/// The widest a terminal's text is wrapped: lines longer than this are
/// hard to read, however wide the window.
pub(crate) const MAX_WIDTH: usize = 100;

/// The narrowest: below it the indented sections would hardly fit a word.
pub(crate) const MIN_WIDTH: usize = 40;

/// The width to wrap to, given the terminal's width (`None` when the output
/// is not a terminal or its width is unknown).
pub(crate) fn width_for(terminal: Option<usize>) -> usize {
    terminal.map_or(WIDTH, |w| w.clamp(MIN_WIDTH, MAX_WIDTH))
}

/// The scores for a line of text, `ALS 7, MS 0`, each profile's pair kept
/// together when the line wraps, and the whole kept on one line when it is
/// short (two or three profiles).
pub(crate) fn scores_line(e: &Explanation<'_>) -> String {
    let text = super::scores_text(e);
    if text.chars().count() <= 40 {
        unbroken(&text)
    } else {
        text.split(", ").map(unbroken).collect::<Vec<_>>().join(", ")
    }
}

/// `text` with its spaces made non-breaking, so that [`wrap`] keeps it on
/// one line (a score line such as `[ALS 5, MS 3]`); [`wrap`] turns them
/// back into plain spaces.
pub(crate) fn unbroken(text: &str) -> String {
    text.replace(' ', "\u{a0}")
}

/// The text renderer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    /// Verdict, top three reasons, alerts and disclaimer only.
    pub(crate) brief: bool,
    pub(crate) width: usize,
    /// Every rule that did not fire, even in a clear case (`--full`).
    pub(crate) full: bool,
}

/// Wraps `text` to `width` columns into `out`, the first line after
/// `first` and the others indented by `rest` spaces. Colour codes do not
/// count towards the width.
pub(crate) fn wrap(out: &mut String, width: usize, first: &str, rest: usize, text: &str) {
    let indent = " ".repeat(rest);
    // Never break at hyphens: flags and rule ids must stay whole to be
    // copied or searched for.
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(&indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{}", line.trim_end().replace('\u{a0}', " "));
    }
}

fn heading(text: &str) -> ColoredString {
    text.bold().underline()
}

/// Colours for profiles, by position in the pack (never by name); the
/// compare table uses them too.
pub(crate) fn profile_color(index: usize, text: &str) -> ColoredString {
    match index % 5 {
        0 => text.cyan(),
        1 => text.magenta(),
        2 => text.yellow(),
        3 => text.green(),
        _ => text.blue(),
    }
}

mod why;

impl Text {
    fn wrap(&self, out: &mut String, first: &str, rest: usize, text: &str) {
        wrap(out, self.width, first, rest, text);
    }

    fn verdict(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        self.wrap(out, "", 0, &pack.title.bold().to_string());
        let label = match e.verdict {
            Some(p) => profile_color(p, "Verdict:").bold(),
            None => "Verdict:".bold(),
        };
        self.wrap(out, "", 2, &format!("{label} {}", verdict_text(e)));
        self.wrap(out, "", 2, &format!("{}  {}", "Scores:".bold(), scores_line(e)));
        if e.closed_world {
            out.push('\n');
            self.wrap(
                out,
                "",
                0,
                &format!(
                    "{} --unknown-as-absent is on: every yes/no feature not known was read as absent ({} of them; choices and numbers stay unknown). This is a teaching switch; in real life silence is not \"no\".",
                    "Closed world:".yellow().bold(),
                    e.assumed_absent().count()
                ),
            );
        }
    }

    /// The alerts that hold: seeking care first, then the cautions about
    /// the comparison itself.
    fn alerts(&self, e: &Explanation<'_>, out: &mut String) {
        for (kind, title) in
            [(AlertKind::Care, "Seek medical attention"), (AlertKind::Caution, CAUTIONS)]
        {
            let alerts: Vec<_> =
                e.alerts.iter().map(|a| &e.pack.alerts[*a]).filter(|a| a.kind == kind).collect();
            if alerts.is_empty() {
                continue;
            }
            let title = match kind {
                AlertKind::Care => heading(title).red(),
                AlertKind::Caution => heading(title).yellow(),
            };
            let _ = writeln!(out, "\n{title}");
            for alert in alerts {
                self.wrap(
                    out,
                    &format!("  {} ", alert_mark(alert)),
                    4,
                    &format!("{} {}", alert.advice, claims_text(e.pack, &alert.claims)),
                );
            }
        }
    }

    fn disclaimer(&self, out: &mut String) {
        out.push('\n');
        self.wrap(out, "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
    }

    fn contrast(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let contrast = e.contrast();
        out.push('\n');
        self.wrap(out, "", 2, &heading("Contrast: what each known feature did").to_string());
        if contrast.is_empty() {
            let _ = writeln!(out, "  nothing is known about this case yet");
            return;
        }
        let cell = pack.profiles.iter().map(|p| p.id.len() + 2).max().unwrap_or(0).max(6);
        let values: Vec<String> =
            contrast.iter().map(|row| e.marked_value_text(row.feature, " (d)", " (a)")).collect();
        let value_width = values.iter().map(String::len).max().unwrap_or(0).max(5);
        // One more column for the `*` of rows whose rules read other features.
        let longest = contrast
            .iter()
            .map(|r| pack.features[r.feature].name.len() + usize::from(r.shared))
            .max()
            .unwrap_or(0);
        let room = self.width.saturating_sub(4 + value_width + cell * pack.profiles.len());
        let name_width = longest.max(7).min(room.max(12));
        let mut header = format!("  {:<name_width$} {:<value_width$}", "feature", "value");
        for p in &pack.profiles {
            let _ = write!(header, "{:>cell$}", p.id);
        }
        let _ = writeln!(out, "{}", header.trim_end().dimmed());
        let mut any_shared = false;
        for (row, value) in contrast.iter().zip(&values) {
            let f = &pack.features[row.feature];
            let mut name = f.name.clone();
            let fits = name_width.saturating_sub(usize::from(row.shared));
            if name.len() > fits {
                name.truncate(fits.saturating_sub(1));
                name.push('~');
            }
            // The mark goes by the feature, not by a profile's cell.
            if row.shared {
                name.push('*');
                any_shared = true;
            }
            let mut line = format!("  {name:<name_width$} {value:<value_width$}");
            for (p, effect) in row.effects.iter().enumerate() {
                let text = if *effect == 0 { ".".to_owned() } else { format!("{effect:+}") };
                let padded = format!("{text:>cell$}");
                let _ = write!(
                    line,
                    "{}",
                    if *effect > 0 { profile_color(p, &padded) } else { padded.normal() }
                );
            }
            if !row.feeds.is_empty() {
                let feeds: Vec<&str> =
                    row.feeds.iter().map(|d| pack.features[*d].name.as_str()).collect();
                let _ = write!(line, "  -> {}", feeds.join(", "));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let mut legend = Vec::new();
        if contrast.iter().any(|r| matches!(e.facts[r.feature].origin, Origin::Derived(_))) {
            legend.push("(d) derived, see below");
        }
        if contrast.iter().any(|r| e.facts[r.feature].origin == Origin::ClosedWorld) {
            legend.push("(a) assumed absent");
        }
        if contrast.iter().any(|r| !r.feeds.is_empty()) {
            legend.push("-> feeds a derived fact");
        }
        if any_shared {
            legend.push(
                "* a rule here also reads another feature, so rows do not add up to the scores",
            );
        }
        if !legend.is_empty() {
            self.wrap(out, "  ", 2, &legend.join("; ").dimmed().to_string());
        }
    }

    fn evidence(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        for (p, profile) in pack.profiles.iter().enumerate() {
            let title = format!(
                "Evidence for and against {} ({}, score {})",
                profile.id, profile.name, e.scores[p]
            );
            out.push('\n');
            self.wrap(out, "", 2, &heading(&title).to_string());
            let rules: Vec<_> = e.evidence_on(p).collect();
            if rules.is_empty() {
                let _ = writeln!(out, "  no rule for or against {} fired", profile.id);
            }
            // A rule that moves several profiles is shown in full once,
            // under the profile it favours most, and as one line elsewhere,
            // so that each section still adds up to its score.
            for rule in rules {
                let home = home_profile(rule);
                if home == p {
                    self.rule_line(e, rule, p, out);
                } else {
                    self.wrap(
                        out,
                        &format!("  {:+} ", rule.effect_on(p)),
                        5,
                        &format!(
                            "{} ({}): shown in full under {}",
                            rule.id.bold(),
                            weight::describe(rule.effect_on(p)),
                            pack.profiles[home].id
                        ),
                    );
                }
            }
        }
        let leader = e.leader();
        let against: Vec<_> = e.evidence_against_leader().collect();
        let _ = writeln!(
            out,
            "\n{}",
            heading(&format!("Evidence against {}", pack.profiles[leader].id))
        );
        if against.is_empty() {
            let _ =
                writeln!(out, "  nothing that fired counts against {}", pack.profiles[leader].id);
        }
        // Every such rule was shown in full in a section above (the
        // leader's or another profile's); one line each is enough here.
        for rule in against {
            self.wrap(out, "  - ", 4, &format!("{} ({})", rule.id, effects_text(pack, rule)));
        }
    }

    /// The fired rules that moved one profile's score (`how`), each with its
    /// contribution, reason and caveat.
    pub(crate) fn evidence_on(&self, e: &Explanation<'_>, p: usize, out: &mut String) {
        let rules: Vec<_> = e.evidence_on(p).collect();
        if rules.is_empty() {
            let _ = writeln!(out, "  no rule for or against {} fired", e.pack.profiles[p].id);
        }
        for rule in rules {
            self.rule_line(e, rule, p, out);
        }
    }

    fn rule_line(
        &self,
        e: &Explanation<'_>,
        rule: &crate::pack::rule::Rule,
        profile: usize,
        out: &mut String,
    ) {
        let pack = e.pack;
        let w = rule.effect_on(profile);
        let first = format!("  {w:+} ");
        let strength = weight::describe(w);
        self.wrap(
            out,
            &first,
            5,
            &format!("{} ({strength}) {}", rule.id.bold(), claims_text(pack, &rule.claims)),
        );
        self.wrap(out, "     ", 5, &rule.reason);
        let caveats = pack.caveated(rule.claims.iter().copied());
        if !caveats.is_empty() {
            let ids: Vec<&str> = caveats.iter().map(|c| pack.claims[*c].id.as_str()).collect();
            self.wrap(
                out,
                "     ",
                5,
                &format!(
                    "{} the source is oversimplified here, see {}",
                    "caveat:".yellow(),
                    ids.join(", ")
                ),
            );
        }
        // A rule's note travels with it, wherever it is shown as fired.
        if let Some(note) = &rule.note {
            self.wrap(out, "     ", 5, &format!("{} {note}", "note:".cyan()));
        }
    }

    fn derived(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let derived: Vec<_> = e.derived().collect();
        if derived.is_empty() && e.derivation_notes.is_empty() {
            return;
        }
        out.push('\n');
        self.wrap(out, "", 2, &heading("Derived facts").to_string());
        for (feature, d) in derived {
            self.derived_fact(e, feature, d, out);
        }
        for note in &e.derivation_notes {
            let d = &pack.derivations[note.derivation];
            let f = &pack.features[d.feature];
            let text = match note.kind {
                NoteKind::AgreesWithEntered => format!(
                    "{} = {} was entered; {} concludes the same",
                    f.name,
                    d.value.display(f),
                    d.id
                ),
                NoteKind::OverriddenByEntered { entered } => format!(
                    "{} = {} was entered and is used, although {} would conclude {}",
                    f.name,
                    entered.display(f),
                    d.id,
                    d.value.display(f)
                ),
                NoteKind::OverriddenByEarlier { earlier } => format!(
                    "{} would conclude {} = {}, but {} concluded it first",
                    d.id,
                    f.name,
                    d.value.display(f),
                    pack.derivations[earlier].id
                ),
            };
            self.wrap(out, "  note: ", 8, &text);
        }
    }

    /// One derived fact: its value, the derivation, its condition and
    /// reason.
    pub(crate) fn derived_fact(
        &self,
        e: &Explanation<'_>,
        feature: usize,
        d: usize,
        out: &mut String,
    ) {
        let pack = e.pack;
        let derivation = &pack.derivations[d];
        let f = &pack.features[feature];
        let value = e.value_text(feature);
        self.wrap(
            out,
            "  ",
            4,
            &format!(
                "{} = {value}, by {} {}",
                f.name.bold(),
                derivation.id,
                claims_text(pack, &derivation.claims)
            ),
        );
        self.wrap(out, "    ", 4, &format!("because {}", condition_text(pack, &derivation.when)));
        self.wrap(out, "    ", 4, &derivation.reason);
    }

    fn next(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let questions = e.next_questions();
        out.push('\n');
        self.wrap(out, "", 2, &heading("What to ask next").to_string());
        if questions.is_empty() {
            let _ = writeln!(out, "  no unknown feature would change the scores");
            return;
        }
        let leader = e.leader();
        for (i, q) in questions.iter().take(5).enumerate() {
            let f = &pack.features[q.feature];
            self.wrap(
                out,
                &format!("  {}. ", i + 1),
                5,
                &format!("{}: {}", f.name.bold(), f.question),
            );
            let answers: Vec<String> =
                q.outcomes.iter().map(|o| super::outcome_text(e, leader, f, o)).collect();
            // One answer a line: what it does to the scores, then plainly
            // what the verdict would be.
            for answer in answers {
                self.wrap(out, "     - ", 7, &answer);
            }
        }
        if questions.len() > 5 {
            let _ = writeln!(
                out,
                "  ... and {} more (the JSON form lists them all)",
                questions.len() - 5
            );
        }
    }

    fn caveats(&self, e: &Explanation<'_>, out: &mut String) {
        if e.caveats.is_empty() {
            return;
        }
        out.push('\n');
        self.wrap(out, "", 2, &heading("Where the source is oversimplified").to_string());
        for c in &e.caveats {
            let claim = &e.pack.claims[*c];
            self.wrap(out, "  ", 4, &format!("{} says: {}", claim.id.bold(), claim.text));
            if let Some(caveat) = &claim.caveat {
                self.wrap(out, "    ", 4, &format!("{} {caveat}", "but:".yellow()));
            }
        }
    }
}

impl Render for Text {
    fn sections(&self) -> Sections {
        // Brief text keeps one line of the flip search.
        let flips = Sections { flips: true, ..Sections::NONE };
        if self.brief { flips } else { sections_for(false) }
    }

    fn render_case(&self, case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
        super::case_sheet::case_header(case, out);
        self.body(e, out);
        super::case_sheet::case_footer(case, e, out);
        self.disclaimer(out);
    }

    fn render(&self, e: &Explanation<'_>, out: &mut String) {
        self.body(e, out);
        self.disclaimer(out);
    }
}

impl Text {
    /// Everything but the disclaimer, which ends every text.
    fn body(&self, e: &Explanation<'_>, out: &mut String) {
        self.verdict(e, out);
        if self.brief {
            let top = main_reasons(e, 3);
            if !top.is_empty() {
                out.push('\n');
                self.wrap(out, "", 2, &heading("Main reasons").to_string());
            }
            for rule in top {
                self.wrap(
                    out,
                    "  - ",
                    4,
                    // The effects first, so a reason that counts against
                    // the verdict reads as such.
                    &format!(
                        "{}: {} {}",
                        effects_text(e.pack, rule),
                        rule.reason,
                        claims_text(e.pack, &rule.claims)
                    ),
                );
                // A caveat travels with the claim it qualifies, and a note
                // with its rule, even here.
                for c in e.pack.caveated(rule.claims.iter().copied()) {
                    let claim = &e.pack.claims[c];
                    if let Some(caveat) = &claim.caveat {
                        self.wrap(
                            out,
                            "    ",
                            4,
                            &format!("{} ({}): {caveat}", "caveat".yellow(), claim.id),
                        );
                    }
                }
                if let Some(note) = &rule.note {
                    self.wrap(out, "    ", 4, &format!("{} {note}", "note:".cyan()));
                }
            }
            // One line: how many changes would flip it, and the first way.
            let flips = e.flips();
            let first = flips.listed.first().map(|f| format!("; for example {}", flip_text(e, f)));
            out.push('\n');
            self.wrap(
                out,
                "",
                2,
                &format!("{} {}{}.", "Flip:".bold(), flips_summary(e), first.unwrap_or_default()),
            );
            self.alerts(e, out);
            return;
        }
        self.contrast(e, out);
        self.evidence(e, out);
        self.why_not(e, out);
        self.flips(e, out);
        self.derived(e, out);
        self.next(e, out);
        self.caveats(e, out);
        self.alerts(e, out);
    }
}

/// The profile a rule is shown in full under: the one it favours most, or,
/// for a rule that only counts against, the one it counts against most.
fn home_profile(rule: &crate::pack::rule::Rule) -> usize {
    let best = rule.effects.iter().max_by_key(|(p, w)| (*w, std::cmp::Reverse(*p)));
    match best {
        Some((p, w)) if *w > 0 => *p,
        _ => rule.effects.iter().min_by_key(|(p, w)| (*w, *p)).map_or(0, |(p, _)| *p),
    }
}

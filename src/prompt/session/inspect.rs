//! Looking at the case without changing it: `explain`, `how` a profile
//! stands, `whynot` (the rules that did not fire) and `whatif`.

use std::fmt::Write as _;

use super::{Mistake, Session};
use crate::{
    engine::{Sections, fact::Origin},
    pack::feature::FeatureId,
    pack::profile::ProfileId,
    pack::suggest::did_you_mean,
    prompt::command::Style,
    prompt::token::Token,
    render::diagnostic::replace_controls,
    render::{self, Render, text::Text, verdict_text},
};

impl Session<'_> {
    pub(super) fn explain(&self, style: Style, out: &mut String) {
        let renderer: Box<dyn Render> = match style {
            Style::Full => Box::new(self.text),
            Style::Brief => Box::new(Text { brief: true, ..self.text }),
            Style::Json => Box::new(render::json::Json { brief: false }),
            Style::Markdown => Box::new(render::markdown::Markdown { brief: false, full: false }),
        };
        self.render(renderer.as_ref(), out);
    }

    /// The current case as `renderer` renders it, for `explain` and
    /// `explain html`.
    pub(super) fn render(&self, renderer: &dyn Render, out: &mut String) {
        let e = self.evaluate_with(&self.case, renderer.sections());
        // After `load`, the case's id, title, description, expected verdict
        // and teaching points, as `neurotriage explain FILE` shows them.
        match self.loaded() {
            Some(case) => renderer.render_case(&case, &e, out),
            None => renderer.render(&e, out),
        }
    }

    /// `flip`: the smallest change of the findings that flips the verdict.
    pub(super) fn flip(&self, out: &mut String) {
        let e = self.evaluate_with(&self.case, Sections { flips: true, ..Sections::NONE });
        self.wrap(out, "", 2, &format!("Now: {}.", verdict_text(&e)));
        self.wrap(out, "", 2, &format!("{}.", render::capitalised(&render::flips_summary(&e))));
        let flips = e.flips();
        for flip in &flips.listed {
            self.wrap(out, "  - ", 4, &render::flip_text(&e, flip));
        }
        if flips.found > flips.listed.len() {
            let _ = writeln!(out, "  ... and {} more", flips.found - flips.listed.len());
        }
    }

    fn profile(&self, token: &Token) -> Result<ProfileId, Mistake> {
        self.pack.profile_by_id(&token.text).ok_or_else(|| {
            let ids: Vec<&str> = self.pack.profiles.iter().map(|p| p.id.as_str()).collect();
            let help = did_you_mean(&token.text, ids.iter().copied())
                .unwrap_or_else(|| format!("the profiles are `{}`", ids.join("`, `")));
            Mistake::new(
                format!("unknown profile `{}`", token.text),
                Some(token.span.clone()),
                Some(help),
            )
        })
    }

    pub(super) fn how(&self, token: &Token, out: &mut String) -> Result<(), Mistake> {
        let p = self.profile(token)?;
        let pack = self.pack;
        let e = self.evaluate(&self.case);
        let profile = &pack.profiles[p];
        let _ = writeln!(out, "How {} ({}) stands at {}:", profile.id, profile.name, e.scores[p]);
        self.text.evidence_on(&e, p, out);
        let rules: Vec<_> = e.evidence_on(p).collect();
        if !rules.is_empty() {
            let parts: Vec<String> =
                rules.iter().map(|r| format!("{:+}", r.effect_on(p))).collect();
            let _ = writeln!(out, "  = {} = {}", parts.join(" "), e.scores[p]);
        }
        // The derived facts these rules read, and those they rest on in
        // turn, in pack order.
        let mut chain = std::collections::BTreeSet::new();
        let mut todo: Vec<FeatureId> = e
            .fired
            .iter()
            .filter(|r| pack.rules[**r].effect_on(p) != 0)
            .flat_map(|r| pack.rule_reads(*r).iter().copied())
            .collect();
        while let Some(feature) = todo.pop() {
            if let Origin::Derived(d) = e.facts[feature].origin
                && chain.insert(feature)
            {
                todo.extend(pack.derivation_reads(d).iter().copied());
            }
        }
        if !chain.is_empty() {
            let _ = writeln!(out, "Derived facts these rules read:");
            for feature in chain {
                if let Origin::Derived(d) = e.facts[feature].origin {
                    self.text.derived_fact(&e, feature, d, out);
                }
            }
        }
        self.wrap(out, "", 0, &verdict_text(&e));
        Ok(())
    }

    pub(super) fn why_not(&self, token: &Token, out: &mut String) -> Result<(), Mistake> {
        let p = self.profile(token)?;
        let not_fired = Sections { not_fired: true, ..Sections::NONE };
        let e = self.evaluate_with(&self.case, not_fired);
        let profile = &self.pack.profiles[p];
        let _ = writeln!(
            out,
            "Rules for {} ({}) that did not fire (score now {}):",
            profile.id, profile.name, e.scores[p]
        );
        self.text.why_not_for(&e, p, out);
        Ok(())
    }

    pub(super) fn what_if(
        &self,
        line: &str,
        tokens: &[Token],
        out: &mut String,
    ) -> Result<(), Mistake> {
        let extra = self.parse_features(tokens, false)?;
        let mut case = self.case.clone();
        for (feature, entry) in extra.iter() {
            case.replace(feature, entry);
        }
        let before = self.evaluate(&self.case);
        let after = self.evaluate(&case);
        // The features as typed, quotes and all, so they can be copied.
        let typed = match (tokens.first(), tokens.last()) {
            (Some(first), Some(last)) => line.get(first.span.start..last.span.end).unwrap_or(""),
            _ => "",
        };
        self.wrap(
            out,
            "",
            2,
            &format!("What if {}? (the case itself does not change)", replace_controls(typed)),
        );
        self.wrap(
            out,
            "  now:  ",
            8,
            &format!("{}  [{}]", verdict_text(&before), crate::render::text::scores_line(&before)),
        );
        self.wrap(
            out,
            "  then: ",
            8,
            &format!("{}  [{}]", verdict_text(&after), crate::render::text::scores_line(&after)),
        );
        let changes = self.changes(&before, &after);
        if changes.is_empty() {
            let _ = writeln!(out, "   no rule would change");
        }
        for change in changes {
            self.wrap(out, "   ", 5, &change);
        }
        Ok(())
    }
}

//! `help` at the quiz: how to answer, with an example from this stage, and
//! the other words.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    quiz::answer::{COMMANDS, Context},
    quiz::record::UNDECIDED,
    render::text::{width, wrap},
};

pub(crate) fn help(context: &Context<'_>, out: &mut String) {
    let pack = context.pack;
    let ids: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
    let w = |out: &mut String, first: &str, rest: usize, text: &str| {
        wrap(out, width(), first, rest, text);
    };
    let _ = writeln!(out, "{}", "How to answer".bold());
    w(out, "  ", 2, "LEANING CONFIDENCE [FINDING, FINDING, ...]");
    w(
        out,
        "  ",
        2,
        &format!(
            "LEANING is a profile ({}) or `{UNDECIDED}`; CONFIDENCE is `low`, `medium` or `high`; the FINDINGS are those that matter most to you, by name or synonym, among those known at this stage. A word may be cut short while it stays unambiguous (`u` for `{UNDECIDED}`, `l`, `m`, `h`); letter case does not matter; a finding of several words needs no quotes; commas between findings are optional.",
            ids.join(", ")
        ),
    );
    w(out, "  ", 2, &format!("For example: `{}`, or `{UNDECIDED} low`.", context.example()));
    let _ = writeln!(out, "{}", "Other words".bold());
    for (name, _, what) in COMMANDS {
        w(out, "  ", 12, &format!("{name:<10}{what}"));
    }
}

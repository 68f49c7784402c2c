//! `help`: every command, or one command (or interview answer) in full.

use std::fmt::Write as _;

use colored::Colorize;

use super::{Mistake, Session};
use crate::{
    pack::name::normalize,
    prompt::command::{self, COMMANDS},
    prompt::interview,
    prompt::token::Token,
};

/// The column of usages in the list of commands.
const USAGE_WIDTH: usize = 30;

impl Session<'_> {
    pub(super) fn help(&self, topic: Option<&Token>, out: &mut String) -> Result<(), Mistake> {
        let Some(topic) = topic else {
            let _ = writeln!(out, "Commands:");
            for info in &COMMANDS {
                // A usage too long for its column gets a line of its own,
                // rather than running into its summary.
                if info.usage.len() < USAGE_WIDTH {
                    let first = format!("  {:<USAGE_WIDTH$}", info.usage);
                    self.wrap(out, &first, USAGE_WIDTH + 2, info.summary);
                } else {
                    let _ = writeln!(out, "  {}", info.usage);
                    let first = " ".repeat(USAGE_WIDTH + 2);
                    self.wrap(out, &first, USAGE_WIDTH + 2, info.summary);
                }
            }
            self.wrap(
                out,
                "",
                0,
                "`help COMMAND` says more about one. Lines starting with # are comments. Ctrl-C clears the line; Ctrl-D leaves.",
            );
            return Ok(());
        };
        let keyword = normalize(&topic.text);
        let answer = interview::KEYWORDS.contains(&keyword.as_str())
            || ["yes", "no"].contains(&keyword.as_str());
        let info = if answer {
            let _ = writeln!(out, "`{keyword}` is an answer during a guided interview, see `ask`:");
            command::find("ask")
        } else {
            command::find(&topic.text)
        };
        let info = info.ok_or_else(|| {
            let help = command::closest_command(&topic.text).map_or_else(
                || "`help` lists the commands".to_owned(),
                |c| format!("did you mean `{c}`?"),
            );
            Mistake::new(
                format!("unknown command `{}`", topic.text),
                Some(topic.span.clone()),
                Some(help),
            )
        })?;
        let _ = writeln!(out, "{}", info.usage.bold());
        self.wrap(out, "  ", 2, &command::fill(info.details, self.pack));
        if !info.aliases.is_empty() {
            let _ = writeln!(out, "  Also: {}", info.aliases.join(", "));
        }
        let _ = writeln!(out, "  Example: {}", command::fill(info.example, self.pack));
        Ok(())
    }
}

//! Text generated from the command-line definition in [`crate::cli::args`]:
//! shell completion scripts (`clap_complete`) and the manual page
//! (`clap_mangen`), so that neither can fall out of step with the options.

use clap::CommandFactory;

use crate::cli::args::Cli;

/// The main help text, as `--help` prints it, for a bare `neurotriage`
/// that is not at a terminal.
pub(crate) fn help() -> String {
    Cli::command().render_help().to_string()
}

/// The completion script for a shell.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "neurotriage", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page, in roff: the main page with its examples, a section
/// for each subcommand (its synopsis, options and examples; `rules check`
/// and `rules list` too), the exit statuses, the environment, and the
/// disclaimer.
pub(crate) fn man_page() -> std::io::Result<String> {
    let command = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut list = Vec::new();
    man.render_subcommands_section(&mut list)?;
    // clap_mangen points to one page per subcommand; they are sections of
    // this page instead.
    let mut list = String::from_utf8_lossy(&list).into_owned();
    let names = command.get_subcommands().map(clap::Command::get_name).chain(["help"]);
    for name in names {
        list = list.replace(
            &format!("neurotriage\\-{}(1)", name.replace('-', "\\-")),
            &format!("\\fBneurotriage {name}\\fR"),
        );
    }
    out.extend_from_slice(list.as_bytes());
    out.extend_from_slice(b".SH EXAMPLES\n");
    // The heading says it already.
    out.extend_from_slice(examples(&command).replacen(".nf\nExamples:\n", ".nf\n", 1).as_bytes());
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        section(&mut out, &["neurotriage", sub.get_name()], sub)?;
        for nested in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            section(&mut out, &["neurotriage", sub.get_name(), nested.get_name()], nested)?;
        }
    }
    out.extend_from_slice(EXIT_AND_ENVIRONMENT.as_bytes());
    man.render_version_section(&mut out)?;
    out.extend_from_slice(b".SH DISCLAIMER\n");
    out.extend_from_slice(roff_text(crate::DISCLAIMER).as_bytes());
    out.push(b'\n');
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The sections every man page is expected to have, kept in step with
/// `error::exit` and the README by `tests/shell.rs`.
const EXIT_AND_ENVIRONMENT: &str = r".SH EXIT STATUS
.TP
0
Success, also for \fB\-\-help\fR and for \fBrules check\fR with warnings only.
.TP
1
Some cases of a batch failed (or, with \fB\-\-fail\-on\-disagreement\fR, a verdict differed from the expected one), or some lines of a prompt script failed.
.TP
2
A usage error, or a rule pack with errors.
.SH ENVIRONMENT
.TP
NEUROTRIAGE_RULES
A rule pack folder to use instead of the built-in one; \fB\-\-rules\fR and \fB\-\-pack\fR override it; empty counts as unset.
.TP
NEUROTRIAGE_HISTORY
The prompt's history file; empty keeps no history. By default \fI$XDG_DATA_HOME/neurotriage/history\fR (XDG_DATA_HOME defaults to \fI~/.local/share\fR).
.TP
NO_COLOR
Set and not empty: no colour.
.TP
CLICOLOR_FORCE
Set, not empty and not 0: colour even in a pipe (unless NO_COLOR is set).
.TP
TERM
\fBdumb\fR: no colour.
";

/// One subcommand's section: its synopsis, options and examples.
fn section(out: &mut Vec<u8>, path: &[&str], command: &clap::Command) -> std::io::Result<()> {
    let page = clap_mangen::Man::new(command.clone());
    let mut text = Vec::new();
    page.render_synopsis_section(&mut text)?;
    page.render_options_section(&mut text)?;
    // Each subcommand's synopsis and options under its own heading.
    out.extend_from_slice(format!(".SH \"{}\"\n", path.join(" ").to_uppercase()).as_bytes());
    let text =
        String::from_utf8_lossy(&text).replace(".SH SYNOPSIS\n", "").replace(".SH OPTIONS\n", "");
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(examples(command).as_bytes());
    Ok(())
}

/// A command's text after its options (its examples), as written: not
/// filled or hyphenated, so that commands read as typed.
fn examples(command: &clap::Command) -> String {
    let Some(text) = command.get_after_long_help().or_else(|| command.get_after_help()) else {
        return String::new();
    };
    let mut out = String::from(".PP\n.nf\n");
    for line in text.to_string().lines() {
        out.push_str(&roff_text(line).replace('-', "\\-"));
        out.push('\n');
    }
    out.push_str(".fi\n");
    out
}

/// Plain text as a roff paragraph: a leading `.` or `'` would be read as a
/// request, and a backslash starts an escape.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}

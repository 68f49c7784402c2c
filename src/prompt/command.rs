//! The commands of the prompt: what each is called, what it takes, and how
//! a typed line becomes one. A line whose first word is not a command is a
//! list of features (`age=62 fasciculations`).

use std::ops::Range;

use crate::{
    pack::Pack,
    pack::feature::FeatureKind,
    pack::suggest::closest,
    prompt::token::{Token, join_feature_words},
};

/// One typed command, its words already split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Features to record: `age=62 fasciculations`, or `set age=62`.
    Set(Vec<Token>),
    Unset(Vec<Token>),
    Case,
    Explain(Style),
    Features,
    Reset,
    /// `ask`, or `ask on` (`past_clear`): an interview that goes on after
    /// the margin becomes clear.
    Ask {
        past_clear: bool,
    },
    Undo,
    How(Token),
    WhyNot(Token),
    WhatIf(Vec<Token>),
    Flip,
    Save {
        path: Token,
        force: bool,
    },
    /// The explanation as a web page written to a file: `explain html
    /// FILE`, `save html FILE`, or `save FILE.html`.
    Page {
        path: Token,
        force: bool,
        brief: bool,
        /// The command as typed before the file, in lower case (`explain
        /// html`, `save html brief`, `save`), for the hint to replace it.
        typed: String,
    },
    Load(Token),
    Help(Option<Token>),
    Quit,
}

/// How `explain` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Full,
    Brief,
    Json,
    Markdown,
}

/// A command typed wrongly: what, where in the line, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommandError {
    pub(crate) message: String,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) help: Option<String>,
}

/// What `help` says about a command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommandInfo {
    pub(crate) name: &'static str,
    /// Other names for it.
    pub(crate) aliases: &'static [&'static str],
    pub(crate) usage: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) details: &'static str,
    pub(crate) example: &'static str,
}

/// Every command, in the order `help` lists them.
pub(crate) const COMMANDS: [CommandInfo; 16] = [
    CommandInfo {
        name: "set",
        aliases: &[],
        usage: "[set] FEATURE...",
        summary: "record features; `set` may be left out",
        details: "Features are written as for `neurotriage explain`: `NAME=VALUE` for a number or a choice, a yes/no feature's name alone for present, `no-NAME` or `NAME=no` for absent, `NAME=unknown` for explicitly unknown, and a choice word alone when only one feature has it. Synonyms work too (`features` lists them all); words that together make a name or synonym are read as one, so quotes are not needed (`pins and needles`, `no muscle weakness`). A feature given again replaces its earlier value. After every change one status line shows the verdict and margin, followed by what changed and why. Write `set` first only when a feature has the name of a command.",
        example: "{features}",
    },
    CommandInfo {
        name: "unset",
        aliases: &[],
        usage: "unset FEATURE...",
        summary: "forget features, making them unknown again",
        details: "Removes what was entered for each feature. A derived feature cannot be unset; unset what it was derived from.",
        example: "unset {feature}",
    },
    CommandInfo {
        name: "case",
        aliases: &["show"],
        usage: "case",
        summary: "show the features entered and those derived from them",
        details: "Lists the features entered (with those stated unknown), then the features that derivations concluded from them, with the derivation and its condition.",
        example: "case",
    },
    CommandInfo {
        name: "explain",
        aliases: &[],
        usage: "explain [brief|json|markdown|html FILE]",
        summary: "the whole explanation, as `neurotriage explain` prints it",
        details: "Prints the explanation of the current case with the same renderer as `neurotriage explain`: verdict, contrast, evidence for and against each profile, why not more, derived facts, what to ask next, caveats, alerts and the disclaimer. `brief`, `json` and `markdown` choose another form. `explain html FILE` writes it to FILE as a web page to open in a browser, the page of `neurotriage explain --format html` (`explain html brief FILE` the short one); an existing file is only replaced with `--force`.",
        example: "explain html lesson.html",
    },
    CommandInfo {
        name: "features",
        aliases: &[],
        usage: "features",
        summary: "list the features a case can state",
        details: "Lists every feature of the rule pack with its type, values, synonyms and question, as `neurotriage features` does.",
        example: "features",
    },
    CommandInfo {
        name: "reset",
        aliases: &[],
        usage: "reset",
        summary: "start again with an empty case",
        details: "Forgets every feature, and the id, description and expected verdict of a loaded case, and stops an interview. `undo` brings them back.",
        example: "reset",
    },
    CommandInfo {
        name: "undo",
        aliases: &[],
        usage: "undo",
        summary: "take back the last change to the case",
        details: "Takes back the last line that changed the case (features set or unset, an interview answer, `reset`, `load`), restoring the case as it was before, with a loaded case's id, description and expected verdict, and an interview as it stood then; then shows the verdict and what changed, as after any change. Each `undo` goes one change further back, up to the last {undo_limit} changes. Lines that only look (`case`, `explain`, `whatif`, ...) are not changes.",
        example: "undo",
    },
    CommandInfo {
        name: "ask",
        aliases: &["interview"],
        usage: "ask [on]",
        summary: "guided interview: the most useful question first",
        details: "Asks about the unknown feature whose answer could move the margin most (the ranking of \"what to ask next\"), records the answer and asks again, until the margin is clear, no question could change the scores, or you type `stop`. When the margin is clear (before or during the interview), it names the questions whose answer could still reverse the verdict or weaken it to no clear difference, so that stopping there is your decision. `ask on` (or `ask all`) goes on asking past a clear margin, every question that could still move the margin, until none is left or you type `stop`; typed during an interview, it lets that one go on. Answer `yes`, `no`, a number, a choice, `unknown` (recorded as stated unknown) or `skip` (not asked again in this interview). `why` explains why the question is asked: the rules it could fire and how each answer would move the margin. Other commands work during the interview too.",
        example: "ask on",
    },
    CommandInfo {
        name: "how",
        aliases: &[],
        usage: "how PROFILE",
        summary: "how a profile's score was reached",
        details: "Lists the fired rules that count for or against the profile, each with its contribution, so that they add up to its score; then the chain of derived facts those rules read.",
        example: "how {profile}",
    },
    CommandInfo {
        name: "whynot",
        aliases: &["why-not", "why_not"],
        usage: "whynot PROFILE",
        summary: "the rules for a profile that did not fire, and why",
        details: "Lists the rules that would count for the profile and did not fire, each with the part of its condition that failed: a feature that is absent (ruled out) or unknown (could still fire). `why not PROFILE` works too.",
        example: "whynot {profile}",
    },
    CommandInfo {
        name: "whatif",
        aliases: &["what-if", "what_if"],
        usage: "whatif FEATURE...",
        summary: "how verdict and margin would change, without changing the case",
        details: "Evaluates the case with these features added or replaced and shows the verdict and margin before and after, with the rules that would change. The case itself stays as it is. `what if FEATURE...` works too.",
        example: "whatif {assignment}",
    },
    CommandInfo {
        name: "flip",
        aliases: &[],
        usage: "flip",
        summary: "the smallest change of the findings that flips the verdict",
        details: "Searches for the fewest changes (answering an unknown feature, or changing an entered value) that change the verdict: to another profile, or between clear and no clear difference. It tries one change, then two, then three, and lists the first few ways found with the smallest number; the case itself stays as it is. `whatif` tries one of them.",
        example: "flip",
    },
    CommandInfo {
        name: "save",
        aliases: &[],
        usage: "save [html] FILE [--force]",
        summary: "write the case to a YAML case file, or its page",
        details: "Writes the entered features as a case file (`id`, then `description`, `expected` and `rationale` when a loaded case has them, and `features`), the format `load` and batch runs read. The id is that of the loaded case, or else the file's name without its extension. `save html FILE`, or a FILE ending in `.html` or `.htm`, writes the explanation as a web page instead, as `explain html FILE` does (`save html brief FILE` the short one). An existing file is only replaced with `--force`; a file name with spaces is written in quotes or with `\\` before each space.",
        example: "save case.yaml",
    },
    CommandInfo {
        name: "load",
        aliases: &["open"],
        usage: "load FILE",
        summary: "replace the case with one read from a case file",
        details: "Reads a YAML case file (`id`, optional `description`, `features`, optional `expected`) and makes it the current case. A mistake in the file is reported with its line and column, and the current case is then kept.",
        example: "load case.yaml",
    },
    CommandInfo {
        name: "help",
        aliases: &[],
        usage: "help [COMMAND]",
        summary: "list the commands, or explain one",
        details: "Without a command, lists them all; with one, shows its usage, what it does and an example.",
        example: "help ask",
    },
    CommandInfo {
        name: "quit",
        aliases: &["exit", "q"],
        usage: "quit",
        summary: "leave (Ctrl-D does too)",
        details: "Leaves the prompt. Ctrl-C clears the line being typed; Ctrl-D on an empty line leaves.",
        example: "quit",
    },
];

/// A help text with its placeholders filled from the pack, so that every
/// example names the pack's own features and profiles: `{features}` (a
/// few features), `{feature}` (one yes/no feature), `{assignment}` (that
/// feature `=yes`), `{profile}` (the last profile); and `{undo_limit}`,
/// which is the session's.
pub(crate) fn fill(text: &str, pack: &Pack) -> String {
    let feature = pack
        .features
        .iter()
        .find(|f| matches!(f.kind, FeatureKind::YesNo))
        .or(pack.features.first())
        .map_or("FEATURE", |f| f.name.as_str());
    let profile = pack.profiles.last().map_or("PROFILE", |p| p.id.as_str());
    text.replace("{features}", &pack.example())
        .replace("{feature}", feature)
        .replace("{assignment}", &format!("{feature}=yes"))
        .replace("{profile}", profile)
        .replace("{undo_limit}", &crate::prompt::session::UNDO_LIMIT.to_string())
}

/// The command called `word` (by name or alias, in any letter case).
pub(crate) fn find(word: &str) -> Option<&'static CommandInfo> {
    let word = word.to_ascii_lowercase();
    COMMANDS.iter().find(|c| c.name == word || c.aliases.contains(&word.as_str()))
}

/// The command closest to a mistyped word, if one is close.
pub(crate) fn closest_command(word: &str) -> Option<&'static str> {
    closest(word, COMMANDS.iter().map(|c| c.name))
}

/// Two-word forms of commands, as people say them: `what if` and `why not`.
const TWO_WORD_COMMANDS: [(&str, &str, &str); 2] =
    [("what", "if", "whatif"), ("why", "not", "whynot")];

/// A line's words as commands and features read them: a two-word command
/// (`what if`, `why not`, also after `help`) becomes its one-word name
/// (spanning both words, for carets), and where features are expected (a
/// line of bare features, or after `set`, `unset`, `whatif`) words that
/// together make a feature's name or synonym become one
/// ([`join_feature_words`]). Other commands' words (a file name, a profile)
/// are left as typed.
pub(crate) fn words(mut tokens: Vec<Token>, pack: &Pack) -> Vec<Token> {
    // `help what if` asks about `whatif`.
    let at = usize::from(tokens.first().is_some_and(|t| t.text.eq_ignore_ascii_case("help")));
    if let [first, second, ..] = &tokens[at.min(tokens.len())..]
        && let Some((_, _, name)) = TWO_WORD_COMMANDS.iter().find(|(a, b, _)| {
            first.text.eq_ignore_ascii_case(a) && second.text.eq_ignore_ascii_case(b)
        })
    {
        let merged = Token { text: (*name).to_owned(), span: first.span.start..second.span.end };
        tokens.splice(at..at + 2, [merged]);
    }
    match tokens.first().map(|t| find(&t.text).map(|c| c.name)) {
        Some(None) => join_feature_words(pack, &tokens),
        Some(Some("set" | "unset" | "whatif")) => {
            let mut joined = vec![tokens[0].clone()];
            joined.extend(join_feature_words(pack, &tokens[1..]));
            joined
        }
        _ => tokens,
    }
}

/// Reads a line's words as a command. An empty line is `None`. The pack
/// supplies the examples in messages.
pub(crate) fn parse(tokens: Vec<Token>, pack: &Pack) -> Result<Option<Command>, CommandError> {
    let Some(first) = tokens.first() else { return Ok(None) };
    let Some(info) = find(&first.text) else { return Ok(Some(Command::Set(tokens))) };
    let first_span = first.span.clone();
    let mut rest: Vec<Token> = tokens.into_iter().skip(1).collect();
    let usage = || Some(format!("usage: `{}`", info.usage));
    let needs = |what: &str| CommandError {
        message: format!("`{}` needs {what}", info.name),
        span: Some(first_span.clone()),
        help: Some(format!("usage: `{}`, for example `{}`", info.usage, fill(info.example, pack))),
    };
    let no_more = |rest: &[Token]| match rest.first() {
        Some(extra) => Err(CommandError {
            message: format!("`{}` takes no `{}`", info.name, extra.text),
            span: Some(extra.span.start..rest.last().map_or(extra.span.end, |t| t.span.end)),
            help: usage(),
        }),
        None => Ok(()),
    };
    let one = |mut rest: Vec<Token>, what: &str| -> Result<Token, CommandError> {
        if rest.len() > 1 {
            return Err(CommandError {
                message: format!("`{}` takes one {what}", info.name),
                span: Some(rest[1].span.start..rest[rest.len() - 1].span.end),
                help: usage(),
            });
        }
        rest.pop().ok_or_else(|| needs(&format!("a {what}")))
    };
    let command = match info.name {
        "set" | "unset" | "whatif" if rest.is_empty() => {
            return Err(needs("at least one feature"));
        }
        "set" => Command::Set(rest),
        "unset" => Command::Unset(rest),
        "whatif" => Command::WhatIf(rest),
        "how" => Command::How(one(rest, "profile")?),
        "whynot" => Command::WhyNot(one(rest, "profile")?),
        "load" => Command::Load(one(rest, "file")?),
        "ask" => match &rest[..] {
            [] => Command::Ask { past_clear: false },
            [word] if ["on", "all"].contains(&word.text.to_ascii_lowercase().as_str()) => {
                Command::Ask { past_clear: true }
            }
            [word, ..] => {
                return Err(CommandError {
                    message: format!("`ask` takes no `{}`", word.text),
                    span: Some(word.span.start..rest[rest.len() - 1].span.end),
                    help: Some("write `ask`, or `ask on` to go on past a clear margin".into()),
                });
            }
        },
        "help" => {
            if rest.is_empty() {
                Command::Help(None)
            } else {
                Command::Help(Some(one(rest, "command")?))
            }
        }
        "save" => {
            let force = take_force(&mut rest);
            if rest.first().is_some_and(|t| is_html_word(&t.text)) {
                let html = rest.remove(0);
                return page("save", first_span.start..html.span.end, rest, force).map(Some);
            }
            let path = one(rest, "file")?;
            // The extension picks the format, as a batch's output does.
            if is_page_name(&path.text) {
                Command::Page { path, force, brief: false, typed: "save".into() }
            } else {
                Command::Save { path, force }
            }
        }
        "explain" if rest.iter().find(|t| !is_force(t)).is_some_and(|t| is_html_word(&t.text)) => {
            let force = take_force(&mut rest);
            let html = rest.remove(0);
            return page("explain", first_span.start..html.span.end, rest, force).map(Some);
        }
        "explain" => {
            let style = match rest.first().map(|t| t.text.to_ascii_lowercase()) {
                None => Style::Full,
                Some(word) => match word.trim_start_matches('-') {
                    "brief" => Style::Brief,
                    "json" => Style::Json,
                    "markdown" | "md" => Style::Markdown,
                    "full" | "text" => Style::Full,
                    other => {
                        let help = closest(other, ["brief", "json", "markdown", "html"])
                            .map_or_else(usage, |w| Some(format!("did you mean `{w}`?")));
                        return Err(CommandError {
                            message: format!("`explain` has no form `{}`", rest[0].text),
                            span: Some(rest[0].span.clone()),
                            help,
                        });
                    }
                },
            };
            no_more(rest.get(1..).unwrap_or_default())?;
            Command::Explain(style)
        }
        name => {
            no_more(&rest)?;
            match name {
                "case" => Command::Case,
                "features" => Command::Features,
                "reset" => Command::Reset,
                "undo" => Command::Undo,
                "flip" => Command::Flip,
                _ => Command::Quit,
            }
        }
    };
    Ok(Some(command))
}

/// `html` (or `--html`) as a form of `explain` or `save`.
fn is_html_word(word: &str) -> bool {
    word.trim_start_matches('-').eq_ignore_ascii_case("html")
}

/// A file name ending in `.html` or `.htm`, which `save` writes as a page.
fn is_page_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// `--force` or `-f`.
fn is_force(word: &Token) -> bool {
    word.text == "--force" || word.text == "-f"
}

/// Takes `--force` (or `-f`) out of a line's words, wherever it is.
fn take_force(rest: &mut Vec<Token>) -> bool {
    let force = rest.iter().position(is_force);
    if let Some(at) = force {
        rest.remove(at);
    }
    force.is_some()
}

/// `explain html [brief] FILE` or `save html [brief] FILE`: `rest` is what
/// follows `html` (without `--force`), `words` where `NAME html` stands.
/// The page goes to a file only: printed, a whole page of markup helps no
/// one at a terminal.
fn page(
    name: &str,
    words: Range<usize>,
    mut rest: Vec<Token>,
    force: bool,
) -> Result<Command, CommandError> {
    let brief = rest.first().is_some_and(|t| t.text.eq_ignore_ascii_case("brief"));
    if brief {
        rest.remove(0);
    }
    let usage = format!("usage: `{name} html [brief] FILE [--force]`");
    let mut rest = rest.into_iter();
    let Some(path) = rest.next() else {
        return Err(CommandError {
            message: format!("`{name} html` needs a file to write the page to"),
            span: Some(words),
            help: Some(format!("{usage}, for example `{name} html lesson.html`")),
        });
    };
    if let Some(extra) = rest.next() {
        let end = rest.last().map_or(extra.span.end, |t| t.span.end);
        return Err(CommandError {
            message: format!("`{name} html` takes one file"),
            span: Some(extra.span.start..end),
            help: Some(usage),
        });
    }
    let typed = format!("{name} html{}", if brief { " brief" } else { "" });
    Ok(Command::Page { path, force, brief, typed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::token::tokenize;

    fn parsed(line: &str) -> Result<Option<Command>, CommandError> {
        parse(tokenize(line).unwrap(), &Pack::default())
    }

    #[test]
    fn words_that_are_not_commands_are_features() {
        let Ok(Some(Command::Set(tokens))) = parsed("age=62 tingling") else { panic!() };
        assert_eq!(tokens.len(), 2);
        assert_eq!(parsed("   "), Ok(None));
    }

    #[test]
    fn commands_check_their_arguments() {
        assert_eq!(parsed("EXIT"), Ok(Some(Command::Quit)));
        assert_eq!(parsed("explain json"), Ok(Some(Command::Explain(Style::Json))));
        let error = parsed("how").unwrap_err();
        assert_eq!(error.message, "`how` needs a profile");
        let error = parsed("case now").unwrap_err();
        assert_eq!(error.message, "`case` takes no `now`");
        assert_eq!(error.span, Some(5..8));
        let Ok(Some(Command::Save { force: true, path })) = parsed("save --force a.yaml") else {
            panic!()
        };
        assert_eq!(path.text, "a.yaml");
    }

    /// The page a line asks for: file, `--force`, brief, and the command
    /// as the hint to replace would repeat it.
    fn page_of(line: &str) -> (String, bool, bool, String) {
        let Ok(Some(Command::Page { path, force, brief, typed })) = parsed(line) else {
            panic!("{line}: {:?}", parsed(line))
        };
        (path.text, force, brief, typed)
    }

    #[test]
    fn explain_html_and_save_html_write_a_page_to_a_file() {
        let page = |file: &str, force, brief, typed: &str| {
            (file.to_owned(), force, brief, typed.to_owned())
        };
        assert_eq!(page_of("explain html a.html"), page("a.html", false, false, "explain html"));
        assert_eq!(
            page_of("Explain HTML brief notes --force"),
            page("notes", true, true, "explain html brief")
        );
        assert_eq!(page_of("explain -f html x"), page("x", true, false, "explain html"));
        assert_eq!(page_of("save html case.yaml -f"), page("case.yaml", true, false, "save html"));
        assert_eq!(page_of("save html brief b.htm"), page("b.htm", false, true, "save html brief"));
        // The extension picks the format of `save`.
        assert_eq!(page_of("save Lesson.HTML"), page("Lesson.HTML", false, false, "save"));
        let Ok(Some(Command::Save { path, force: false })) = parsed("save brief.yaml") else {
            panic!()
        };
        assert_eq!(path.text, "brief.yaml");

        let error = parsed("explain html --force").unwrap_err();
        assert_eq!(error.message, "`explain html` needs a file to write the page to");
        assert_eq!(error.span, Some(0..12));
        assert_eq!(
            error.help.as_deref(),
            Some(
                "usage: `explain html [brief] FILE [--force]`, for example `explain html lesson.html`"
            )
        );
        let error = parsed("save html brief").unwrap_err();
        assert_eq!(error.message, "`save html` needs a file to write the page to");
        let error = parsed("explain html a b c").unwrap_err();
        assert_eq!(error.message, "`explain html` takes one file");
        assert_eq!(error.span, Some(15..18));
        let error = parsed("explain htm x").unwrap_err();
        assert_eq!(error.message, "`explain` has no form `htm`");
        assert_eq!(error.help.as_deref(), Some("did you mean `html`?"));
        // `--force` belongs to a file: other forms of `explain` take none.
        assert_eq!(parsed("explain brief -f").unwrap_err().message, "`explain` takes no `-f`");
    }

    #[test]
    fn two_word_commands_and_joined_features() {
        let pack = crate::load::load(&crate::load::PackSource::Builtin).pack.unwrap();
        let texts = |line: &str| -> Vec<(String, Range<usize>)> {
            words(tokenize(line).unwrap(), &pack).into_iter().map(|t| (t.text, t.span)).collect()
        };
        assert_eq!(
            texts("What  if muscle weakness"),
            vec![("whatif".into(), 0..8), ("muscle weakness".into(), 9..24)]
        );
        assert_eq!(texts("why not MS"), vec![("whynot".into(), 0..7), ("MS".into(), 8..10)]);
        assert_eq!(texts("pins and needles"), vec![("pins and needles".into(), 0..16)]);
        assert_eq!(
            texts("unset muscle weakness"),
            vec![("unset".into(), 0..5), ("muscle weakness".into(), 6..21)]
        );
        // A file name is not a feature, whatever its words.
        assert_eq!(texts("load muscle weakness").len(), 3);
        assert_eq!(texts("why"), vec![("why".into(), 0..3)]);
        assert_eq!(texts("help why not"), vec![("help".into(), 0..4), ("whynot".into(), 5..12)]);
        assert_eq!(parsed("ask on"), Ok(Some(Command::Ask { past_clear: true })));
        assert_eq!(parsed("ask"), Ok(Some(Command::Ask { past_clear: false })));
        assert_eq!(parsed("ask me").unwrap_err().message, "`ask` takes no `me`");
    }

    #[test]
    fn every_command_name_is_distinct() {
        let mut names: Vec<&str> = COMMANDS
            .iter()
            .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
            .collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}

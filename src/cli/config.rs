//! The checked configuration: raw clap arguments turned into decisions,
//! with colour resolved once. Later code never sees clap types.

use std::{
    ffi::OsString,
    io::IsTerminal,
    path::{Path, PathBuf},
};

use clap::Parser;

use crate::{
    batch::report::Detail,
    batch::{BatchFormat, BatchOptions},
    cases::reader::CaseFormat,
    cli::args::{
        BatchFormatArg, CasesArgs, CasesCommand, Cli, Command, DetailArg, InputFormatArg,
        ListFormat, PageFormat, PromptArgs, QuizArgs, QuizCommand, RulesCommand, SchemaArg,
        SheetFormat,
    },
    cli::use_color::ColorEnv,
    load::PackSource,
    load::builtin::{self, BuiltinPack},
    render,
    schema::SchemaKind,
    verbosity::Verbosity,
};

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Task {
    Explain {
        input: ExplainInput,
        format: render::Format,
        brief: bool,
        closed_world: bool,
        /// Every rule that did not fire, even in a clear case.
        full: bool,
    },
    Prompt {
        echo: bool,
        history: Option<PathBuf>,
    },
    Quiz(QuizTask),
    QuizReport {
        files: Vec<PathBuf>,
        format: render::Format,
    },
    /// `cases`, or with an id `cases show ID` (`markdown` for a handout).
    Cases {
        show: Option<String>,
        markdown: bool,
    },
    Batch(BatchOptions),
    /// `features`, as text or JSON.
    Features(render::Format),
    /// `packs`: the built-in packs (`json`: as JSON).
    Packs {
        json: bool,
    },
    /// `compare`: the pack side by side.
    Compare(render::Format),
    RulesCheck,
    RulesList,
    Help,
    Completions(clap_complete::Shell),
    Schema(SchemaKind),
    Man,
}

/// What `explain` explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExplainInput {
    /// Features typed as arguments.
    Features(Vec<String>),
    /// A case file.
    File(PathBuf),
    /// A case of the teaching library, by id.
    Library(String),
}

/// A quiz as asked for: which cases, in what order, and where answers go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuizTask {
    /// Library ids, case files or folders; empty for the whole library.
    pub(crate) cases: Vec<String>,
    pub(crate) order: Order,
    pub(crate) record: Option<PathBuf>,
    pub(crate) student: Option<String>,
    pub(crate) echo: bool,
    pub(crate) history: Option<PathBuf>,
}

/// The order of a quiz's cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// As named, or the library's order.
    AsGiven,
    /// `--shuffle` without a seed: a new order each time.
    Shuffled,
    /// `--shuffle --seed N`.
    Seeded(u64),
}

/// Everything a run needs, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Config {
    pub(crate) pack: PackSource,
    /// The pack folder was named by `NEUROTRIAGE_RULES` (not by `--rules`
    /// or `rules check DIR`): its errors say so, since a variable set long
    /// ago is easy to forget.
    pub(crate) pack_from_env: bool,
    /// `batch` with `--pack` given more than once: every pack named, in
    /// the order given (the first is [`Config::pack`]); empty otherwise.
    pub(crate) compare: Vec<&'static BuiltinPack>,
    /// `--cases DIR`: a folder of teaching cases used instead of the
    /// pack's own.
    pub(crate) cases: Option<PathBuf>,
    pub(crate) task: Task,
    /// Colour on standard output (never for JSON).
    pub(crate) color_stdout: bool,
    /// Colour for messages on standard error.
    pub(crate) color_stderr: bool,
    /// Standard output is data written exactly (JSON), not text for a
    /// person, so it does not pass [`crate::render::clean::clean`].
    pub(crate) stdout_exact: bool,
    pub(crate) verbosity: Verbosity,
    /// Where text for a person wraps: the terminal's width (at most 100
    /// columns) when standard output is one, else 80. Decided here once.
    pub(crate) width: usize,
    /// Where the output goes instead of standard output (`-o`): written
    /// whole once the command succeeded, or left as it was.
    pub(crate) output: Option<PathBuf>,
}

impl Config {
    /// Parses the arguments (the first is the program name) and settles
    /// them with the process's environment. The error is clap's, for help,
    /// the version and mistakes in the arguments, which it prints itself,
    /// or a mistake clap cannot see (a pack name).
    pub(crate) fn from_args<I, T>(args: I) -> Result<Self, Refused>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let cli = Cli::try_parse_from(&args).map_err(Refused::Clap)?;
        // clap keeps a global option's values from one side of the command
        // only: `--pack A batch --pack B` would drop `A` without a word.
        if pack_options(&args) != cli.pack.len() {
            let color =
                cli.color.resolve(&ColorEnv::from_process(), std::io::stderr().is_terminal());
            return Err(Refused::Usage {
                message: "`--pack` is given both before and after the command".to_owned(),
                help: "give every `--pack` on one side: `neurotriage batch PATH --pack A --pack B`"
                    .to_owned(),
                color,
            });
        }
        Self::from_cli(
            cli,
            &ColorEnv::from_process(),
            &|name| std::env::var_os(name),
            std::io::stdin().is_terminal(),
        )
    }

    /// Settles the raw arguments. Colour is decided here and nowhere else.
    /// `env_var` reads the environment (`NEUROTRIAGE_RULES`, which the
    /// `--rules` and `--pack` options override and which counts as unset
    /// when empty, as `NO_COLOR` does; and the history variables); whether
    /// stdin is a terminal decides what a bare `neurotriage` does.
    pub(crate) fn from_cli(
        cli: Cli,
        env: &ColorEnv,
        env_var: &dyn Fn(&str) -> Option<OsString>,
        stdin_is_terminal: bool,
    ) -> Result<Self, Refused> {
        let is_batch = matches!(cli.command, Some(Command::Batch(_)));
        let chosen =
            choose_packs(builtin::PACKS, &cli.pack, is_batch).map_err(|(message, help)| {
                let color = cli.color.resolve(env, std::io::stderr().is_terminal());
                Refused::Usage { message, help, color }
            })?;
        // `--pack` given is a choice made now: it wins over the variable.
        let rules_env =
            env_var("NEUROTRIAGE_RULES").filter(|v| !v.is_empty() && cli.pack.is_empty());
        let mut pack_from_env = cli.rules.is_none() && rules_env.is_some();
        let folder = cli.rules.or_else(|| rules_env.map(Into::into));
        let builtin_pack = chosen.first().copied().unwrap_or(builtin::DEFAULT);
        let mut pack = folder.map_or(PackSource::Embedded(builtin_pack), PackSource::Folder);
        let compare = if chosen.len() > 1 { chosen } else { Vec::new() };
        let verbosity = match (cli.quiet, cli.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, _) => Verbosity::Verbose,
        };
        // A page written to a file rather than standard output (`explain`,
        // `compare` and `quiz report`; a batch writes its own as it goes).
        let output = match &cli.command {
            Some(Command::Explain(args)) => args.output.clone(),
            Some(
                Command::Compare { output, .. }
                | Command::Quiz(QuizArgs {
                    command: Some(QuizCommand::Report { output, .. }), ..
                }),
            ) => output.clone(),
            _ => None,
        };
        let task = match cli.command {
            Some(Command::Explain(args)) => Task::Explain {
                format: page_format(args.format, args.output.as_deref()),
                input: explain_input(args.features, args.case),
                brief: args.brief,
                closed_world: args.unknown_as_absent,
                full: args.full,
            },
            Some(Command::Prompt(args)) => prompt(&args, env_var),
            Some(Command::Batch(args)) => {
                let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
                Task::Batch(BatchOptions {
                    paths: args.paths,
                    input_format: args.input_format.map(|f| match f {
                        InputFormatArg::Yaml => CaseFormat::Yaml,
                        InputFormatArg::Jsonl => CaseFormat::JsonLines,
                        InputFormatArg::Csv => CaseFormat::Csv,
                        InputFormatArg::Phenopacket => CaseFormat::Json,
                    }),
                    format: match args.format {
                        Some(BatchFormatArg::Table) => BatchFormat::Table,
                        Some(BatchFormatArg::Json) => BatchFormat::Json,
                        Some(BatchFormatArg::Csv) => BatchFormat::Csv,
                        Some(BatchFormatArg::Markdown) => BatchFormat::Markdown,
                        Some(BatchFormatArg::Html) => BatchFormat::Html,
                        // An output file's extension says its format.
                        None if args.output.is_some() => {
                            match args
                                .output
                                .as_deref()
                                .and_then(|p| p.extension())
                                .and_then(|e| e.to_str())
                                .map(str::to_ascii_lowercase)
                                .as_deref()
                            {
                                Some("json") => BatchFormat::Json,
                                Some("csv") => BatchFormat::Csv,
                                Some("md" | "markdown") => BatchFormat::Markdown,
                                Some("html" | "htm") => BatchFormat::Html,
                                Some("txt") => BatchFormat::Table,
                                _ => BatchFormat::JsonLines,
                            }
                        }
                        None if to_terminal => BatchFormat::Table,
                        Some(BatchFormatArg::Jsonl) | None => BatchFormat::JsonLines,
                    },
                    output: args.output,
                    jobs: args.jobs.map_or(0, usize::from),
                    fail_on_disagreement: args.fail_on_disagreement,
                    detail: match args.detail {
                        DetailArg::Full => Detail::Full,
                        DetailArg::Brief => Detail::Brief,
                        DetailArg::Verdict => Detail::Verdict,
                    },
                    clean_output: false,
                    color_stdout: false,
                    stderr_is_terminal: std::io::stderr().is_terminal(),
                    verbosity,
                })
            }
            Some(Command::Quiz(QuizArgs {
                command: Some(QuizCommand::Report { files, format, output }),
                ..
            })) => Task::QuizReport { files, format: page_format(format, output.as_deref()) },
            Some(Command::Quiz(args)) => Task::Quiz(QuizTask {
                cases: args.chosen,
                order: match (args.shuffle, args.seed) {
                    (false, _) => Order::AsGiven,
                    (true, None) => Order::Shuffled,
                    (true, Some(seed)) => Order::Seeded(seed),
                },
                record: args.record,
                student: args.student,
                echo: args.echo,
                history: history_path(env_var),
            }),
            Some(Command::Cases(CasesArgs { command: None })) => {
                Task::Cases { show: None, markdown: false }
            }
            Some(Command::Cases(CasesArgs {
                command: Some(CasesCommand::Show { id, format }),
            })) => Task::Cases { show: Some(id), markdown: format == SheetFormat::Markdown },
            Some(Command::Features { format }) => Task::Features(match format {
                ListFormat::Text => render::Format::Text,
                ListFormat::Json => render::Format::Json,
            }),
            Some(Command::Packs { format }) => Task::Packs { json: format == ListFormat::Json },
            Some(Command::Compare { format, output: _ }) => {
                Task::Compare(page_format(format, output.as_deref()))
            }
            Some(Command::Rules(RulesCommand::Check { dir })) => {
                if let Some(dir) = dir {
                    pack = PackSource::Folder(dir);
                    pack_from_env = false;
                }
                Task::RulesCheck
            }
            Some(Command::Rules(RulesCommand::List)) => Task::RulesList,
            Some(Command::Completions { shell }) => Task::Completions(shell),
            Some(Command::Schema { which }) => Task::Schema(match which {
                SchemaArg::Rules => SchemaKind::Rules,
                SchemaArg::Cases => SchemaKind::Cases,
            }),
            Some(Command::Man) => Task::Man,
            // With no subcommand a person at a terminal gets the prompt; a
            // script gets the help rather than waiting for input.
            None if stdin_is_terminal => {
                prompt(&PromptArgs { echo: false, no_history: false }, env_var)
            }
            None => Task::Help,
        };
        let stdout_exact = matches!(
            task,
            Task::Explain { format: render::Format::Json, .. }
                | Task::QuizReport { format: render::Format::Json, .. }
                | Task::Compare(render::Format::Json)
                | Task::Packs { json: true }
                | Task::Features(render::Format::Json)
                | Task::Schema(_)
        );
        let machine_output = stdout_exact
            || output.is_some()
            || matches!(&task, Task::Batch(b) if b.format != BatchFormat::Table || b.output.is_some());
        // A prompt reading a script writes a transcript: no colour unless
        // asked for (`--color always`, `CLICOLOR_FORCE`).
        let script = matches!(task, Task::Prompt { .. } | Task::Quiz(_)) && !stdin_is_terminal;
        let color_stdout =
            !machine_output && cli.color.resolve(env, std::io::stdout().is_terminal() && !script);
        let color_stderr = cli.color.resolve(env, std::io::stderr().is_terminal() && !script);
        colored::control::set_override(color_stdout);
        let mut task = task;
        if let Task::Batch(options) = &mut task {
            options.color_stdout = color_stdout;
            // CSV is data in a file or a pipe, text for a person on a
            // terminal.
            let csv_on_terminal = options.format == BatchFormat::Csv
                && options.output.is_none()
                && std::io::stdout().is_terminal();
            options.clean_output = matches!(
                options.format,
                BatchFormat::Table | BatchFormat::Markdown | BatchFormat::Html
            ) || csv_on_terminal;
        }
        // Text written to a file (`-o`, also a batch's) has the fixed width
        // of any output that is not a terminal: the same file whatever
        // window the command ran in.
        let to_file = output.is_some() || matches!(&task, Task::Batch(b) if b.output.is_some());
        let width = render::text::width_for(
            terminal_size::terminal_size()
                .map(|(terminal_size::Width(w), _)| usize::from(w))
                .filter(|_| !to_file && std::io::stdout().is_terminal()),
        );
        // For the outputs that carry no width of their own, as `colored`
        // keeps the colour decided above.
        render::text::set_width(width);
        Ok(Self {
            pack,
            pack_from_env,
            compare,
            cases: cli.cases,
            task,
            color_stdout,
            color_stderr,
            stdout_exact,
            verbosity,
            width,
            output,
        })
    }
}

/// How many `--pack` options the arguments hold (before a `--`).
fn pack_options(args: &[OsString]) -> usize {
    args.iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .take_while(|a| a != "--")
        .filter(|a| *a == "--pack" || a.starts_with("--pack="))
        .count()
}

/// Why the arguments were refused.
#[derive(Debug)]
pub(crate) enum Refused {
    /// clap's: help, the version, and mistakes of grammar, which clap
    /// prints itself.
    Clap(clap::Error),
    /// A mistake clap cannot see (a pack name), printed as other errors
    /// are.
    Usage { message: String, help: String, color: bool },
}

/// The built-in packs `--pack` names, checked against `table`: none (the
/// default then), one, or for `batch` several different ones. The error is
/// a message and its help.
fn choose_packs<'t>(
    table: &'t [BuiltinPack],
    named: &[String],
    batch: bool,
) -> Result<Vec<&'t BuiltinPack>, (String, String)> {
    let mut chosen: Vec<&BuiltinPack> = Vec::with_capacity(named.len());
    for name in named {
        let Some(entry) = builtin::find(table, name) else {
            return Err((
                format!("no built-in pack is named `{}`", crate::error::one_line(name)),
                builtin::unknown_help(table, name),
            ));
        };
        if chosen.contains(&entry) {
            return Err((
                format!("the pack `{}` is named twice", entry.name),
                "name each pack once; `batch` compares different packs".to_owned(),
            ));
        }
        chosen.push(entry);
    }
    if chosen.len() > 1 && !batch {
        return Err((
            format!("`--pack` is given {} times; only `batch` compares packs", chosen.len()),
            "give one `--pack NAME`, or compare the packs' verdicts with \
             `neurotriage batch PATH --pack A --pack B`"
                .to_owned(),
        ));
    }
    Ok(chosen)
}

/// The format asked for, or else the one `output`'s extension names
/// (`.json`, `.md`, `.html`; text otherwise).
fn page_format(format: Option<PageFormat>, output: Option<&Path>) -> render::Format {
    match format {
        Some(PageFormat::Text) => render::Format::Text,
        Some(PageFormat::Json) => render::Format::Json,
        Some(PageFormat::Markdown) => render::Format::Markdown,
        Some(PageFormat::Html) => render::Format::Html,
        None => match output
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => render::Format::Json,
            Some("md" | "markdown") => render::Format::Markdown,
            Some("html" | "htm") => render::Format::Html,
            _ => render::Format::Text,
        },
    }
}

/// `explain` explains a library case (`--case ID`), a case file (a single
/// argument naming a `.yaml` or `.yml` file, which no feature can be), or
/// the features typed.
fn explain_input(features: Vec<String>, case: Option<String>) -> ExplainInput {
    if let Some(id) = case {
        return ExplainInput::Library(id);
    }
    if let [only] = features.as_slice() {
        let path = PathBuf::from(only);
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        {
            return ExplainInput::File(path);
        }
    }
    ExplainInput::Features(features)
}

fn prompt(args: &PromptArgs, env_var: &dyn Fn(&str) -> Option<OsString>) -> Task {
    let history = if args.no_history { None } else { history_path(env_var) };
    Task::Prompt { echo: args.echo, history }
}

/// Where the prompt keeps its history: `NEUROTRIAGE_HISTORY` (empty keeps
/// none), else the XDG data folder: `$XDG_DATA_HOME/neurotriage/history`,
/// or `~/.local/share/neurotriage/history` when `XDG_DATA_HOME` is unset or
/// not absolute (as the XDG specification asks).
pub(crate) fn history_path(env_var: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if let Some(path) = env_var("NEUROTRIAGE_HISTORY") {
        return (!path.is_empty()).then(|| PathBuf::from(path));
    }
    let data =
        env_var("XDG_DATA_HOME").map(PathBuf::from).filter(|p| p.is_absolute()).or_else(|| {
            env_var("HOME")
                .filter(|h| !h.is_empty())
                .map(|home| PathBuf::from(home).join(".local/share"))
        })?;
    Some(data.join("neurotriage").join("history"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::builtin::test_packs::TABLE;

    fn choose(named: &[&str], batch: bool) -> Result<Vec<&'static str>, (String, String)> {
        let named: Vec<String> = named.iter().map(|n| (*n).to_owned()).collect();
        choose_packs(&TABLE, &named, batch).map(|c| c.iter().map(|p| p.name).collect())
    }

    #[test]
    fn pack_names_are_checked_against_the_table() {
        assert_eq!(choose(&[], false), Ok(vec![]));
        assert_eq!(choose(&["Fruit"], false), Ok(vec!["fruit"]));
        assert_eq!(choose(&["fruit", "document"], true), Ok(vec!["fruit", "document"]));
        assert_eq!(
            choose(&["frut"], false),
            Err((
                "no built-in pack is named `frut`".to_owned(),
                "did you mean `fruit`? the built-in packs are `document`, `fruit` \
                 (`neurotriage packs` lists them); `--rules DIR` uses a pack folder"
                    .to_owned()
            ))
        );
        assert_eq!(
            choose(&["fruit", "document"], false),
            Err((
                "`--pack` is given 2 times; only `batch` compares packs".to_owned(),
                "give one `--pack NAME`, or compare the packs' verdicts with \
                 `neurotriage batch PATH --pack A --pack B`"
                    .to_owned()
            ))
        );
        assert_eq!(
            choose(&["fruit", "FRUIT"], true),
            Err((
                "the pack `fruit` is named twice".to_owned(),
                "name each pack once; `batch` compares different packs".to_owned()
            ))
        );
    }

    #[test]
    fn pack_options_are_counted_up_to_a_double_dash() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(pack_options(&args(&["nt", "--pack", "a", "batch", "--pack=b", "x"])), 2);
        assert_eq!(pack_options(&args(&["nt", "batch", "--", "--pack"])), 0);
    }

    fn with(vars: &[(&str, &str)]) -> Option<PathBuf> {
        let vars: Vec<(String, OsString)> =
            vars.iter().map(|(k, v)| ((*k).to_owned(), OsString::from(v))).collect();
        history_path(&|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn history_follows_xdg_and_can_be_turned_off() {
        assert_eq!(with(&[("HOME", "/h")]), Some("/h/.local/share/neurotriage/history".into()));
        assert_eq!(
            with(&[("HOME", "/h"), ("XDG_DATA_HOME", "/x")]),
            Some("/x/neurotriage/history".into())
        );
        assert_eq!(
            with(&[("HOME", "/h"), ("XDG_DATA_HOME", "relative")]),
            Some("/h/.local/share/neurotriage/history".into())
        );
        assert_eq!(with(&[("HOME", "/h"), ("NEUROTRIAGE_HISTORY", "/f")]), Some("/f".into()));
        assert_eq!(with(&[("HOME", "/h"), ("NEUROTRIAGE_HISTORY", "")]), None);
        assert_eq!(with(&[]), None);
    }
}

//! The command line as clap sees it: raw, unchecked input. [`crate::cli::config`]
//! turns it into a checked `Config`; nothing else sees these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cli::use_color::UseColor;

const AFTER_HELP: &str = "\
Examples:
  neurotriage explain age=62 course=progressive fasciculations no-sensory_loss
  neurotriage explain tingling \"blurred vision\" age=29 relapsing -f json
  neurotriage prompt
  neurotriage cases
  neurotriage quiz t05-stiff-legs
  neurotriage explain --case t05-stiff-legs
  neurotriage batch tests/cases --fail-on-disagreement
  neurotriage features
  neurotriage packs
  neurotriage compare -f markdown > handout.md
  neurotriage rules check ./my-pack
  neurotriage schema rules > rule-pack.schema.json
  neurotriage completions bash
  neurotriage man | man -l -

Without a command, neurotriage opens the prompt when its input is a terminal
and prints this help otherwise.

neurotriage is an educational tool, not a diagnosis.";

/// Explains which disease profile a set of clinical features fits better,
/// and why. A teaching tool for differential reasoning; not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "neurotriage", version, about, after_help = AFTER_HELP, max_term_width = 80)]
pub struct Cli {
    /// Rule pack folder to use instead of the built-in one [env: `NEUROTRIAGE_RULES`; an
    /// empty value counts as unset]
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub(crate) rules: Option<PathBuf>,

    /// Built-in rule pack to use [default: `document`; `neurotriage packs`
    /// lists them]
    ///
    /// Wins over `NEUROTRIAGE_RULES`; cannot be given with `--rules`. `batch`
    /// takes it more than once, to compare the packs' verdicts on the same
    /// cases.
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        action = clap::ArgAction::Append,
        conflicts_with = "rules"
    )]
    pub(crate) pack: Vec<String>,

    /// Folder of teaching cases to use instead of the rule pack's own (its
    /// `cases/` folder, or the built-in library)
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub(crate) cases: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub(crate) color: UseColor,

    /// Fewer messages: results, errors and the disclaimer only.
    ///
    /// No notes, progress bar or batch summary on standard error, no
    /// success line or warnings from `rules check`, only the disclaimer at
    /// the start of the prompt. Results, errors and the disclaimer are
    /// always printed.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,

    /// More messages: where the rule pack came from; a batch's speed.
    ///
    /// On standard error: which rule pack is used, where it came from and
    /// how long it took to load; a batch's time and speed.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Explain which profile a set of features fits better, and why.
    #[command(after_help = "\
Features are written tersely, in any order and any letter case:
  age=62                  a number
  fasciculations          present (a synonym works too: \"muscle twitching\")
  sensory_loss=no         absent; also no-sensory_loss
  course=progressive      a choice
  sensory_loss=unknown    explicitly unknown (the same as not mentioning it)

Examples:
  neurotriage explain age=62 course=progressive fasciculations no-sensory_loss
  neurotriage explain age=29 course=relapsing tingling visual_problems --brief
  neurotriage explain age=45 muscle_weakness --unknown-as-absent -f markdown")]
    Explain(ExplainArgs),
    /// Build a case step by step at an interactive prompt, with a guided
    /// interview.
    #[command(after_help = "\
On a terminal the prompt has line editing, history and tab completion.
Type features (`age=34 tingling course=relapsing`), `ask` for a guided
interview, `help` for every command. From a pipe it reads one command per
line (lines starting with # are comments) and exits 1 if any line failed.

History is kept in $XDG_DATA_HOME/neurotriage/history (by default
~/.local/share/neurotriage/history); NEUROTRIAGE_HISTORY names another file,
and an empty NEUROTRIAGE_HISTORY keeps none.

Examples:
  neurotriage prompt
  neurotriage prompt --echo < lesson.txt
  neurotriage --rules ./my-pack prompt")]
    Prompt(PromptArgs),
    /// Evaluate every case in case files or folders, with a summary and
    /// agreement figures.
    #[command(after_help = "\
PATH is a case file, a folder (read recursively; .yaml, .yml, .jsonl and .csv
files, in sorted order) or - for standard input (give --input-format). Every
case appears once in the output: with its result, or with what is wrong and
where. docs/cases.md describes the case formats.

With --pack given more than once (`--pack document --pack extended`), every
case is evaluated with each pack: each case shows every pack's verdict, and
the summary says where the packs agree, where they part, and how each agrees
with `expected`. A case a pack cannot read fails for that pack only.

Exit status: 0 when every case was evaluated, 1 when some failed (or, with
--fail-on-disagreement, when a verdict differs from the expected one), 2 for
a usage or rule-pack error.

Examples:
  neurotriage batch tests/cases
  neurotriage batch cases.jsonl --format jsonl --output results.jsonl
  neurotriage batch tests/cases --fail-on-disagreement --format json
  cat cases.csv | neurotriage batch - --input-format csv --format csv")]
    Batch(BatchArgs),
    /// Quiz yourself on teaching cases: predict at each stage, then see how
    /// the rules weigh the same findings.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "\
CASE is the id of a library case (`neurotriage cases` lists them), a case
file, or a folder of case files; without one, the whole library in order.
At each stage, commit first: a leaning (a profile id or `undecided`), a
confidence (`low`, `medium`, `high`) and, if you like, the findings that
matter most; then the rule pack's verdict is revealed and compared with
yours. From a pipe it reads one answer per line and exits 1 if any line
failed. docs/teaching.md describes a lesson.

Examples:
  neurotriage quiz
  neurotriage quiz t01-weak-hand
  neurotriage quiz --shuffle --seed 7 --record ana.jsonl --student ana
  neurotriage quiz report class/*.jsonl"
    )]
    Quiz(QuizArgs),
    /// List the teaching cases of the library, or show one.
    #[command(after_help = "\
The library is the rule pack's `cases/` folder (the built-in pack ships
one), or the folder given with --cases.

Examples:
  neurotriage cases
  neurotriage cases show t01-weak-hand
  neurotriage cases show t01-weak-hand -f markdown > handout.md
  neurotriage --cases ./my-cases cases")]
    Cases(CasesArgs),
    /// List the built-in rule packs, with their sources and sizes.
    #[command(after_help = "\
The first is the default; `--pack NAME` picks another, and `--rules DIR`
uses a pack folder instead.

Examples:
  neurotriage packs
  neurotriage packs -f json
  neurotriage --pack document explain age=62 fasciculations")]
    Packs {
        /// Output format.
        #[arg(long, short, value_name = "FORMAT", default_value = "text")]
        format: ListFormat,
    },
    /// List the features a case can state, with their synonyms and questions.
    #[command(after_help = "\
Examples:
  neurotriage features
  neurotriage features | grep -i twitch
  neurotriage features -f json
  neurotriage --rules ./my-pack features")]
    Features {
        /// Output format: `json` gives every feature with its HPO terms
        /// (docs/json.md).
        #[arg(long, short, value_name = "FORMAT", default_value = "text")]
        format: ListFormat,
    },
    /// Show the pack side by side: how each finding moves each profile.
    #[command(after_help = "\
One row per finding the rules weigh (a feature value, or a rule's combined
condition), one column per profile: the points and weight the finding gives
each profile, with its rules, claims, caveats and notes. Rows are ordered by
separation (the largest effect minus the smallest), largest first; features
the pack leaves neutral and derived facts follow. docs/compare.md describes
the table and its JSON.

Examples:
  neurotriage compare
  neurotriage compare -f markdown > handout.md
  neurotriage compare -f json
  neurotriage --rules ./my-pack compare")]
    Compare {
        /// Output format [default: with --output, the file's extension
        /// (.json, .md, .html, .txt); otherwise text].
        #[arg(long, short, value_name = "FORMAT")]
        format: Option<PageFormat>,

        /// Write the page to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Check or list a rule pack.
    #[command(
        subcommand,
        after_help = "\
Examples:
  neurotriage rules check
  neurotriage rules check ./my-pack
  neurotriage rules list | less
  neurotriage --rules ./my-pack rules list"
    )]
    Rules(RulesCommand),
    /// Print a shell completion script.
    #[command(after_help = "\
Examples (install it where your shell looks for completions):
  neurotriage completions bash >> ~/.bash_completion
  neurotriage completions zsh > ~/.zfunc/_neurotriage    (with fpath+=~/.zfunc)
  neurotriage completions fish > ~/.config/fish/completions/neurotriage.fish
  neurotriage completions powershell >> $PROFILE
  neurotriage completions elvish >> ~/.config/elvish/rc.elv")]
    Completions {
        /// The shell: bash, elvish, fish, powershell or zsh.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of rule-pack files or of case files, for editors.
    #[command(after_help = "\
`rules` describes every file of a rule pack (pack.yaml, features.yaml, ...);
`cases` describes a case file of the pack in use (--rules), with its feature
names and values. The YAML language server (VS Code, Neovim, Helix, ...)
reads a schema named on a file's first line; docs/rules.md shows how.

Examples:
  neurotriage schema rules > rule-pack.schema.json
  neurotriage schema cases > cases.schema.json
  neurotriage --rules ./my-pack schema cases")]
    Schema {
        /// Which schema: `rules` or `cases`.
        #[arg(value_name = "WHICH")]
        which: SchemaArg,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "\
Examples:
  neurotriage man | man -l -
  neurotriage man > ~/.local/share/man/man1/neurotriage.1")]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Features of the case: `age=62`, `fasciculations`, `no-sensory_loss`,
    /// ...; or one case file (`case.yaml`)
    #[arg(value_name = "FEATURE")]
    pub(crate) features: Vec<String>,

    /// Explain a case of the teaching library (`neurotriage cases` lists them).
    #[arg(long, value_name = "ID", conflicts_with = "features")]
    pub(crate) case: Option<String>,

    /// Output format [default: with --output, the file's extension (.json,
    /// .md, .html, .txt); otherwise text].
    #[arg(long, short, value_name = "FORMAT")]
    pub(crate) format: Option<PageFormat>,

    /// Write the explanation to FILE instead of standard output (a new or
    /// regular file is replaced whole, only once it is written).
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) output: Option<PathBuf>,

    /// Only the verdict, the top three reasons with their caveats, alerts and
    /// the disclaimer.
    #[arg(long)]
    pub(crate) brief: bool,

    /// Teaching switch: read every unknown yes/no feature as absent.
    #[arg(long)]
    pub(crate) unknown_as_absent: bool,

    /// In a clear case too, list every rule that did not fire (by default a
    /// clear case lists only what could still change the verdict).
    #[arg(long, conflicts_with = "brief")]
    pub(crate) full: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// Case files, folders, or `-` for standard input.
    #[arg(value_name = "PATH", required = true, value_hint = clap::ValueHint::AnyPath)]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format [default: with --output, the file's extension (.json,
    /// .jsonl, .csv, .md, .html, .txt); otherwise table on a terminal, jsonl
    /// in a pipe].
    #[arg(long, short, value_name = "FORMAT")]
    pub(crate) format: Option<BatchFormatArg>,

    /// Write the results to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) output: Option<PathBuf>,

    /// Format of standard input (and of files named without a known
    /// extension).
    #[arg(long, value_name = "FORMAT")]
    pub(crate) input_format: Option<InputFormatArg>,

    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) jobs: Option<u16>,

    /// Exit with status 1 when a verdict differs from a case's `expected`
    /// (for checking a rule pack in CI).
    #[arg(long)]
    pub(crate) fail_on_disagreement: bool,

    /// How much each JSON or JSON Lines case holds: `full`, the object of
    /// `explain --format json`; `brief`, the same keys with the long
    /// sections empty; `verdict`, a small object (id, verdict, margin,
    /// scores, fired rules, alerts), for large data sets.
    #[arg(long, value_name = "DETAIL", default_value = "full")]
    pub(crate) detail: DetailArg,
}

/// How much a batch's JSON case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DetailArg {
    Full,
    Brief,
    Verdict,
}

/// Output formats of `batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BatchFormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    /// One self-contained page: the summary, then a row per case (see
    /// docs/html.md).
    Html,
}

/// Formats of case files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormatArg {
    Yaml,
    Jsonl,
    Csv,
    /// One JSON value: a GA4GH Phenopacket (v2.0), or a case object.
    #[value(alias = "json")]
    Phenopacket,
}

#[derive(Debug, Args)]
pub(crate) struct PromptArgs {
    /// When reading from a pipe, print each line (after `> `) before its
    /// reply, so that a transcript reads like a session.
    #[arg(long)]
    pub(crate) echo: bool,

    /// Keep no history of the lines typed.
    #[arg(long)]
    pub(crate) no_history: bool,
}

#[derive(Debug, Args)]
pub(crate) struct QuizArgs {
    #[command(subcommand)]
    pub(crate) command: Option<QuizCommand>,

    /// Library case ids, case files or folders [default: the whole library].
    #[arg(value_name = "CASE", value_hint = clap::ValueHint::AnyPath)]
    pub(crate) chosen: Vec<String>,

    /// Show the cases in a shuffled order (the same for the same --seed).
    #[arg(long)]
    pub(crate) shuffle: bool,

    /// The seed of --shuffle, so that a whole class gets one order [default:
    /// a new one each time, printed at the start].
    #[arg(long, value_name = "N", requires = "shuffle")]
    pub(crate) seed: Option<u64>,

    /// Append one JSON line per committed answer to FILE.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) record: Option<PathBuf>,

    /// The student's name, written in every record.
    #[arg(long, value_name = "NAME")]
    pub(crate) student: Option<String>,

    /// When reading from a pipe, print each answer (after `> `) before its
    /// reply, so that a transcript reads like a session.
    #[arg(long)]
    pub(crate) echo: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum QuizCommand {
    /// Aggregate quiz records: agreement with the rule pack by case and
    /// stage, findings most often missed or over-weighted, calibration.
    #[command(after_help = "\
Examples:
  neurotriage quiz report class/*.jsonl
  neurotriage quiz report ana.jsonl ben.jsonl -f markdown > lesson-3.md
  neurotriage quiz report class/*.jsonl -f html > lesson-3.html")]
    Report {
        /// Record files written by `quiz --record`.
        #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
        files: Vec<PathBuf>,

        /// Output format (`html`: one self-contained page to project or
        /// print) [default: with --output, the file's extension (.json,
        /// .md, .html, .txt); otherwise text].
        #[arg(long, short, value_name = "FORMAT")]
        format: Option<PageFormat>,

        /// Write the report to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct CasesArgs {
    #[command(subcommand)]
    pub(crate) command: Option<CasesCommand>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CasesCommand {
    /// Print one case whole: its stages, expected verdict, rationale,
    /// teaching points and claims.
    #[command(after_help = "\
Examples:
  neurotriage cases show t05-stiff-legs
  neurotriage cases show t05-stiff-legs -f markdown > handout.md")]
    Show {
        /// The case's id.
        #[arg(value_name = "ID")]
        id: String,

        /// Output format (`json` is not offered: the case file is the data).
        #[arg(long, short, value_name = "FORMAT", default_value = "text")]
        format: SheetFormat,
    },
}

/// Formats of `features` and `packs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

/// Formats of `cases show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SheetFormat {
    Text,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Check a rule pack and report every problem (exit status 2 if there
    /// are errors; warnings alone exit 0).
    #[command(
        after_help = "Examples:\n  neurotriage rules check\n  neurotriage rules check ./my-pack"
    )]
    Check {
        /// Pack folder; default: `--rules`, `NEUROTRIAGE_RULES`, or the built-in pack.
        #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Print the pack's profiles, derivations, rules and alerts readably.
    #[command(after_help = "\
Examples:
  neurotriage rules list
  neurotriage --rules ./my-pack rules list | less")]
    List,
}

/// Which schema `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaArg {
    /// The files of a rule pack.
    Rules,
    /// Case files of the pack in use.
    Cases,
}

/// Output formats of `explain`, `compare` and `quiz report`: text, JSON,
/// Markdown, and a web page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PageFormat {
    Text,
    Json,
    Markdown,
    /// One self-contained page (inline style and bars; nothing loaded).
    Html,
}

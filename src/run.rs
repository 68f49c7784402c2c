//! The top of the program: parse arguments, settle the configuration, do
//! the task, print, and choose the exit status. [`teaching`] connects the
//! teaching commands (the case library, `explain` of a case, the quiz).

mod failure;
mod packs;
mod teaching;

use failure::{Error, pack_problems, render_error};

use std::{
    ffi::OsString,
    io::{self, Write},
    process::ExitCode,
};

use crate::{
    batch,
    cases::assignment,
    cases::case_file::CaseFile,
    cli::config::{Config, ExplainInput, Order, QuizTask, Refused, Task},
    cli::generated,
    engine::{self, Options},
    error::exit,
    load,
    load::pack_error::PackError,
    pack::Pack,
    prompt::{self, PromptOptions},
    quiz::QuizOptions,
    render::{
        case_sheet,
        clean::{clean, to_stderr},
        diagnostic,
    },
    schema::{self, SchemaKind},
    verbosity::Verbosity,
};

/// Runs neurotriage with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let config = match Config::from_args(args) {
        Ok(config) => config,
        Err(Refused::Clap(error)) => {
            // clap prints help and version to stdout and mistakes to stderr.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { exit::USAGE } else { exit::OK });
        }
        Err(Refused::Usage { message, help, color }) => {
            let mut text = diagnostic::plain(&message, Some(&help), color);
            text.push('\n');
            to_stderr(&text, color);
            return ExitCode::from(exit::USAGE);
        }
    };
    // A batch and the prompt print as they go rather than all at the end.
    if let Task::Batch(options) = &config.task
        && !config.compare.is_empty()
    {
        return match compare_packs(&config, options) {
            Ok(code) => ExitCode::from(code),
            Err(error) => {
                to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
                ExitCode::from(error.code())
            }
        };
    }
    if let Task::Batch(options) = &config.task {
        return match load_pack_or_report(&config) {
            Ok(pack) => match batch::run(&pack, options).map_err(Error::from) {
                Ok(code) => ExitCode::from(code),
                Err(error) => {
                    to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
                    ExitCode::from(error.code())
                }
            },
            Err(code) => code,
        };
    }
    if let Task::Prompt { echo, history } = &config.task {
        let pack = match load_pack_or_report(&config) {
            Ok(pack) => pack,
            Err(code) => return code,
        };
        let options = PromptOptions {
            width: config.width,
            color_stdout: config.color_stdout,
            color_stderr: config.color_stderr,
            echo: *echo,
            history: history.clone(),
            quiet: config.verbosity == Verbosity::Quiet,
        };
        return match prompt::run(&pack, &options).map_err(Error::from) {
            Ok(code) => ExitCode::from(code),
            Err(error) => {
                to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
                ExitCode::from(error.code())
            }
        };
    }
    if let Task::Quiz(task) = &config.task {
        return match quiz(&config, task) {
            Ok(code) => ExitCode::from(code),
            Err(error) => {
                to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
                ExitCode::from(error.code())
            }
        };
    }
    // `-o` never writes over what the command reads.
    if let Some(output) = &config.output
        && let Some(input) =
            inputs(&config.task).into_iter().find(|i| crate::safe_write::writes_over(i, output))
    {
        let error = Error::OutputIsInput { name: input.display().to_string() };
        to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
        return ExitCode::from(error.code());
    }
    let mut out = String::new();
    let mut err = String::new();
    let code = match execute(&config, &mut out, &mut err) {
        Ok(code) => code,
        Err(error) => {
            err.push_str(&render_error(&error, config.color_stderr));
            error.code()
        }
    };
    // Problems first, so that a closing summary on stdout (`rules check`)
    // is the last thing a person sees.
    if !err.is_empty() {
        to_stderr(&err, config.color_stderr);
    }
    let out = if config.stdout_exact { out.into() } else { clean(&out, config.color_stdout) };
    if let Some(path) = &config.output {
        // A command that failed as a whole (nothing to write) leaves an old
        // file as it was; a quiz report with some bad lines (status 1) is
        // still written.
        if code == exit::USAGE || out.is_empty() {
            return ExitCode::from(code);
        }
        return match write_output(path, out.as_bytes()) {
            Ok(()) => ExitCode::from(code),
            Err(error) => {
                to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
                ExitCode::from(error.code())
            }
        };
    }
    if let Err(error) = io::stdout().lock().write_all(out.as_bytes()) {
        // A closed pipe (`neurotriage ... | head`) is the reader's choice,
        // not a failure.
        if error.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::from(exit::OK);
        }
        to_stderr(
            &format!("error: cannot write output: {}\n", crate::error::io_reason(&error)),
            false,
        );
        return ExitCode::from(exit::USAGE);
    }
    ExitCode::from(code)
}

/// The files a command reads, which its `-o` must not replace.
fn inputs(task: &Task) -> Vec<&std::path::Path> {
    match task {
        Task::Explain { input: ExplainInput::File(path), .. } => vec![path.as_path()],
        Task::QuizReport { files, .. } => files.iter().map(std::path::PathBuf::as_path).collect(),
        _ => Vec::new(),
    }
}

/// Writes a command's whole output to `path` (`-o`), as a batch writes its
/// output: a new or regular file is replaced only once all of it is
/// written; a character device or a pipe is written to where it is; a
/// folder, a link or anything else is refused.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    let cannot = |error: &crate::safe_write::WriteError| Error::WriteFile {
        path: path.display().to_string(),
        reason: error.to_string(),
        help: error.help(),
    };
    match crate::safe_write::open_output(path).map_err(|e| cannot(&e))? {
        crate::safe_write::Output::Replace(mut file, replacement) => {
            file.write_all(bytes).map_err(|e| cannot(&e.into()))?;
            drop(file);
            replacement.commit().map_err(|e| cannot(&e))
        }
        crate::safe_write::Output::Stream(mut file) => {
            file.write_all(bytes).map_err(|e| cannot(&e.into()))
        }
    }
}

/// `batch` with `--pack` given more than once: every pack loaded, then
/// the comparison.
fn compare_packs(config: &Config, options: &batch::BatchOptions) -> Result<u8, Error> {
    let mut packs = Vec::with_capacity(config.compare.len());
    for entry in &config.compare {
        let mut report = load::load(&load::PackSource::Embedded(entry));
        let pack = report
            .pack
            .take()
            .ok_or_else(|| Error::Pack { report: Box::new(report), from_env: false })?;
        packs.push((entry.name, pack));
    }
    let named: Vec<(&str, &Pack)> = packs.iter().map(|(name, pack)| (*name, pack)).collect();
    Ok(batch::compare::run(&named, options)?)
}

/// A quiz: the pack, the cases in their order, then the quiz's own loop.
fn quiz(config: &Config, task: &QuizTask) -> Result<u8, Error> {
    let pack = load_pack(config)?;
    let mut cases = teaching::quiz_cases(config, &pack, &task.cases)?;
    let seed = match task.order {
        Order::AsGiven => None,
        Order::Shuffled => Some(teaching::fresh_seed()),
        Order::Seeded(seed) => Some(seed),
    };
    let note = seed.map(|seed| {
        teaching::shuffle(&mut cases, seed);
        format!(
            "Cases shuffled with seed {seed}: `--shuffle --seed {seed}` gives this order again."
        )
    });
    let options = QuizOptions {
        color_stdout: config.color_stdout,
        color_stderr: config.color_stderr,
        echo: task.echo,
        history: task.history.clone(),
        record: task.record.clone(),
        student: task.student.clone(),
        quiet: config.verbosity == Verbosity::Quiet,
        note,
    };
    Ok(crate::quiz::run(&pack, &cases, &options)?)
}

/// The pack, or its problems printed on standard error and the exit status
/// to end with, for the tasks that print as they go.
fn load_pack_or_report(config: &Config) -> Result<Pack, ExitCode> {
    load_pack(config).map_err(|error| {
        to_stderr(&render_error(&error, config.color_stderr), config.color_stderr);
        ExitCode::from(error.code())
    })
}

/// The pack, or every problem that kept it from loading.
fn load_pack(config: &Config) -> Result<Pack, Error> {
    let started = std::time::Instant::now();
    let mut report = load::load(&config.pack);
    // The stored copy of the built-in pack comes without source files.
    let stored = report.sources.is_empty();
    let from_env = config.pack_from_env;
    let pack =
        report.pack.take().ok_or_else(|| Error::Pack { report: Box::new(report), from_env })?;
    if config.verbosity == Verbosity::Verbose {
        let note = pack_note(&pack, &config.pack, started.elapsed(), stored);
        to_stderr(&format!("{note}\n"), false);
    }
    Ok(pack)
}

/// `-v`: which pack is in use and where it came from, so that a surprising
/// answer can be traced to a stale copy or a forgotten `NEUROTRIAGE_RULES`.
fn pack_note(
    pack: &Pack,
    source: &load::PackSource,
    took: std::time::Duration,
    stored: bool,
) -> String {
    let from = match source {
        load::PackSource::Embedded(entry) if stored => {
            format!("built-in `{}` (its stored, checked copy)", entry.name)
        }
        load::PackSource::Embedded(entry) if entry.stored().is_some() => {
            format!("built-in `{}`, read from its YAML", entry.name)
        }
        load::PackSource::Embedded(entry) => {
            format!(
                "built-in `{}`, read from its YAML (the stored copy, src/load/{}, is stale)",
                entry.name, entry.stored_file
            )
        }
        load::PackSource::Folder(dir) => format!("read from `{}`", dir.display()),
    };
    format!(
        "note: rule pack `{}`: {from}; {} profiles, {} features, {} rules; loaded in {:.1} ms",
        pack.name,
        pack.profiles.len(),
        pack.features.len(),
        pack.rules.len(),
        took.as_secs_f64() * 1000.0
    )
}

fn execute(config: &Config, out: &mut String, err: &mut String) -> Result<u8, Error> {
    match &config.task {
        // Handled in `run`, which lets them print as they go.
        Task::Prompt { .. } | Task::Batch(_) | Task::Quiz(_) => Ok(exit::OK),
        Task::QuizReport { files, format } => {
            let (report, problems, code) = crate::quiz::report(files, *format, config.color_stderr);
            out.push_str(&report);
            err.push_str(&problems);
            Ok(code)
        }
        Task::Cases { show, markdown } => {
            let pack = load_pack(config)?;
            let (library, _) = teaching::library(config, &pack)?;
            match show {
                None => {
                    let origin = match (&config.cases, &config.pack) {
                        (Some(dir), _) => format!("the folder `{}`", dir.display()),
                        (None, load::PackSource::Embedded(entry))
                            if *entry == load::builtin::DEFAULT =>
                        {
                            "the built-in library".to_owned()
                        }
                        (None, load::PackSource::Embedded(entry)) => {
                            format!("the built-in library of the pack `{}`", entry.name)
                        }
                        (None, load::PackSource::Folder(dir)) => {
                            match load::case_folder::of_pack(dir) {
                                Some(cases) => format!("the folder `{}`", cases.display()),
                                None => format!("the rule pack's folder `{}`", dir.display()),
                            }
                        }
                    };
                    let cases: Vec<&CaseFile> = library.cases.iter().collect();
                    out.push_str(&case_sheet::list(&pack, &cases, &origin));
                }
                Some(id) => {
                    let case = library.find(id).ok_or_else(|| Error::UnknownCase {
                        id: id.clone(),
                        help: library.suggest(id),
                    })?;
                    out.push_str(&if *markdown {
                        case_sheet::show_markdown(&pack, case)
                    } else {
                        case_sheet::show(&pack, case)
                    });
                }
            }
            Ok(exit::OK)
        }
        Task::Help => {
            out.push_str(&generated::help());
            Ok(exit::OK)
        }
        Task::Completions(shell) => {
            out.push_str(&generated::completions(*shell));
            Ok(exit::OK)
        }
        Task::Schema(kind) => {
            // The rule-pack schema is the same for every pack; only the case
            // schema needs one.
            let schema = match kind {
                SchemaKind::Rules => schema::rules(),
                SchemaKind::Cases => schema::cases(&load_pack(config)?),
            };
            // Through the one JSON writer: the case schema carries the
            // pack's labels and questions.
            out.push_str(&crate::render::json_text::pretty(&schema));
            out.push('\n');
            Ok(exit::OK)
        }
        Task::Man => {
            out.push_str(&generated::man_page().map_err(|e| Error::Output {
                reason: format!("cannot write the manual page: {e}"),
            })?);
            Ok(exit::OK)
        }
        Task::RulesCheck => {
            let started = std::time::Instant::now();
            let mut report = load::check(&config.pack);
            if config.verbosity == Verbosity::Verbose
                && let Some(pack) = &report.pack
            {
                err.push_str(&pack_note(pack, &config.pack, started.elapsed(), false));
                err.push('\n');
            }
            let quiet = config.verbosity == Verbosity::Quiet;
            if quiet {
                report.problems.retain(PackError::is_error);
            }
            err.push_str(&pack_problems(&report, config.pack_from_env, config.color_stderr));
            let Some(pack) = &report.pack else { return Ok(exit::USAGE) };
            // The pack's teaching cases are checked against it: a case
            // that names a feature the pack lost is a pack problem too.
            let cases = match teaching::library(config, pack) {
                Ok((library, _)) => library.cases.len(),
                Err(error) => {
                    err.push_str(&render_error(&error, config.color_stderr));
                    err.push('\n');
                    let summary = match &error {
                        Error::Library { problems, .. } => format!(
                            "{} of the library {} (the first mistake of each is shown); docs/cases.md describes teaching cases",
                            crate::batch::report::plural(problems.len() as u64, "teaching case"),
                            if problems.len() == 1 { "has a mistake" } else { "have mistakes" },
                        ),
                        _ => "the teaching cases cannot be read".to_owned(),
                    };
                    err.push_str(&diagnostic::plain(&summary, None, config.color_stderr));
                    err.push('\n');
                    return Ok(exit::USAGE);
                }
            };
            if !quiet {
                out.push_str(&crate::render::listing::check_summary(
                    pack,
                    report.warning_count(),
                    cases,
                ));
            }
            Ok(exit::OK)
        }
        Task::RulesList => {
            let pack = load_pack(config)?;
            out.push_str(&crate::render::listing::rules(&pack));
            Ok(exit::OK)
        }
        Task::Compare(format) => {
            let pack = load_pack(config)?;
            out.push_str(&crate::render::compare::render(&pack, *format));
            Ok(exit::OK)
        }
        Task::Packs { json } => {
            let packs = packs::loaded(load::builtin::PACKS)?;
            out.push_str(&if *json {
                packs::json(&packs)
            } else {
                packs::text(&packs, config.width)
            });
            Ok(exit::OK)
        }
        Task::Features(format) => {
            let pack = load_pack(config)?;
            out.push_str(&if *format == crate::render::Format::Json {
                crate::render::listing::features_json(&pack)
            } else {
                crate::render::listing::features(&pack)
            });
            Ok(exit::OK)
        }
        Task::Explain { input, format, brief, closed_world, full } => {
            let pack = load_pack(config)?;
            let renderer = format.renderer(*brief, config.width, *full);
            let options = Options { closed_world: *closed_world, sections: renderer.sections() };
            let case_file = match input {
                ExplainInput::Features(features) => {
                    let case = assignment::parse_all(&pack, features).map_err(|error| {
                        Error::Assignment { error, arguments: features.clone() }
                    })?;
                    renderer.render(&engine::evaluate(&pack, &case, options), out);
                    return Ok(exit::OK);
                }
                ExplainInput::File(path) => {
                    teaching::explain_case(config, &pack, Some(path), None)?
                }
                ExplainInput::Library(id) => teaching::explain_case(config, &pack, None, Some(id))?,
            };
            let explanation = engine::evaluate(&pack, &case_file.case, options);
            renderer.render_case(&case_file, &explanation, out);
            Ok(exit::OK)
        }
    }
}

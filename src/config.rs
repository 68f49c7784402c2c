//! The checked configuration: raw clap arguments turned into decisions,
//! with colour resolved once. Later code never sees clap types.

use std::io::IsTerminal;

use crate::{
    cli::{Cli, Command, Format, RulesCommand},
    load::PackSource,
    use_color::ColorEnv,
};

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    Explain { features: Vec<String>, format: Format, brief: bool, closed_world: bool },
    Features,
    RulesCheck,
    RulesList,
    Help,
}

/// Everything a run needs, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub pack: PackSource,
    pub task: Task,
    /// Colour on standard output (never for JSON).
    pub color_stdout: bool,
    /// Colour for messages on standard error.
    pub color_stderr: bool,
}

impl Config {
    /// Settles the raw arguments. Colour is decided here and nowhere else.
    /// `rules_env` is `NEUROTRIAGE_RULES`; the flag wins over it, and an
    /// empty value counts as unset (as with `NO_COLOR`).
    pub fn from_cli(cli: Cli, env: &ColorEnv, rules_env: Option<std::ffi::OsString>) -> Self {
        let folder = cli.rules.or_else(|| rules_env.filter(|v| !v.is_empty()).map(Into::into));
        let mut pack = folder.map_or(PackSource::Builtin, PackSource::Folder);
        let task = match cli.command {
            Some(Command::Explain(args)) => Task::Explain {
                features: args.features,
                format: args.format,
                brief: args.brief,
                closed_world: args.unknown_as_absent,
            },
            Some(Command::Features) => Task::Features,
            Some(Command::Rules(RulesCommand::Check { dir })) => {
                if let Some(dir) = dir {
                    pack = PackSource::Folder(dir);
                }
                Task::RulesCheck
            }
            Some(Command::Rules(RulesCommand::List)) => Task::RulesList,
            None => Task::Help,
        };
        let machine_output = matches!(task, Task::Explain { format: Format::Json, .. });
        let color_stdout =
            !machine_output && cli.color.resolve(env, std::io::stdout().is_terminal());
        let color_stderr = cli.color.resolve(env, std::io::stderr().is_terminal());
        colored::control::set_override(color_stdout);
        Self { pack, task, color_stdout, color_stderr }
    }
}

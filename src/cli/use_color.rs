//! The colour decision, made once from `--color`, the environment and
//! whether the output is a terminal.

use clap::ValueEnum;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum UseColor {
    /// Colour when writing to a terminal, unless `NO_COLOR` is set or
    /// `TERM=dumb`; `CLICOLOR_FORCE` forces it on.
    #[default]
    Auto,
    /// Colour even when not writing to a terminal.
    Always,
    /// Never colour.
    Never,
}

/// The environment variables that bear on colour, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ColorEnv {
    pub(crate) no_color: Option<String>,
    pub(crate) clicolor_force: Option<String>,
    pub(crate) term: Option<String>,
}

impl ColorEnv {
    pub(crate) fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok();
        Self { no_color: var("NO_COLOR"), clicolor_force: var("CLICOLOR_FORCE"), term: var("TERM") }
    }
}

impl UseColor {
    /// Whether to colour a stream that is (or is not) a terminal.
    /// Precedence: the flag, then `NO_COLOR`, then `CLICOLOR_FORCE`, then
    /// `TERM=dumb`, then the terminal check.
    pub(crate) fn resolve(self, env: &ColorEnv, is_terminal: bool) -> bool {
        let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto if set(&env.no_color) => false,
            Self::Auto
                if set(&env.clicolor_force) && env.clicolor_force.as_deref() != Some("0") =>
            {
                true
            }
            Self::Auto if env.term.as_deref() == Some("dumb") => false,
            Self::Auto => is_terminal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_of_flag_and_environment() {
        let env = |n: Option<&str>, f: Option<&str>, t: Option<&str>| ColorEnv {
            no_color: n.map(str::to_owned),
            clicolor_force: f.map(str::to_owned),
            term: t.map(str::to_owned),
        };
        assert!(UseColor::Always.resolve(&env(Some("1"), None, None), false));
        assert!(!UseColor::Never.resolve(&env(None, Some("1"), None), true));
        assert!(!UseColor::Auto.resolve(&env(Some("1"), Some("1"), None), true));
        assert!(UseColor::Auto.resolve(&env(Some(""), Some("1"), None), false));
        assert!(!UseColor::Auto.resolve(&env(None, Some("0"), None), false));
        assert!(!UseColor::Auto.resolve(&env(None, None, Some("dumb")), true));
        assert!(UseColor::Auto.resolve(&env(None, None, Some("xterm")), true));
        assert!(!UseColor::Auto.resolve(&env(None, None, None), false));
    }
}

//! `completions SHELL` and `man`: generated from the command-line
//! definition, so they list every subcommand and option as they are.

use crate::test::Test;

#[test]
fn completions_for_every_shell_name_the_subcommands_and_options() {
    for (shell, marker) in [
        ("bash", "_neurotriage()"),
        ("zsh", "#compdef neurotriage"),
        ("fish", "complete -c neurotriage"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[neurotriage]"),
    ] {
        let out = Test::new().args(["completions", shell]).stdout_any().run();
        assert!(out.stdout.contains(marker), "{shell}: no `{marker}`");
        // fish names long options without their dashes.
        for word in ["explain", "batch", "prompt", "fail-on-disagreement", "detail"] {
            assert!(out.stdout.contains(word), "{shell}: `{word}` is not completed");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_with_the_choices() {
    Test::new()
        .args(["completions", "tcsh"])
        .status(2)
        .stderr(
            "
            error: invalid value 'tcsh' for '<SHELL>'
              [possible values: bash, elvish, fish, powershell, zsh]

              tip: a similar value exists: 'zsh'

            For more information, try '--help'.
            ",
        )
        .run();
}

#[test]
fn the_manual_page_has_every_subcommand_and_the_disclaimer() {
    let out = Test::new().args(["man"]).stdout_any().run();
    assert!(out.stdout.starts_with(".ie"), "not roff: {}", &out.stdout[..40]);
    assert!(out.stdout.contains(".TH neurotriage 1"));
    for heading in [
        ".SH \"NEUROTRIAGE EXPLAIN\"",
        ".SH \"NEUROTRIAGE PROMPT\"",
        ".SH \"NEUROTRIAGE BATCH\"",
        ".SH \"NEUROTRIAGE FEATURES\"",
        ".SH \"NEUROTRIAGE RULES\"",
        ".SH \"NEUROTRIAGE RULES CHECK\"",
        ".SH \"NEUROTRIAGE RULES LIST\"",
        ".SH \"NEUROTRIAGE SCHEMA\"",
        ".SH EXAMPLES",
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        ".SH DISCLAIMER",
    ] {
        assert!(out.stdout.contains(heading), "no `{heading}`");
    }
    // One page: no pointers to pages of subcommands that do not exist.
    assert!(!out.stdout.contains("(1)\n"), "a pointer to another page");
    // Examples are kept as typed, not filled.
    assert!(out.stdout.contains(".SH EXAMPLES\n.PP\n.nf\n  neurotriage explain age=62"));
    assert!(out.stdout.contains(".nf\nFeatures are written tersely"));
    // The exit statuses it lists are the program's.
    for code in [neurotriage::exit::OK, neurotriage::exit::SOME_FAILED, neurotriage::exit::USAGE] {
        assert!(out.stdout.contains(&format!(".TP\n{code}\n")), "exit status {code}");
    }
    assert!(out.stdout.contains("fail\\-on\\-disagreement"), "batch options are missing");
    assert!(out.stdout.contains("It is not a diagnosis and not medical advice"));
}

/// Every command's `--help` ends with real examples: each example line
/// parses as a command line of this binary (up to a pipe or redirection).
#[test]
fn every_help_has_examples_that_parse() {
    use clap::{CommandFactory, Parser};
    use neurotriage::Cli;

    fn helps(command: &mut clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((path.to_owned(), command.render_long_help().to_string()));
        for sub in command.get_subcommands_mut() {
            if sub.get_name() == "help" {
                continue;
            }
            let path = format!("{path} {}", sub.get_name());
            helps(sub, &path, out);
        }
    }
    let mut all = Vec::new();
    helps(&mut Cli::command(), "neurotriage", &mut all);
    assert!(all.len() >= 11, "{} helps", all.len());
    for (path, help) in all {
        let examples: Vec<&str> = help
            .split_once("Examples")
            .map(|(_, rest)| rest.lines().filter(|l| l.starts_with("  neurotriage ")).collect())
            .unwrap_or_default();
        assert!(!examples.is_empty(), "`{path} --help` has no examples");
        for example in examples {
            let command = example.split(['|', '>', '<']).next().unwrap_or_default();
            // Words, with "double quotes" kept together.
            let mut words = Vec::new();
            for (i, part) in command.split('"').enumerate() {
                if i % 2 == 1 {
                    words.push(part.to_owned());
                } else {
                    words.extend(part.split_whitespace().map(str::to_owned));
                }
            }
            if let Err(error) = Cli::try_parse_from(&words) {
                panic!("`{path} --help` example `{}` does not parse: {error}", example.trim());
            }
        }
    }
}

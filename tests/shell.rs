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
        ".SH DISCLAIMER",
    ] {
        assert!(out.stdout.contains(heading), "no `{heading}`");
    }
    assert!(out.stdout.contains("fail\\-on\\-disagreement"), "batch options are missing");
    assert!(out.stdout.contains("It is not a diagnosis and not medical advice"));
}

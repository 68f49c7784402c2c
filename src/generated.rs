//! Text generated from the command-line definition in [`crate::cli`]:
//! shell completion scripts (`clap_complete`) and the manual page
//! (`clap_mangen`), so that neither can fall out of step with the options.

use clap::CommandFactory;

use crate::cli::Cli;

/// The completion script for a shell.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "neurotriage", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page, in roff: the main page, then a section for each
/// subcommand (its synopsis and options), then the disclaimer.
pub fn man_page() -> std::io::Result<String> {
    let command = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    for sub in command.get_subcommands() {
        let page = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        page.render_synopsis_section(&mut section)?;
        page.render_options_section(&mut section)?;
        // Each subcommand's synopsis and options under its own heading.
        out.extend_from_slice(
            format!(".SH \"NEUROTRIAGE {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
        );
        let text = String::from_utf8_lossy(&section)
            .replace(".SH SYNOPSIS\n", "")
            .replace(".SH OPTIONS\n", "");
        out.extend_from_slice(text.as_bytes());
    }
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    out.extend_from_slice(b".SH DISCLAIMER\n");
    out.extend_from_slice(roff_text(crate::DISCLAIMER).as_bytes());
    out.push(b'\n');
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Plain text as a roff paragraph: a leading `.` or `'` would be read as a
/// request, and a backslash starts an escape.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}

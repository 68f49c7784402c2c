//! `save`, `explain html` and `load`: the only commands that touch files.
//! A case or a page is written whole or not at all (through
//! [`crate::safe_write`], which never replaces or writes through anything
//! but a regular file), and a case is read and checked whole before it
//! replaces the one being built.

use std::{
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

use super::{Loaded, Mistake, Reply, Session};
use crate::{
    cases::case_file::{self, CaseFile},
    error::io_reason,
    prompt::token::Token,
    render::clean::clean,
    render::diagnostic::{self, replace_controls},
    render::html::Html,
    safe_write::{self, WriteError},
};

impl Session<'_> {
    pub(super) fn save(
        &mut self,
        path: &Token,
        force: bool,
        out: &mut String,
    ) -> Result<(), Mistake> {
        let file = target(path, force, "save", "case.yaml")?;
        let case_file = self.loaded().unwrap_or_else(|| {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
            CaseFile {
                id: stem.filter(|s| !s.is_empty()).unwrap_or_else(|| "case".to_owned()),
                description: None,
                expected: None,
                rationale: None,
                case: self.case.clone(),
                teaching: None,
            }
        });
        let id = case_file.id.clone();
        let text = case_file::to_yaml(self.pack, &case_file);
        safe_write::write_whole(&file, text.as_bytes()).map_err(|error| cannot(path, &error))?;
        let count = self.case.len();
        let noun = if count == 1 { "feature" } else { "features" };
        let _ = writeln!(
            out,
            "Saved case `{}` ({count} {noun}) to {}.",
            replace_controls(&id),
            replace_controls(&path.text)
        );
        Ok(())
    }

    /// `explain html FILE` (and `save html FILE`, `save FILE.html`): the
    /// page `neurotriage explain --format html` prints, with a loaded
    /// case's own section, written to a file under the rules of `save`.
    pub(super) fn write_page(
        &self,
        path: &Token,
        force: bool,
        brief: bool,
        typed: &str,
        out: &mut String,
    ) -> Result<(), Mistake> {
        let file = target(path, force, typed, "lesson.html")?;
        let mut page = String::new();
        self.render(&Html { brief }, &mut page);
        // The page passes the boundary that `neurotriage explain --format
        // html` prints through, so the file holds the same bytes.
        let page = clean(&page, false);
        safe_write::write_whole(&file, page.as_bytes()).map_err(|error| cannot(path, &error))?;
        let _ = writeln!(
            out,
            "Wrote the {}report to {} (open it in a browser).",
            if brief { "brief " } else { "" },
            replace_controls(&path.text)
        );
        Ok(())
    }

    pub(super) fn load(&mut self, path: &Token, reply: &mut Reply) -> Result<(), Mistake> {
        let at = Some(path.span.clone());
        let text = read_case_file(Path::new(&path.text)).map_err(|(reason, help)| {
            Mistake::new(format!("cannot read `{}`: {reason}", path.text), at, Some(help))
        })?;
        let file = match case_file::parse_yaml(self.pack, &text) {
            Ok(file) => file,
            Err(mut error) => {
                // Quote the line at fault only, not a whole block of text.
                if let Some(at) = &mut error.at {
                    crate::load::first_line_only(at, &text);
                }
                // The mistake is in the file, not in the typed line: show
                // the file with a caret, and keep the case as it was.
                reply.failed = true;
                let note = self
                    .origin
                    .as_deref()
                    .map(|name| format!("read by `load` on {name}:{}", self.line_number));
                reply.err = diagnostic::case_file_problem(
                    &error,
                    &path.text,
                    &text,
                    note.as_deref(),
                    self.color,
                );
                reply.err.push('\n');
                return Ok(());
            }
        };
        let before = self.evaluate(&self.case);
        if self.interview.take().is_some() {
            let _ = writeln!(reply.out, "The interview stops.");
        }
        let (loaded, case) = Loaded::of(file);
        self.case = case;
        let count = self.case.len();
        let noun = if count == 1 { "feature" } else { "features" };
        let said = format!(
            "Loaded case `{}` ({count} {noun}) from {}.",
            replace_controls(&loaded.id),
            replace_controls(&path.text)
        );
        self.wrap(&mut reply.out, "", 2, &said);
        if let Some(description) = &loaded.description {
            self.wrap(&mut reply.out, "  ", 2, &replace_controls(description.trim()));
        }
        self.loaded = Some(loaded);
        let after = self.evaluate(&self.case);
        self.status(&before, &after, &mut reply.out);
        if let Some(expected) = self.expected() {
            let agreement = self.agreement(expected, &after);
            self.wrap(&mut reply.out, "", 0, &agreement);
        }
        Ok(())
    }
}

/// The file `path` names, if it may be written: not a folder, a link or
/// anything but a regular file (`--force` on a device, a pipe or a link
/// must not replace it with a file), and not a file that exists unless
/// `force`. `typed` is the command before the file, for the hint to
/// replace it; `example` a file name for the hint to give one.
fn target(path: &Token, force: bool, typed: &str, example: &str) -> Result<PathBuf, Mistake> {
    let at = Some(path.span.clone());
    let folder = || {
        Mistake::new(
            format!("`{}` is a folder", path.text),
            at.clone(),
            Some(format!("give a file name such as `{example}`")),
        )
    };
    if path.text.is_empty() {
        return Err(Mistake::new(
            format!("`{typed}` needs a file name"),
            at,
            Some(format!("give a file name such as `{example}`")),
        ));
    }
    if path.text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err(folder());
    }
    let file = PathBuf::from(&path.text);
    match safe_write::check_replaceable(&file) {
        Err(WriteError::Folder) => Err(folder()),
        Err(error) => Err(cannot(path, &error)),
        Ok(Some(_)) if !force => Err(Mistake::new(
            format!("`{}` already exists", path.text),
            at,
            Some(format!("write `{typed} {} --force` to replace it", typed_path(&path.text))),
        )),
        Ok(_) => Ok(file),
    }
}

/// A write that failed: which file, why, and how to fix it.
fn cannot(path: &Token, error: &WriteError) -> Mistake {
    Mistake::new(
        format!("cannot write `{}`: {error}", path.text),
        Some(path.span.clone()),
        Some(error.help().into()),
    )
}

/// A file name as it must be typed again: in quotes when it holds a space
/// or a quote.
fn typed_path(path: &str) -> String {
    if path.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\\') {
        format!("'{}'", path.replace('\'', "'\\''"))
    } else {
        path.to_owned()
    }
}

/// Reads a case file with the batch reader's limits; a failure comes with
/// its reason and how to fix it.
fn read_case_file(path: &Path) -> Result<String, (String, String)> {
    let check = || "check the file's name and that it can be read".to_owned();
    let file = fs::File::open(path).map_err(|e| (io_reason(&e), check()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(("it is a folder".into(), "give a case file such as `case.yaml`".into()));
    }
    crate::cases::reader::read_text(&mut std::io::BufReader::new(file))
        .map_err(|e| (e.kind.to_string(), e.help.unwrap_or_else(check)))
}

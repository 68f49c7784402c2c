//! The texts of a folder of teaching cases: the `cases/` folder of a rule
//! pack, a teacher's own folder (`--cases DIR`), or the built-in library
//! compiled into the binary. Only reading happens here; the cases are
//! parsed and checked by [`crate::cases::library`], which knows the case
//! format.

use std::path::{Path, PathBuf};

use crate::{
    error::io_reason,
    load::builtin::BuiltinPack,
    load::pack_error::{PackError, PackErrorKind},
};

/// The folder of teaching cases inside a pack folder.
pub(crate) const PACK_SUBFOLDER: &str = "cases";

/// `(display name, text)` of each case file of the default built-in pack,
/// sorted by name.
#[cfg(test)]
pub(crate) fn builtin() -> Vec<(String, String)> {
    of_builtin(crate::load::builtin::DEFAULT)
}

/// `(display name, text)` of each case file of a built-in pack (compiled
/// in with `include_dir!`: a case added to the folder cannot be
/// forgotten), sorted by name; none when it has no `cases/` folder.
pub(crate) fn of_builtin(entry: &BuiltinPack) -> Vec<(String, String)> {
    let Some(dir) = entry.cases else { return Vec::new() };
    let folder = entry.cases_folder();
    let mut files: Vec<(String, String)> = dir
        .files()
        .filter(|f| is_case_file(f.path()))
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?;
            Some((format!("{folder}/{name}"), f.contents_utf8()?.to_owned()))
        })
        .collect();
    files.sort();
    files
}

/// The cases folder of a pack folder, if it has one.
pub(crate) fn of_pack(dir: &Path) -> Option<PathBuf> {
    let folder = dir.join(PACK_SUBFOLDER);
    folder.is_dir().then_some(folder)
}

/// `(display name, text)` of every case file (`.yaml`, `.yml`) directly in
/// `dir`, sorted by name, and a problem for each one that could not be
/// read. Only regular files are read: a pipe or a device named `x.yaml`
/// is refused by name, never waited on. A case file that is a symbolic link out
/// of the folder is refused, as a pack's files are.
pub(crate) fn read(dir: &Path) -> (Vec<(String, String)>, Vec<PackError>) {
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(PackError::in_file(
                None,
                PackErrorKind::CaseFolder {
                    path: dir.display().to_string(),
                    reason: io_reason(&error),
                },
            ));
            return (Vec::new(), problems);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // A pipe, socket or device named like a case file is not skipped in
        // silence: `check_inside` refuses it by name, as in a pack's folder.
        .filter(|p| is_case_file(p) && !p.is_dir())
        .collect();
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        if let Err(problem) = super::check_inside(&path, dir, super::FileKind::Cases) {
            problems.push(*problem);
            continue;
        }
        match super::read_limited(&path, super::FileKind::Cases) {
            Ok(text) => files.push((path.display().to_string(), text)),
            Err(problem) => problems.push(*problem),
        }
    }
    (files, problems)
}

/// Reads one case file named on the command line.
pub(crate) fn read_file(path: &Path) -> Result<(String, String), Box<PackError>> {
    super::read_limited(path, super::FileKind::Cases).map(|text| (path.display().to_string(), text))
}

fn is_case_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

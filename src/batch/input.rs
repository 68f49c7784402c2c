//! The inputs of a batch: files and folders named on the command line
//! (folders walked in sorted order), standard input, the files skipped on
//! the way, and reading them all, in order, into chunks of cases.
//!
//! Reading never stops at a bad file: a path that cannot be read becomes
//! one failed case, so that the summary accounts for it.

use std::{
    collections::HashSet,
    fs,
    io::{self, BufRead, BufReader},
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::{
    batch::{BatchError, note},
    cases::case_error::{CaseError, CaseErrorKind},
    cases::reader::{self as case_reader, CaseFormat, Chunk, Found, Pending, Source},
    error::{io_reason, one_line, special_kind},
    pack::Pack,
    render::diagnostic,
    safe_write,
};

/// Cases read, evaluated and written together: enough that handing a
/// chunk between threads costs little per case, few enough that the
/// chunks in flight keep memory flat and every core busy.
const CHUNK: usize = 256;

/// A chunk is sent early once its JSON lines reach this many bytes, so that
/// long lines do not make large chunks.
const CHUNK_BYTES: usize = 1024 * 1024;

/// Takes the output file out of the inputs: named, it would be emptied
/// before it is read; found in a folder, it would be read while it grows.
/// Named on the command line, it is an error; found in a folder, it is
/// skipped with a note.
pub(crate) fn drop_output(
    inputs: &mut Vec<Input>,
    named: &[PathBuf],
    output: &Path,
    quiet: bool,
) -> Result<(), BatchError> {
    let Some(output) = safe_write::canonical_target(output) else { return Ok(()) };
    let is_output = |input: &Input| match &input.kind {
        InputKind::File { path, .. } => fs::canonicalize(path).is_ok_and(|p| p == output),
        _ => false,
    };
    if let Some(input) =
        inputs.iter().find(|i| is_output(i) && named.iter().any(|p| **p == *i.name))
    {
        return Err(BatchError::OutputIsInput { name: input.name.to_string() });
    }
    inputs.retain(|input| {
        let skip = is_output(input);
        if skip && !quiet {
            note(&format!("note: skipped `{}`, the output file\n", one_line(&input.name)));
        }
        !skip
    });
    Ok(())
}

/// One input to read.
pub(crate) struct Input {
    pub(crate) name: Arc<str>,
    pub(crate) kind: InputKind,
}

pub(crate) enum InputKind {
    Stdin(Option<CaseFormat>),
    File {
        path: PathBuf,
        format: CaseFormat,
        size: u64,
    },
    /// A path that cannot be read; one failed record says why.
    Broken(CaseError),
}

/// The inputs named on the command line, folders expanded (recursively, in
/// sorted order). Files that are not case files, and pipes, sockets and
/// devices found in a folder, are skipped with a note.
pub(crate) fn inputs(
    paths: &[PathBuf],
    forced: Option<CaseFormat>,
    quiet: bool,
) -> (Vec<Input>, u64) {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut visited = HashSet::new();
    for path in paths {
        let name: Arc<str> = Arc::from(path.display().to_string());
        if path.as_os_str() == "-" {
            out.push(Input { name: Arc::from("-"), kind: InputKind::Stdin(forced) });
            continue;
        }
        // A path named on the command line that cannot be read is said on
        // standard error too, not only in its failed record, which may go
        // to a file. Opening a regular file tells whether it can be read;
        // anything else is not opened here (a pipe would wait).
        let readable = fs::metadata(path).and_then(|meta| {
            if meta.is_dir() {
                fs::read_dir(path).map(|_| meta)
            } else if meta.is_file() {
                fs::File::open(path).map(|_| meta)
            } else {
                Ok(meta)
            }
        });
        if let Err(error) = &readable {
            cannot_read(path, error);
        }
        match readable {
            Err(error) if error.kind() == io::ErrorKind::NotFound => out.push(Input {
                name,
                kind: InputKind::Broken(
                    CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&error) })
                        .help("check the path"),
                ),
            }),
            // Read as before, for the failed record to say why.
            Err(_) if path.is_dir() => walk(path, &mut visited, &mut out, &mut skipped, quiet),
            Err(error) => out.push(Input {
                name,
                kind: InputKind::Broken(CaseError::new(CaseErrorKind::Unreadable {
                    reason: io_reason(&error),
                })),
            }),
            Ok(meta) if meta.is_dir() => walk(path, &mut visited, &mut out, &mut skipped, quiet),
            Ok(meta) => {
                // A file named on the command line is read whatever its
                // extension, if its format is known; so is a pipe or a
                // device (a FIFO, `/dev/stdin`): naming it is the choice to
                // wait for it. Only those found in a folder are skipped.
                match CaseFormat::of_path(path).or(forced) {
                    Some(format) => out.push(Input {
                        name,
                        kind: InputKind::File { path: path.clone(), format, size: meta.len() },
                    }),
                    None => out.push(Input {
                        name,
                        kind: InputKind::Broken(CaseError::new(CaseErrorKind::UnknownFormat).help(
                            "name it .yaml, .yml, .jsonl, .csv or .json, or give --input-format",
                        )),
                    }),
                }
            }
        }
    }
    (out, skipped)
}

/// Says on standard error that a path named on the command line cannot be
/// read; the run goes on, and counts it as a failed case.
fn cannot_read(path: &Path, error: &io::Error) {
    let help = match error.kind() {
        io::ErrorKind::NotFound => "check the path; the other inputs are read",
        io::ErrorKind::PermissionDenied => {
            "check its permissions (`chmod u+r`); the other inputs are read"
        }
        _ => "check that it is a case file or a folder; the other inputs are read",
    };
    let message =
        format!("cannot read `{}`: {}", one_line(&path.display().to_string()), io_reason(error));
    note(&format!("{}\n", diagnostic::plain(&message, Some(help), false)));
}

/// Case files under a folder, in sorted order; others are skipped with a
/// note on standard error. A folder reached twice (a symbolic link loop)
/// is read once.
fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<Input>,
    skipped: &mut u64,
    quiet: bool,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        if quiet {
            return;
        }
        note(&format!("note: `{}` was read already (a link loop?); skipped\n", dir.display()));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Input {
                name: Arc::from(dir.display().to_string()),
                kind: InputKind::Broken(CaseError::new(CaseErrorKind::UnreadableFolder {
                    reason: io_reason(&error),
                })),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name: Arc<str> = Arc::from(path.display().to_string());
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, visited, out, skipped, quiet),
            // A pipe, a socket or a device found in a folder is never
            // opened: reading a pipe named `x.yaml` would wait for ever.
            Ok(meta) if !meta.is_file() => {
                *skipped += 1;
                if !quiet {
                    note(&format!(
                        "note: skipped `{}` ({}, not a regular file)\n",
                        one_line(&path.display().to_string()),
                        special_kind(&meta)
                    ));
                }
            }
            Ok(meta) => match CaseFormat::of_path(&path) {
                Some(format) => out
                    .push(Input { name, kind: InputKind::File { path, format, size: meta.len() } }),
                None if quiet => *skipped += 1,
                None => {
                    *skipped += 1;
                    note(&format!(
                        "note: skipped `{}` (not .yaml, .yml, .jsonl, .csv or .json)\n",
                        one_line(&path.display().to_string())
                    ));
                }
            },
            // A broken link to something that is not a case file (an
            // editor's lock file) is skipped like any other such file.
            Err(_) if CaseFormat::of_path(&path).is_none() => {
                *skipped += 1;
                if quiet {
                    continue;
                }
                note(&format!(
                    "note: skipped `{}` (cannot be read)\n",
                    one_line(&path.display().to_string())
                ));
            }
            Err(error) => out.push(Input {
                name,
                kind: InputKind::Broken(CaseError::new(CaseErrorKind::Unreadable {
                    reason: io_reason(&error),
                })),
            }),
        }
    }
}

/// Reads every input in order and sends its cases in chunks; returns the
/// number of inputs. Stops early when `send` fails.
pub(crate) fn read_all(
    pack: &Pack,
    inputs: &[Input],
    send: &mut dyn FnMut(Chunk) -> io::Result<()>,
) -> u64 {
    let mut chunk = Chunk::with_capacity(CHUNK, 0);
    let mut files = 0;
    let mut emit = |found: Found<'_>| -> io::Result<()> {
        chunk.push(found);
        if chunk.len() >= CHUNK || chunk.bytes_len() >= CHUNK_BYTES {
            let bytes = chunk.bytes_len().min(CHUNK_BYTES);
            send(std::mem::replace(&mut chunk, Chunk::with_capacity(CHUNK, bytes + bytes / 8)))?;
        }
        Ok(())
    };
    for input in inputs {
        files += 1;
        let source = || Source { file: Arc::clone(&input.name), line: 1 };
        let failed = |error| Found::Case(Pending::failed(source(), error));
        let result = match &input.kind {
            InputKind::Broken(error) => emit(failed(error.clone())),
            InputKind::Stdin(None) => emit(failed(
                CaseError::new(CaseErrorKind::StdinFormat)
                    .help("give --input-format yaml, jsonl or csv"),
            )),
            InputKind::Stdin(Some(format)) => {
                let stdin = io::stdin();
                let mut reader = stdin.lock();
                case_reader::read(pack, *format, &input.name, &mut reader, &mut emit)
            }
            InputKind::File { path, format, .. } => match fs::File::open(path) {
                Ok(file) => {
                    let mut reader: Box<dyn BufRead> =
                        Box::new(BufReader::with_capacity(1 << 16, file));
                    case_reader::read(pack, *format, &input.name, &mut reader, &mut emit)
                }
                Err(error) => emit(failed(CaseError::new(CaseErrorKind::Unreadable {
                    reason: io_reason(&error),
                }))),
            },
        };
        if result.is_err() {
            return files;
        }
    }
    if !chunk.is_empty() {
        let _ = send(chunk);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_sorted_order_and_other_files_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("b")).unwrap();
        for file in ["c.jsonl", "b/2.csv", "b/1.yml", "a.yaml", "notes.txt"] {
            fs::write(root.join(file), "").unwrap();
        }
        let named = [root.to_path_buf(), PathBuf::from("-"), root.join("missing.csv")];
        let (inputs, skipped) = inputs(&named, Some(CaseFormat::Csv), true);
        let found: Vec<String> = inputs
            .iter()
            .map(|input| match &input.kind {
                InputKind::File { path, .. } => {
                    path.strip_prefix(root).unwrap().display().to_string()
                }
                InputKind::Stdin(format) => format!("stdin as {format:?}"),
                InputKind::Broken(error) => format!("broken: {error}"),
            })
            .collect();
        assert_eq!(
            found,
            [
                "a.yaml",
                "b/1.yml",
                "b/2.csv",
                "c.jsonl",
                "stdin as Some(Csv)",
                "broken: cannot read it: no such file or folder",
            ]
        );
        assert_eq!(skipped, 1);
    }

    #[test]
    fn the_output_is_never_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        fs::write(&out, "").unwrap();
        fs::write(dir.path().join("in.csv"), "").unwrap();
        // Found in a folder: skipped.
        let named = [dir.path().to_path_buf()];
        let (mut found, _) = inputs(&named, None, true);
        drop_output(&mut found, &named, &out, true).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].name.ends_with("in.csv"));
        // Named: an error.
        let named = [out.clone()];
        let (mut found, _) = inputs(&named, None, true);
        let error = drop_output(&mut found, &named, &out, true).unwrap_err();
        assert!(matches!(error, BatchError::OutputIsInput { .. }), "{error}");
    }
}

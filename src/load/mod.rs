//! Reads a rule pack's files (from a folder or the built-in copy), parses
//! each as YAML and hands the trees to [`crate::load::validate`].
//!
//! This is the only layer that touches the file system for rule packs. It
//! must not interpret a file's contents beyond parsing: that is
//! [`validate`], which owns every check of the rule language.

pub(crate) mod builtin;
pub(crate) mod case_folder;
pub(crate) mod node;
pub(crate) mod pack_error;
pub(crate) mod validate;
pub(crate) mod yaml;

use std::{
    fs,
    io::Read,
    path::{Path, PathBuf},
};

use crate::{
    error::io_reason,
    limits,
    load::node::Node,
    load::pack_error::{PackError, PackErrorKind, Place},
    load::validate::{ParsedFiles, SourceFile},
    load::yaml::Spanned,
    pack::Pack,
    span::{Position, first_non_utf8},
};

/// Where a pack comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PackSource {
    /// A built-in pack (`--pack NAME`; the default without `--rules`).
    Embedded(&'static builtin::BuiltinPack),
    /// A pack folder (`--rules DIR`, `NEUROTRIAGE_RULES`, `rules check DIR`).
    Folder(PathBuf),
}

impl PackSource {
    /// The default built-in pack (`document`). Named like a variant so that
    /// code and tests that mean "the built-in pack" read as they did
    /// before there were several.
    #[allow(non_upper_case_globals)]
    pub(crate) const Builtin: Self = Self::Embedded(builtin::DEFAULT);
}

/// The files a pack may hold, and whether each is required.
pub(crate) const PACK_FILES: [(&str, bool); 6] = [
    ("pack.yaml", true),
    ("claims.yaml", true),
    ("features.yaml", true),
    ("derived.yaml", false),
    ("rules.yaml", true),
    ("alerts.yaml", false),
];

/// The outcome of loading: the pack if it is sound, every problem found
/// (errors and warnings), and the texts needed to show them with a caret.
#[derive(Debug)]
pub(crate) struct PackReport {
    pub(crate) pack: Option<Pack>,
    pub(crate) problems: Vec<PackError>,
    pub(crate) sources: Vec<SourceFile>,
}

impl PackReport {
    pub(crate) fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.problems.len() - self.error_count()
    }
}

/// Loads a pack for use. Never fails outright: problems are in the report.
/// The built-in pack comes from its stored, already checked copy when that
/// is fresh (see [`builtin`]).
pub(crate) fn load(source: &PackSource) -> PackReport {
    if let PackSource::Embedded(entry) = source
        && let Some(pack) = entry.stored()
    {
        return PackReport { pack: Some(pack), problems: Vec::new(), sources: Vec::new() };
    }
    check(source)
}

/// Reads and checks a pack from its YAML, whatever the source: what
/// `rules check` runs.
pub(crate) fn check(source: &PackSource) -> PackReport {
    let mut problems = Vec::new();
    let files: Vec<(String, String)> = match source {
        PackSource::Embedded(entry) => entry.texts(),
        PackSource::Folder(dir) => {
            let files = read_folder(dir, &mut problems);
            // An unreadable folder is one problem, not one per missing file.
            if files.is_empty() && !problems.is_empty() {
                return PackReport { pack: None, problems, sources: Vec::new() };
            }
            files
        }
    };
    let mut report = from_texts(files);
    // A file that is there but could not be read is reported already; it
    // is not also missing.
    let unread: Vec<String> = problems
        .iter()
        .filter_map(|p| match &p.place {
            Place::File { name, .. } => Some(file_name(name).to_owned()),
            Place::Pack | Place::Source(_) => None,
        })
        .collect();
    report.problems.retain(
        |p| !matches!(&p.kind, PackErrorKind::MissingFile { file } if unread.contains(file)),
    );
    problems.append(&mut report.problems);
    report.problems = problems;
    // As in `from_texts`: with errors, warnings would mislead.
    if report.problems.iter().any(PackError::is_error) {
        report.problems.retain(PackError::is_error);
        report.pack = None;
    }
    report
}

/// Checks a pack given as `(display name, text)` pairs; the file role is
/// taken from the last path component of the name.
pub(crate) fn from_texts(files: Vec<(String, String)>) -> PackReport {
    let mut problems = Vec::new();
    let mut parsed = ParsedFiles::default();
    let mut sources = Vec::new();
    let mut roles = Vec::new();
    let mut files: Vec<Option<(String, String)>> = files.into_iter().map(Some).collect();
    for (role, required) in PACK_FILES {
        let found = files
            .iter_mut()
            .find(|f| f.as_ref().is_some_and(|(name, _)| file_name(name) == role))
            .and_then(Option::take);
        match found {
            Some((name, text)) => {
                roles.push(role);
                sources.push(SourceFile { name, text });
            }
            None if required => problems.push(
                PackError::in_file(None, PackErrorKind::MissingFile { file: role.into() }).help(
                    format!(
                        "a rule pack is a folder holding `{}`; see docs/rules.md",
                        required_list()
                    ),
                ),
            ),
            None => {}
        }
    }
    for (index, (role, tree)) in roles.into_iter().zip(parse_all(&sources)).enumerate() {
        let tree = match tree {
            Ok(tree) => tree,
            Err(error) => {
                let at = error.at.unwrap_or(Position::line(1));
                problems.push(PackError::at(
                    at.in_source(index),
                    PackErrorKind::Yaml { message: error.message },
                ));
                continue;
            }
        };
        let slot = match role {
            "pack.yaml" => &mut parsed.pack,
            "claims.yaml" => &mut parsed.claims,
            "features.yaml" => &mut parsed.features,
            "derived.yaml" => &mut parsed.derived,
            "rules.yaml" => &mut parsed.rules,
            _ => &mut parsed.alerts,
        };
        *slot = Some((index, tree));
    }
    let (pack, mut more) = validate::build(&parsed);
    problems.append(&mut more);
    for problem in &mut problems {
        on_one_line(problem, &sources);
    }
    // Warnings (such as "claim not cited") are only meaningful once the
    // whole pack could be read; with errors they would mislead.
    if problems.iter().any(PackError::is_error) {
        problems.retain(PackError::is_error);
    }
    let pack = if problems.iter().any(PackError::is_error) { None } else { pack };
    PackReport { pack, problems, sources }
}

/// Shortens a problem's span to the end of its first line, so that a
/// message quotes no more than the line at fault: a value that runs over
/// many lines (a whole file read as one block of text, as a system file
/// would be) is shown by its first line and a caret.
fn on_one_line(problem: &mut PackError, sources: &[SourceFile]) {
    let Place::Source(span) = &mut problem.place else { return };
    if let Some(source) = sources.get(span.source) {
        first_line_only(&mut span.at, &source.text);
    }
}

/// Shortens `at` to the end of the line it starts on in `text` (see
/// [`on_one_line`]); teaching cases, which are part of a pack, use it too.
pub(crate) fn first_line_only(at: &mut Position, text: &str) {
    let Some(rest) = text.get(at.offset..) else { return };
    if let Some(end) = rest.find('\n') {
        let end = rest[..end].strip_suffix('\r').map_or(end, str::len);
        at.len = at.len.min(end);
    }
}

type Parsed = Result<Spanned<Node>, yaml::YamlError>;

/// Parses the files, the larger ones on a second thread: YAML parsing is
/// most of the start-up time of `explain` (see docs/performance.md). If a
/// thread cannot be started, everything is parsed here.
fn parse_all(sources: &[SourceFile]) -> Vec<Parsed> {
    let parse = |s: &SourceFile| yaml::parse::<Spanned<Node>>(&s.text);
    // Split where the two halves are closest in size.
    let total: usize = sources.iter().map(|s| s.text.len()).sum();
    let mut split = 0;
    let mut running = 0;
    for (i, s) in sources.iter().enumerate() {
        if running * 2 >= total {
            break;
        }
        running += s.text.len();
        split = i + 1;
    }
    let (first, second) = sources.split_at(split);
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .spawn_scoped(scope, || second.iter().map(parse).collect::<Vec<_>>());
        let mut out: Vec<Parsed> = first.iter().map(parse).collect();
        match worker.map(std::thread::ScopedJoinHandle::join) {
            Ok(Ok(rest)) => out.extend(rest),
            _ => out.extend(second.iter().map(parse)),
        }
        out
    })
}

fn file_name(display: &str) -> &str {
    display.rsplit(['/', '\\']).next().unwrap_or(display)
}

fn required_list() -> String {
    PACK_FILES.iter().filter(|(_, r)| *r).map(|(f, _)| *f).collect::<Vec<_>>().join("`, `")
}

fn read_folder(dir: &Path, problems: &mut Vec<PackError>) -> Vec<(String, String)> {
    let display = |p: &Path| p.display().to_string();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(PackError::in_file(
                None,
                PackErrorKind::Folder { path: display(dir), reason: io_reason(&error) },
            ));
            return Vec::new();
        }
    };
    let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    let mut files = Vec::new();
    for path in names {
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml {
            continue;
        }
        let name = display(&path);
        let known = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| PACK_FILES.iter().any(|(f, _)| *f == n));
        if !known {
            let all: Vec<&str> = PACK_FILES.iter().map(|(f, _)| *f).collect();
            let typed = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let help = crate::pack::suggest::did_you_mean(typed, all.iter().copied())
                .unwrap_or_else(|| format!("a rule pack's files are `{}`", all.join("`, `")));
            problems.push(
                PackError::in_file(
                    Some(&name),
                    PackErrorKind::UnexpectedFile { file: typed.to_owned() },
                )
                .help(help),
            );
            continue;
        }
        if let Err(problem) = check_inside(&path, dir, FileKind::Rules) {
            problems.push(*problem);
            continue;
        }
        match read_limited(&path, FileKind::Rules) {
            Ok(text) => files.push((name, text)),
            Err(problem) => problems.push(*problem),
        }
    }
    files
}

/// Refuses a file of a pack folder (or of a folder of teaching cases)
/// that is a symbolic link leading out of `folder`, or that is not a
/// regular file. The files are untrusted: a link to a system file would
/// have its lines quoted in messages, and a pipe would be waited on.
pub(crate) fn check_inside(
    path: &Path,
    folder: &Path,
    kind: FileKind,
) -> Result<(), Box<PackError>> {
    let name = path.display().to_string();
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link
        && let (Ok(target), Ok(root)) = (fs::canonicalize(path), fs::canonicalize(folder))
        && !target.starts_with(&root)
    {
        let what = match kind {
            FileKind::Rules => "a rule pack's files must be inside its folder",
            FileKind::Cases => "teaching case files must be inside their folder",
        };
        let folder = folder.display().to_string();
        let help = format!("{what}: copy the file into `{folder}` in place of the link");
        let problem = PackErrorKind::LinkOutside {
            file: name.clone(),
            target: target.display().to_string(),
            folder,
        };
        return Err(Box::new(PackError::in_file(Some(&name), problem).help(help)));
    }
    // A link that leads nowhere is reported when it is read.
    match fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() && !metadata.is_dir() => {
            let problem = PackErrorKind::NotRegular {
                file: name.clone(),
                what: crate::error::special_kind(&metadata),
            };
            let help = match kind {
                FileKind::Rules => {
                    "a rule pack's files are text files; put the file itself in its place"
                }
                FileKind::Cases => {
                    "teaching cases are text files; put the file itself in its place"
                }
            };
            Err(Box::new(PackError::in_file(Some(&name), problem).help(help)))
        }
        _ => Ok(()),
    }
}

/// What a file read whole is, for the words of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Rules,
    Cases,
}

/// Reads a file, refusing one over the size limit before reading it all.
pub(crate) fn read_limited(path: &Path, kind: FileKind) -> Result<String, Box<PackError>> {
    let name = path.display().to_string();
    let problem = |kind| PackError::in_file(Some(&name), kind);
    let unreadable = |error: &std::io::Error| {
        let help = match error.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "check its permissions: you need to be able to read it (`chmod u+r`)"
            }
            _ => "check that it is a file and that it can be read",
        };
        Box::new(
            problem(PackErrorKind::Unreadable { file: name.clone(), reason: io_reason(error) })
                .help(help),
        )
    };
    let file = fs::File::open(path).map_err(|e| unreadable(&e))?;
    let mut bytes = Vec::new();
    file.take(limits::MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > limits::MAX_RULE_FILE_BYTES {
        let (what, help) = match kind {
            FileKind::Rules => (
                "rule files",
                "a rule file holds text only; split the rules, or check that this is the right file",
            ),
            FileKind::Cases => (
                "teaching case files",
                "a case file holds text only; split the cases into several files, or check that this is the right file",
            ),
        };
        return Err(Box::new(
            problem(PackErrorKind::TooLarge { file: name.clone(), limit: "1 MiB".into(), what })
                .help(help),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map_or(bytes.as_slice(), |b| b);
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        let mut error =
            problem(PackErrorKind::NotUtf8 { file: name.clone() }).help("save it as UTF-8");
        error.place = Place::File { name: name.clone(), at: first_non_utf8(bytes) };
        Box::new(error)
    })
}

//! A small builder for running the `neurotriage` binary, in the spirit of
//! casey/just's `tests/test.rs`:
//!
//! ```ignore
//! Test::new()
//!     .pack("mini")
//!     .write("pack/rules.yaml", "rules: [")
//!     .args(["rules", "check", "pack"])
//!     .stderr("error: ...\n")
//!     .status(2)
//!     .run();
//! ```
//!
//! Every run happens in a fresh temporary directory (the working directory
//! of the binary), with the colour and rule-pack variables of the caller's
//! environment removed and `NO_COLOR=1` set, so results do not depend on
//! the machine. Unless told otherwise, `run` expects exit status 0 and
//! empty standard output and standard error: a test states every stream it
//! expects something on, and whole texts are compared.

use std::{
    fs,
    io::Write as _,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use tempfile::TempDir;

/// The disclaimer as text output prints it, wrapped at 80 columns.
pub(crate) const DISCLAIMER: &str = "\
Disclaimer: neurotriage is an educational tool for learning differential
reasoning. It is not a diagnosis and not medical advice; only a clinician who
examines the person can diagnose. If you are worried about symptoms, see a
doctor.
";

/// Environment variables that would change the binary's behaviour.
const CLEARED_ENV: [&str; 4] = ["NO_COLOR", "CLICOLOR_FORCE", "TERM", "NEUROTRIAGE_RULES"];

/// The repository root (where `rules/` and `tests/packs/` live).
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One run of the binary, and what it must produce.
#[must_use]
pub(crate) struct Test {
    dir: TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<Vec<u8>>,
    stdout: Option<String>,
    stderr: Option<String>,
    status: i32,
    /// A program (and its options) that runs the binary: `setpriv` for
    /// [`Test::unreadable`].
    wrapper: Vec<String>,
}

/// What a run produced, for checks the builder does not make itself.
pub(crate) struct Output {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    /// The directory the binary ran in, kept until the output is dropped,
    /// for files it wrote.
    pub(crate) dir: TempDir,
}

impl Test {
    pub(crate) fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
            args: Vec::new(),
            env: vec![("NO_COLOR".into(), "1".into())],
            stdin: None,
            stdout: Some(String::new()),
            stderr: Some(String::new()),
            status: 0,
            wrapper: Vec::new(),
        }
    }

    /// The temporary directory the binary runs in.
    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies the fixture pack `tests/packs/NAME` to `pack/`.
    pub(crate) fn pack(self, name: &str) -> Self {
        let from = root().join("tests/packs").join(name);
        copy_yaml(&from, &self.path().join("pack"));
        self
    }

    /// Copies the built-in pack (`rules/`) to `pack/`.
    pub(crate) fn builtin_pack(self) -> Self {
        copy_yaml(&root().join("rules"), &self.path().join("pack"));
        self
    }

    /// Adds `--rules DIR` in front of the arguments.
    pub(crate) fn rules_dir(mut self, dir: &str) -> Self {
        self.args.splice(0..0, ["--rules".to_owned(), dir.to_owned()]);
        self
    }

    /// Writes a file (relative to the temporary directory), creating
    /// folders; the contents are [unindented](unindent).
    /// Writes bytes as they are (no unindenting): binary garbage, invalid
    /// UTF-8, byte-order marks.
    pub(crate) fn write_bytes(self, path: &str, contents: &[u8]) -> Self {
        let path = self.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(path, contents).expect("write file");
        self
    }

    /// Makes a sparse file of `len` bytes (all zero) without writing them:
    /// a 2 GiB file costs no disk space and no time.
    pub(crate) fn sparse(self, path: &str, len: u64) -> Self {
        let path = self.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::File::create(path).and_then(|f| f.set_len(len)).expect("sparse file");
        self
    }

    /// Takes every permission off `path`. Root reads such a file anyway,
    /// so when the tests run as root the binary runs as `nobody` (through
    /// `setpriv`), in a folder `nobody` may enter. Returns `None` when that
    /// is not possible here, and the test then has nothing to check.
    #[cfg(unix)]
    pub(crate) fn unreadable(mut self, path: &str) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        let root = fs::read_to_string("/proc/self/status").is_ok_and(|status| {
            status
                .lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        });
        fs::set_permissions(self.path().join(path), fs::Permissions::from_mode(0o000))
            .expect("chmod");
        if root {
            let Some(setpriv) =
                ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())
            else {
                eprintln!("skipped: running as root without `setpriv`, every file is readable");
                return None;
            };
            // Every folder the binary needs must let `nobody` in (the
            // temporary folder is made private).
            let folders = walk(self.path()).into_iter().filter(|p| p.is_dir() && !p.is_symlink());
            for folder in folders.chain([self.path().to_path_buf()]) {
                fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
            }
            self.wrapper = vec![
                setpriv.to_owned(),
                "--reuid=65534".to_owned(),
                "--regid=65534".to_owned(),
                "--clear-groups".to_owned(),
            ];
        }
        Some(self)
    }

    /// Makes `path` a symbolic link to `target`.
    #[cfg(unix)]
    pub(crate) fn symlink(self, path: &str, target: &str) -> Self {
        let path = self.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        std::os::unix::fs::symlink(target, path).expect("make link");
        self
    }

    pub(crate) fn write(self, path: &str, contents: &str) -> Self {
        let path = self.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(path, unindent(contents)).expect("write file");
        self
    }

    /// Replaces the one occurrence of `from` in a file with `to`.
    pub(crate) fn edit(self, path: &str, from: &str, to: &str) -> Self {
        let full = self.path().join(path);
        let text = fs::read_to_string(&full).expect("read file to edit");
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {path}");
        fs::write(full, text.replacen(from, to, 1)).expect("write edited file");
        self
    }

    pub(crate) fn remove(self, path: &str) -> Self {
        fs::remove_file(self.path().join(path)).expect("remove file");
        self
    }

    pub(crate) fn args<S: AsRef<str>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Runs without this variable (even the default `NO_COLOR`).
    pub(crate) fn env_remove(mut self, key: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self
    }

    /// Text for standard input, [unindented](unindent); without it the
    /// binary reads an empty input.
    pub(crate) fn stdin(mut self, stdin: &str) -> Self {
        self.stdin = Some(unindent(stdin).into_bytes());
        self
    }

    /// Bytes for standard input, as they are (they need not be text).
    pub(crate) fn stdin_bytes(mut self, stdin: &[u8]) -> Self {
        self.stdin = Some(stdin.to_vec());
        self
    }

    /// Expected standard output, [unindented](unindent).
    pub(crate) fn stdout(mut self, stdout: &str) -> Self {
        self.stdout = Some(unindent(stdout));
        self
    }

    /// Leaves standard output to the caller (a snapshot, parsed JSON).
    pub(crate) fn stdout_any(mut self) -> Self {
        self.stdout = None;
        self
    }

    /// Expected standard error, [unindented](unindent).
    pub(crate) fn stderr(mut self, stderr: &str) -> Self {
        self.stderr = Some(unindent(stderr));
        self
    }

    /// Leaves standard error to the caller.
    pub(crate) fn stderr_any(mut self) -> Self {
        self.stderr = None;
        self
    }

    pub(crate) fn status(mut self, status: i32) -> Self {
        self.status = status;
        self
    }

    /// Runs the binary and checks the exit status, and standard output and
    /// standard error unless told to leave them to the caller.
    pub(crate) fn run(self) -> Output {
        let binary = env!("CARGO_BIN_EXE_neurotriage");
        let mut command = match self.wrapper.split_first() {
            None => Command::new(binary),
            Some((program, options)) => {
                let mut command = Command::new(program);
                command.args(options).arg(binary);
                command
            }
        };
        command.args(&self.args).current_dir(self.path());
        for key in CLEARED_ENV {
            command.env_remove(key);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        let output = match &self.stdin {
            None => command.output().expect("the binary runs"),
            Some(input) => {
                command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
                let mut child = command.spawn().expect("the binary runs");
                let mut pipe = child.stdin.take().expect("a stdin pipe");
                // Written from a thread so that a large input cannot
                // deadlock against output the child is waiting to write.
                let input = input.clone();
                let writer = std::thread::spawn(move || {
                    let _ = pipe.write_all(&input);
                });
                let output = child.wait_with_output().expect("the binary finishes");
                writer.join().expect("the input is written");
                output
            }
        };
        let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        let context = format!("neurotriage {}", self.args.join(" "));
        if let Some(expected) = &self.stdout {
            assert_eq!(&stdout, expected, "stdout of `{context}` (stderr: {stderr})");
        }
        if let Some(expected) = &self.stderr {
            assert_eq!(&stderr, expected, "stderr of `{context}`");
        }
        assert_eq!(output.status.code(), Some(self.status), "exit status of `{context}`");
        Output { stdout, stderr, dir: self.dir }
    }
}

/// Every file and folder under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

/// Copies the `.yaml` files of a folder (not recursively).
fn copy_yaml(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create pack folder");
    let mut copied = 0;
    for entry in fs::read_dir(from).expect("read pack folder") {
        let path: PathBuf = entry.expect("folder entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            fs::copy(&path, to.join(path.file_name().expect("a file name"))).expect("copy");
            copied += 1;
        }
    }
    assert!(copied > 0, "no YAML files in {}", from.display());
}

/// Lets expected output be written indented in the test's source: drops
/// one leading newline, removes the indentation common to the non-blank
/// lines, and turns a last line of only spaces (the closing quote's
/// indentation) into the final newline.
pub(crate) fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let mut lines: Vec<&str> = text.split('\n').collect();
    let ends_with_newline = lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty());
    if ends_with_newline {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> =
        lines.iter().map(|l| if l.trim().is_empty() { "" } else { &l[indent..] }).collect();
    if ends_with_newline {
        out.push("");
    }
    out.join("\n")
}

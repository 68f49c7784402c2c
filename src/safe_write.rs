//! Writing the files a person names (`save` at the prompt, `batch
//! --output`, `quiz --record`) without harming what is already there: a
//! leaf that the drivers use.
//!
//! The path is untrusted: it may be a folder, a device, a pipe, or a
//! symbolic link planted where a file was expected. So:
//!
//! - a whole file is written to a temporary file created exclusively (with
//!   a random name, by `tempfile`) in the target's folder, then renamed
//!   over the target: a failed write (no permission, a full disk) leaves
//!   the old file whole, and no name can be guessed and pre-created as a
//!   link;
//! - only a missing path or a regular file is ever replaced; a symbolic
//!   link is not written through, nor replaced by a file;
//! - the output of a batch may be a character device or a pipe
//!   (`/dev/null`, `/dev/stdout`): it is written to where it is, never
//!   renamed over;
//! - records are appended to a regular file only, checked before it is
//!   opened and again, by its identity, once it is open.
//!
//! What is left is a small race: a folder's owner may swap the target
//! between the check and the rename (or the open). The rename then
//! replaces whatever is there with our file, which never writes through
//! it; an open that follows a swapped-in link is caught by the identity
//! check, after the open.

use std::{
    fs::{self, File, Metadata, OpenOptions},
    io,
    path::{Path, PathBuf},
};

use thiserror::Error;

use crate::error::io_reason;

/// Why a path was not written. The message is the reason only; callers say
/// which file (`cannot write `x`: ...`) and add [`WriteError::help`].
#[derive(Debug, Error)]
pub(crate) enum WriteError {
    #[error("it is a folder")]
    Folder,
    #[error("it is a symbolic link")]
    Link,
    #[error("it is {what}, not a regular file")]
    NotRegular { what: &'static str },
    #[error("it was replaced while it was being opened")]
    Changed,
    #[error("{reason}")]
    Io { reason: String, kind: io::ErrorKind },
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        Self::Io { reason: io_reason(&error), kind: error.kind() }
    }
}

impl WriteError {
    /// How to fix it.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            Self::Folder => "give a file name inside the folder",
            Self::Link => {
                "give the path of the file itself: a link is neither written through nor replaced"
            }
            Self::NotRegular { .. } | Self::Changed => "give the path of a regular file",
            Self::Io { kind: io::ErrorKind::StorageFull, .. } => {
                "free some space on the disk; the old file, if any, is unchanged"
            }
            Self::Io { .. } => "check that the folder exists and can be written to",
        }
    }
}

/// What a path's own entry is (a link is not followed).
fn entry(path: &Path) -> Result<Option<Metadata>, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) => Ok(Some(metadata)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Refuses what must not be replaced: a folder, a link, anything but a
/// regular file. Returns the file's metadata when there is one.
pub(crate) fn check_replaceable(path: &Path) -> Result<Option<Metadata>, WriteError> {
    let Some(metadata) = entry(path)? else { return Ok(None) };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        Err(WriteError::Link)
    } else if kind.is_dir() {
        Err(WriteError::Folder)
    } else if kind.is_file() {
        Ok(Some(metadata))
    } else {
        Err(WriteError::NotRegular { what: crate::error::special_kind(&metadata) })
    }
}

/// Where a path would be, resolved, even when the file does not exist yet.
pub(crate) fn canonical_target(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = fs::canonicalize(path) {
        return Some(path);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// Whether writing `output` would write over `input`: the same path once
/// resolved, or the same file by another name (a hard link).
pub(crate) fn writes_over(input: &Path, output: &Path) -> bool {
    if let (Ok(a), Some(b)) = (fs::canonicalize(input), canonical_target(output))
        && a == b
    {
        return true;
    }
    match (fs::metadata(input), fs::metadata(output)) {
        (Ok(a), Ok(b)) => cfg!(unix) && same_file(&a, &b),
        _ => false,
    }
}

/// Writes `bytes` as the whole of `path`, or leaves it as it was.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    use io::Write as _;
    let (mut file, replacement) = replace(path)?;
    file.write_all(bytes)?;
    drop(file);
    replacement.commit()
}

/// A file being written in place of `path`: a temporary file in the same
/// folder until [`Replacement::commit`] renames it over `path`. Dropped
/// without a commit, the temporary file is removed and `path` is as it
/// was.
#[derive(Debug)]
pub(crate) struct Replacement {
    path: PathBuf,
    temporary: tempfile::TempPath,
    /// A handle of the temporary file, to make sure it reached the disk.
    file: File,
    /// The old file's permissions, kept by the new one.
    permissions: Option<fs::Permissions>,
}

/// Starts replacing `path` (a missing path or a regular file): returns
/// the file to write and the [`Replacement`] to commit once it is written.
pub(crate) fn replace(path: &Path) -> Result<(File, Replacement), WriteError> {
    let old = check_replaceable(path)?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".neurotriage-");
    // The temporary file has the old file's permissions from the start (a
    // private output stays private while it is written); a new file gets
    // the usual ones (the umask applies), not the owner-only ones of a
    // temporary file.
    match &old {
        Some(metadata) => {
            builder.permissions(metadata.permissions());
        }
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        None => {}
    }
    let (file, temporary) = builder.tempfile_in(folder)?.into_parts();
    let writer = file.try_clone()?;
    let replacement = Replacement {
        path: path.to_path_buf(),
        temporary,
        file,
        permissions: old.map(|m| m.permissions()),
    };
    Ok((writer, replacement))
}

impl Replacement {
    /// Makes sure every byte reached the disk (a full disk may only say so
    /// now), then puts the file in place of the old one.
    pub(crate) fn commit(self) -> Result<(), WriteError> {
        self.file.sync_all()?;
        if let Some(permissions) = self.permissions {
            self.file.set_permissions(permissions)?;
        }
        self.temporary.persist(&self.path).map_err(|e| WriteError::from(e.error))
    }
}

/// Where the output of a batch goes.
#[derive(Debug)]
pub(crate) enum Output {
    /// A new or regular file, replaced whole once the batch is written.
    Replace(File, Replacement),
    /// A character device or a pipe (`/dev/null`, `/dev/stdout`), written
    /// to where it is.
    Stream(File),
}

/// Opens the output of a batch: a missing path or a regular file is
/// replaced whole; a character device or a pipe, named or reached through
/// a link (`/dev/stdout` is one), is written to as it is; anything else is
/// refused, as is a link to a file.
pub(crate) fn open_output(path: &Path) -> Result<Output, WriteError> {
    match entry(path)? {
        Some(metadata) if metadata.is_symlink() => match fs::metadata(path) {
            Ok(target) if is_stream(&target) => stream(path),
            Ok(target) if target.is_file() || target.is_dir() => Err(WriteError::Link),
            Ok(target) => Err(WriteError::NotRegular { what: crate::error::special_kind(&target) }),
            Err(_) => Err(WriteError::Link),
        },
        Some(metadata) if is_stream(&metadata) => stream(path),
        _ => replace(path).map(|(file, replacement)| Output::Replace(file, replacement)),
    }
}

fn stream(path: &Path) -> Result<Output, WriteError> {
    // Neither created nor truncated: a device or pipe is only written to.
    Ok(Output::Stream(OpenOptions::new().write(true).open(path)?))
}

/// Opens `path` to append to it, creating it if it is missing; only a
/// regular file is appended to, never through a link.
pub(crate) fn open_append(path: &Path) -> Result<File, WriteError> {
    let Some(before) = check_replaceable(path)? else {
        // Created exclusively: a link that appears meanwhile is an error,
        // not followed.
        return OpenOptions::new().append(true).create_new(true).open(path).map_err(|error| {
            match error.kind() {
                io::ErrorKind::AlreadyExists => WriteError::Changed,
                _ => error.into(),
            }
        });
    };
    let file = OpenOptions::new().append(true).open(path)?;
    let after = file.metadata()?;
    if !after.is_file() || !same_file(&before, &after) {
        return Err(WriteError::Changed);
    }
    Ok(file)
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

/// A character device or a pipe: what may be written to in place.
#[cfg(unix)]
fn is_stream(metadata: &Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = metadata.file_type();
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_: &Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_write_replaces_a_file_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.yaml");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_whole(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        }
        // Nothing is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_replacement_dropped_unwritten_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "old").unwrap();
        let (file, replacement) = replace(&path).unwrap();
        drop(file);
        drop(replacement);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn links_folders_and_devices_are_refused_and_devices_streamed_to() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(write_whole(&link, b"x"), Err(WriteError::Link)));
        assert!(matches!(open_append(&link), Err(WriteError::Link)));
        assert!(matches!(open_output(&link), Err(WriteError::Link)));
        assert!(matches!(write_whole(dir.path(), b"x"), Err(WriteError::Folder)));
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
        let null = Path::new("/dev/null");
        assert!(matches!(
            write_whole(null, b"x"),
            Err(WriteError::NotRegular { what: "a device" })
        ));
        assert!(matches!(open_append(null), Err(WriteError::NotRegular { .. })));
        assert!(matches!(open_output(null), Ok(Output::Stream(_))));
        assert!(fs::metadata(null).is_ok_and(|m| !m.is_file()));
    }
}

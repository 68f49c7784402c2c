//! The record file (`quiz --record FILE`): one JSON line per committed
//! answer, appended. Each line is written whole with one `write_all` on a
//! file opened in append mode, so that records written by several quizzes
//! into one file do not interleave, and flushed at once, so that an answer
//! is never lost when the quiz ends abruptly.
//!
//! The file is opened by [`crate::safe_write::open_append`]: only a regular
//! file is appended to, never a folder, a device, a pipe or a symbolic link
//! (which could point the records at another file).

use std::{
    fs::File,
    io::Write as _,
    path::{Path, PathBuf},
};

use crate::{error::io_reason, quiz::QuizError, quiz::record::Record, safe_write};

/// An open record file.
pub(crate) struct Recorder {
    file: File,
    path: PathBuf,
}

impl Recorder {
    /// Opens `path` for appending, creating it if missing; a path that
    /// exists and is not a regular file (a folder, a device, a link) is
    /// refused, with how to fix it.
    pub(crate) fn open(path: &Path) -> Result<Self, QuizError> {
        let file = safe_write::open_append(path).map_err(|error| QuizError::Record {
            path: path.display().to_string(),
            // A folder needs no hint; a link or a device is a surprise,
            // and the way out is worth saying.
            reason: match error {
                safe_write::WriteError::Folder | safe_write::WriteError::Io { .. } => {
                    error.to_string()
                }
                _ => format!("{error}; {}", error.help()),
            },
        })?;
        Ok(Self { file, path: path.to_path_buf() })
    }

    /// Appends one record as a line.
    pub(crate) fn write(&mut self, record: &Record) -> Result<(), QuizError> {
        let refuse =
            |reason: String| QuizError::Record { path: self.path.display().to_string(), reason };
        // Through the one JSON writer: a record holds a student's name
        // and a case id, which `quiz report` shows.
        let mut line = crate::render::json_text::compact(record);
        line.push('\n');
        self.file.write_all(line.as_bytes()).map_err(|e| refuse(io_reason(&e)))?;
        self.file.flush().map_err(|e| refuse(io_reason(&e)))
    }
}

//! The record file (`quiz --record FILE`): one JSON line per committed
//! answer, appended. Each line is written whole with one `write_all` on a
//! file opened in append mode, so that records written by several quizzes
//! into one file do not interleave, and flushed at once, so that an answer
//! is never lost when the quiz ends abruptly.

use std::{
    fs::{File, OpenOptions},
    io::Write as _,
    path::{Path, PathBuf},
};

use crate::{error::io_reason, quiz::QuizError, quiz::record::Record};

/// An open record file.
pub(crate) struct Recorder {
    file: File,
    path: PathBuf,
}

impl Recorder {
    /// Opens `path` for appending, creating it if missing; a path that
    /// exists and is not a regular file (a folder, a device) is refused.
    pub(crate) fn open(path: &Path) -> Result<Self, QuizError> {
        let refuse =
            |reason: String| QuizError::Record { path: path.display().to_string(), reason };
        if let Ok(metadata) = std::fs::metadata(path)
            && !metadata.is_file()
        {
            let what = if metadata.is_dir() { "a folder" } else { "not a regular file" };
            return Err(refuse(format!("it is {what}")));
        }
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| refuse(io_reason(&e)))?;
        Ok(Self { file, path: path.to_path_buf() })
    }

    /// Appends one record as a line.
    pub(crate) fn write(&mut self, record: &Record) -> Result<(), QuizError> {
        let refuse =
            |reason: String| QuizError::Record { path: self.path.display().to_string(), reason };
        let mut line = serde_json::to_string(record).map_err(|e| refuse(e.to_string()))?;
        line.push('\n');
        self.file.write_all(line.as_bytes()).map_err(|e| refuse(io_reason(&e)))?;
        self.file.flush().map_err(|e| refuse(io_reason(&e)))
    }
}

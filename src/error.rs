//! The exit statuses and I/O errors in the words every message uses: a
//! leaf that every layer may use. What ends a run is `run.rs`'s `Error`,
//! made from the errors each layer returns.

/// Exit statuses, in one place: 0 ok, 1 some cases failed, 2 usage or rule
/// error.
pub mod exit {
    pub const OK: u8 = 0;
    pub const SOME_FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
}

/// An I/O error in lower-case words, without the OS error number.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotADirectory => "not a folder".into(),
        ErrorKind::IsADirectory => "is a folder".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            let mut chars = text.chars();
            chars
                .next()
                .map_or(text.clone(), |c| c.to_lowercase().collect::<String>() + chars.as_str())
        }
    }
}

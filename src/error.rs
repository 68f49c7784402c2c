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

/// `message` with every quoted value (between backticks) longer than
/// [`crate::limits::MAX_QUOTED_CHARS`] cut to its start, `...` and its
/// length, and the whole cut at [`crate::limits::MAX_MESSAGE_CHARS`]:
/// messages name values from files, and a value may be any size. Applied
/// where a message becomes text, so that no message can forget it.
pub(crate) fn bounded_quotes(message: &str) -> std::borrow::Cow<'_, str> {
    use crate::limits::{MAX_MESSAGE_CHARS, MAX_QUOTED_CHARS};
    use std::fmt::Write as _;
    let parts: Vec<&str> = message.split('`').collect();
    // Odd parts are quoted when their closing backtick exists.
    let quoted = |i: usize| i % 2 == 1 && i + 1 < parts.len();
    let too_long = |text: &str| text.chars().count() > MAX_QUOTED_CHARS;
    let total = message.chars().count();
    if total <= MAX_MESSAGE_CHARS && !(0..parts.len()).any(|i| quoted(i) && too_long(parts[i])) {
        return std::borrow::Cow::Borrowed(message);
    }
    let mut out = String::new();
    // The length of a value cut, said after its closing backtick.
    let mut after_quote = None;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if let Some(count) = after_quote.take() {
            let _ = write!(out, " ({count} characters)");
        }
        if quoted(i) && too_long(part) {
            out.extend(part.chars().take(MAX_QUOTED_CHARS));
            out.push_str("...");
            after_quote = Some(part.chars().count());
        } else {
            out.push_str(part);
        }
    }
    let count = out.chars().count();
    if count > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS).collect();
        let _ = write!(out, "... ({count} characters)");
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::bounded_quotes;

    #[test]
    fn long_quoted_values_are_cut_and_short_messages_kept() {
        assert_eq!(bounded_quotes("unknown feature `age`"), "unknown feature `age`");
        let long = "x".repeat(100_000);
        assert_eq!(
            bounded_quotes(&format!("unknown feature `{long}` in `features`")),
            format!("unknown feature `{}...` (100000 characters) in `features`", "x".repeat(80))
        );
        // An unclosed backtick quotes nothing; the whole is still bounded.
        let odd = format!("odd `{long}");
        let cut = bounded_quotes(&odd);
        assert!(cut.ends_with("... (100005 characters)"), "{cut}");
        assert_eq!(cut.chars().count(), 600 + "... (100005 characters)".len());
    }
}

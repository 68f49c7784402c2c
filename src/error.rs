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

/// What something that is not a file, folder or link is, in the words
/// messages use: "a pipe", "a device", "a socket". One place for the pack
/// loader, the batch's folder walk and the file writer alike.
pub(crate) fn special_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = metadata.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        } else if kind.is_fifo() {
            return "a pipe";
        } else if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = metadata;
    "something special"
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
    // A value may also be named without backticks (a number out of
    // range): a word longer than a quoted value may be is cut too.
    let long_word = |text: &str| text.split(' ').any(too_long);
    let total = message.chars().count();
    if total <= MAX_MESSAGE_CHARS
        && !(0..parts.len())
            .any(|i| if quoted(i) { too_long(parts[i]) } else { long_word(parts[i]) })
    {
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
        } else if quoted(i) || !long_word(part) {
            out.push_str(part);
        } else {
            for (w, word) in part.split(' ').enumerate() {
                if w > 0 {
                    out.push(' ');
                }
                if too_long(word) {
                    out.extend(word.chars().take(MAX_QUOTED_CHARS));
                    let _ = write!(out, "... ({} characters)", word.chars().count());
                } else {
                    out.push_str(word);
                }
            }
        }
    }
    let count = out.chars().count();
    if count > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS).collect();
        let _ = write!(out, "... ({count} characters)");
    }
    std::borrow::Cow::Owned(out)
}

/// A name from input (a case id, a file name) as one line of bounded
/// length, for the notes and summaries that name it: a line break in it
/// could otherwise forge a line of its own ("Summary: ..."), and a
/// 50,000-character id a line as long.
pub(crate) fn one_line(name: &str) -> String {
    use crate::limits::MAX_QUOTED_CHARS;
    let flat: String =
        name.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let count = flat.chars().count();
    if count <= MAX_QUOTED_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(MAX_QUOTED_CHARS).collect();
    format!("{cut}... ({count} characters)")
}

#[cfg(test)]
mod tests {
    use super::{bounded_quotes, one_line};

    #[test]
    fn a_name_is_one_bounded_line() {
        assert_eq!(one_line("a\nSummary: forged\r"), "a Summary: forged ");
        assert_eq!(one_line(&"y".repeat(1000)), format!("{}... (1000 characters)", "y".repeat(80)));
    }

    #[test]
    fn long_quoted_values_are_cut_and_short_messages_kept() {
        assert_eq!(bounded_quotes("unknown feature `age`"), "unknown feature `age`");
        let long = "x".repeat(100_000);
        assert_eq!(
            bounded_quotes(&format!("unknown feature `{long}` in `features`")),
            format!("unknown feature `{}...` (100000 characters) in `features`", "x".repeat(80))
        );
        // A value named without backticks is cut as a word, and the rest
        // of the message stays.
        let number = format!("{} is outside the range of `age` (0 to 120)", "9".repeat(3000));
        assert_eq!(
            bounded_quotes(&number),
            format!(
                "{}... (3000 characters) is outside the range of `age` (0 to 120)",
                "9".repeat(80)
            )
        );
        // An unclosed backtick quotes nothing: its text is cut as words.
        let odd = format!("odd `{long}");
        assert_eq!(bounded_quotes(&odd), format!("odd `{}... (100000 characters)", "x".repeat(80)));
        // Many short words: the whole is still bounded.
        let many = "word ".repeat(1000);
        let cut = bounded_quotes(&many);
        assert!(cut.ends_with("... (5000 characters)"), "{cut}");
        assert_eq!(cut.chars().count(), 600 + "... (5000 characters)".len());
    }
}

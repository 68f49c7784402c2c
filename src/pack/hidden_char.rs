//! Characters that must not reach a reader as they are: controls and the
//! invisible Unicode characters that change what a reader sees. Kept in
//! the pack model, the lowest layer, because both the pack check (which
//! refuses them in a pack's text) and the output boundary (which replaces
//! them in anything shown) need the one definition.

/// Whether `c` is a control or an invisible format character: every C0
/// character (line feed and tab included; callers that lay text out allow
/// those themselves), DEL and the C1 characters, which move the cursor,
/// clear the screen, set a window title or start escape sequences; then
/// Unicode's bidirectional controls (marks, embeddings, overrides,
/// isolates), the invisible format characters (soft hyphen, zero-width
/// space, word joiner and the invisible operators, the byte-order mark,
/// the interlinear annotation marks, and the tag characters, which can
/// carry a whole hidden text), and the line and paragraph separators. The
/// zero-width joiner and non-joiner are not among them: emoji sequences
/// and several scripts need them, and they hide nothing.
pub(crate) fn is_hidden_or_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// A short description of such a character for messages, with its code
/// point: "an escape character (U+001B)".
pub(crate) fn describe(c: char) -> String {
    let what = match c {
        '\u{1b}' => "an escape character",
        '\t' => "a tab",
        '\r' => "a carriage return",
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => "a control character",
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => "a bidirectional control",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        _ => "an invisible format character",
    };
    format!("{what} (U+{:04X})", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisible_characters_are_found_and_named() {
        for c in [
            '\u{1b}',
            '\t',
            '\n',
            '\u{7f}',
            '\u{9b}',
            '\u{202e}',
            '\u{2066}',
            '\u{200b}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(is_hidden_or_control(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '\u{200d}', '\u{200c}', '→', '😀'] {
            assert!(!is_hidden_or_control(c), "{c:?}");
        }
        assert_eq!(describe('\u{1b}'), "an escape character (U+001B)");
        assert_eq!(describe('\u{202e}'), "a bidirectional control (U+202E)");
        assert_eq!(describe('\u{e0041}'), "an invisible format character (U+E0041)");
    }
}

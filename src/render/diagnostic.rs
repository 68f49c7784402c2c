//! Renders problems for people: a title, the place with a caret under it,
//! and a help line. Built on `annotate-snippets`.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::{
    cases::assignment::{AssignmentError, AssignmentErrorKind},
    cases::case_error::CaseError,
    error::bounded_quotes,
    load::pack_error::{PackError, Place, Severity},
    load::validate::SourceFile,
};

fn renderer(color: bool) -> Renderer {
    if color { Renderer::styled() } else { Renderer::plain() }
}

/// Replaces control characters before text is laid out: wrapped, fitted
/// to a column or put under a caret, where a control character would
/// count as a column it does not take. Keeping a terminal safe is the
/// output boundary's work ([`crate::render::clean`]), which every text
/// passes on its way out anyway.
pub(crate) fn replace_controls(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{fffd}' } else { c })
        .collect()
}

/// A byte range of `text` to underline: the span, or one character at its
/// start, never splitting a character and never past the end.
fn range(text: &str, offset: usize, len: usize) -> std::ops::Range<usize> {
    let start = offset.min(text.len());
    let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let end = if len == 0 {
        text[start..].chars().next().map_or(start, |c| start + c.len_utf8())
    } else {
        (start + len).min(text.len())
    };
    let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
    // A newline under the caret renders as an empty underline; point at it
    // all the same, but as an empty range.
    if text[start..end] == *"\n" { start..start } else { start..end }
}

/// One pack problem, rendered with its snippet.
pub(crate) fn pack_problem(problem: &PackError, sources: &[SourceFile], color: bool) -> String {
    let level = match problem.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // A message may name a value of any size from a file: bounded.
    let title = replace_controls(&bounded_quotes(&problem.kind.to_string()));
    let help = problem.help.as_deref().map(replace_controls);
    let mut group = Group::with_title(level.primary_title(title.as_str()));
    match &problem.place {
        Place::Source(span) => {
            if let Some(source) = sources.get(span.source) {
                group = group.element(
                    Snippet::source(source.text.as_str()).path(source.name.as_str()).annotation(
                        AnnotationKind::Primary.span(range(
                            &source.text,
                            span.at.offset,
                            span.at.len,
                        )),
                    ),
                );
            }
        }
        Place::File { name, at } => {
            let mut origin = Origin::path(name.as_str());
            if let Some(at) = at {
                origin = origin.line(at.line as usize).char_column(at.column as usize);
            }
            group = group.element(origin);
        }
        Place::Pack => {}
    }
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer(color).render(&[group])
}

/// A mistake in the features typed on the command line, pointing at the
/// offending argument.
pub(crate) fn assignment_problem(
    error: &AssignmentError,
    arguments: &[String],
    color: bool,
) -> String {
    let mut line = String::new();
    let mut span = 0..0;
    for (i, argument) in arguments.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        // An empty argument is shown as `""` so there is something to
        // point at.
        let shown =
            if argument.is_empty() { "\"\"".to_owned() } else { replace_controls(argument) };
        if i == error.argument {
            let part = part_of(&error.kind, &shown);
            span = line.len() + part.start..line.len() + part.end;
        }
        line.push_str(&shown);
    }
    let title = replace_controls(&bounded_quotes(&error.kind.to_string()));
    let help = error.help.as_deref().map(replace_controls);
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    if !arguments.is_empty() && span.end <= line.len() && span.start < span.end {
        group = group.element(
            Snippet::source(line.as_str())
                .path("command line")
                .annotation(AnnotationKind::Primary.span(span)),
        );
    }
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer(color).render(&[group])
}

/// The part of an argument a mistake is about: the name for an unknown
/// feature, the value for a bad value, otherwise all of it.
pub(crate) fn part_of(kind: &AssignmentErrorKind, argument: &str) -> std::ops::Range<usize> {
    let split = argument.find('=').or_else(|| argument.find(':'));
    match (kind, split) {
        (AssignmentErrorKind::UnknownFeature { .. }, Some(at)) if at > 0 => 0..at,
        (
            AssignmentErrorKind::BadValue { .. }
            | AssignmentErrorKind::NotANumber { .. }
            | AssignmentErrorKind::OutOfRange { .. },
            Some(at),
        ) if at + 1 < argument.len() => at + 1..argument.len(),
        _ => 0..argument.len(),
    }
}

/// A mistake in a line typed at the prompt, with a caret under `span`.
/// `origin` names where the line came from (`stdin`, line 3) when it was
/// read from a script; on a terminal the line was just typed and needs no
/// name.
pub(crate) fn line_problem(
    title: &str,
    help: Option<&str>,
    line: &str,
    span: Option<std::ops::Range<usize>>,
    origin: Option<(&str, usize)>,
    color: bool,
) -> String {
    let title = replace_controls(title);
    let help = help.map(replace_controls);
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    let cleaned = span.map(|span| clean_line(line, span));
    if let Some((line, span)) = &cleaned {
        let mut snippet = Snippet::source(line.as_str())
            .annotation(AnnotationKind::Primary.span(range(line, span.start, span.len())));
        if let Some((name, number)) = origin {
            snippet = snippet.path(name).line_start(number);
        }
        group = group.element(snippet);
    } else if let Some((name, number)) = origin {
        group = group.element(Origin::path(format!("{name}:{number}")));
    }
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer(color).render(&[group])
}

/// [`replace_controls`] for a line with a span in it: the span is moved to where its
/// text stands after the replacement (a control character may be one byte,
/// its replacement is three), so the caret stays under the right word.
fn clean_line(line: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(line.len());
    let (mut start, mut end) = (None, None);
    for (at, c) in line.char_indices() {
        if at >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if at >= span.end && end.is_none() {
            end = Some(out.len());
        }
        out.push(if c.is_control() && c != '\t' { '\u{fffd}' } else { c });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

/// A mistake in a case file, with a caret at its place in the file, and
/// an optional note saying what read the file (`load` on line 3).
pub(crate) fn case_file_problem(
    error: &CaseError,
    name: &str,
    text: &str,
    note: Option<&str>,
    color: bool,
) -> String {
    let title = replace_controls(&error.to_string());
    let help = error.help.as_deref().map(replace_controls);
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    match error.at {
        Some(at) => {
            group = group.element(
                Snippet::source(text)
                    .path(name)
                    .annotation(AnnotationKind::Primary.span(range(text, at.offset, at.len))),
            );
        }
        None => group = group.element(Origin::path(name)),
    }
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let note = note.map(replace_controls);
    if let Some(note) = &note {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    renderer(color).render(&[group])
}

/// A warning: something did not work, but the work goes on.
pub(crate) fn warning(title: &str, help: Option<&str>, color: bool) -> String {
    let title = replace_controls(title);
    let help = help.map(replace_controls);
    let mut group = Group::with_title(Level::WARNING.primary_title(title.as_str()));
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer(color).render(&[group])
}

/// A plain error with an optional help line and no snippet.
pub(crate) fn plain(title: &str, help: Option<&str>, color: bool) -> String {
    let title = replace_controls(title);
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    let help = help.map(replace_controls);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer(color).render(&[group])
}

#[cfg(test)]
mod tests {
    use super::range;

    #[test]
    fn a_span_follows_its_text_when_control_characters_are_replaced() {
        let (line, span) = super::clean_line("a\u{b}bc d", 5..6);
        assert_eq!(&line[span], "d");
        let (line, span) = super::clean_line("x\u{b}", 1..2);
        assert_eq!(&line[span], "\u{fffd}");
    }

    #[test]
    fn ranges_stay_on_character_boundaries() {
        let text = "a: é\n";
        assert_eq!(range(text, 3, 0), 3..5);
        assert_eq!(range(text, 4, 0), 3..5);
        assert_eq!(range(text, 100, 0), 6..6);
        assert_eq!(range(text, 5, 0), 5..5);
    }
}

//! The page's colours, checked rather than claimed: every pair of text
//! (or bar) and background the style sheet uses meets WCAG 2.1 AA in
//! both schemes, computed from the colours in `page.css` itself.

use super::STYLE;

/// The custom properties (`--name: #rrggbb`) of the block that starts at
/// `from` in the style sheet.
fn colours(from: &str) -> Vec<(String, [f64; 3])> {
    let start = STYLE.find(from).expect("the block is in the style sheet");
    let block = &STYLE[start..start + STYLE[start..].find('}').expect("the block closes")];
    // The properties follow the innermost `{`.
    let block = &block[block.rfind('{').map_or(0, |i| i + 1)..];
    block
        .split(';')
        .filter_map(|part| {
            let (name, value) = part.split_once(':')?;
            let name = name.trim().strip_prefix("--")?;
            let hex = value.trim().strip_prefix('#')?;
            let channel =
                |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour"));
            Some((name.to_owned(), [channel(0), channel(2), channel(4)]))
        })
        .collect()
}

/// Relative luminance, as WCAG 2.1 defines it.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `share` of `over` on `under`, as `color-mix(in srgb, ...)` mixes.
fn mix(over: [f64; 3], share: f64, under: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| over[i] * share + under[i] * (1.0 - share))
}

#[test]
fn every_colour_pair_meets_wcag_aa_in_both_schemes() {
    for scheme in [":root {", "@media (prefers-color-scheme: dark)"] {
        let palette = colours(scheme);
        assert_eq!(palette.len(), 10, "{scheme}: {palette:?}");
        let c = |name: &str| {
            palette.iter().find(|(n, _)| n == name).map(|(_, c)| *c).expect("a colour of the page")
        };
        // Text: 4.5:1 (normal size), on every background it is drawn on.
        let text = [
            ("fg", "bg"),
            ("fg", "box"),
            ("fg", "note-bg"),
            ("fg", "warn-bg"),
            ("muted", "bg"),
            ("muted", "box"),
            ("left", "bg"),
            ("left", "box"),
            ("right", "bg"),
            ("warn", "warn-bg"),
            ("warn", "bg"),
        ];
        for (fore, back) in text {
            let ratio = contrast(c(fore), c(back));
            assert!(ratio >= 4.5, "{scheme}: --{fore} on --{back} is {ratio:.2}:1");
        }
        // Bars and lines, graphics: 3:1.
        for (fore, back) in [("line", "bg"), ("line", "box"), ("left", "bg"), ("right", "bg")] {
            let ratio = contrast(c(fore), c(back));
            assert!(ratio >= 3.0, "{scheme}: --{fore} on --{back} is {ratio:.2}:1");
        }
        // The confusion matrix's darkest shade, under its text.
        let darkest = mix(c("left"), 0.40, c("bg"));
        let ratio = contrast(c("fg"), darkest);
        assert!(ratio >= 4.5, "{scheme}: text on the darkest shade is {ratio:.2}:1");
    }
}

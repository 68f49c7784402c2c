//! The built-in rule pack, compiled into the binary so that a release build
//! works from any directory. Its source is the `rules/` folder.

/// `(file name, text)` of each file of the built-in pack.
pub const FILES: [(&str, &str); 6] = [
    ("pack.yaml", include_str!("../rules/pack.yaml")),
    ("claims.yaml", include_str!("../rules/claims.yaml")),
    ("features.yaml", include_str!("../rules/features.yaml")),
    ("derived.yaml", include_str!("../rules/derived.yaml")),
    ("rules.yaml", include_str!("../rules/rules.yaml")),
    ("alerts.yaml", include_str!("../rules/alerts.yaml")),
];

/// How the built-in pack's files are named in messages.
pub const DISPLAY_FOLDER: &str = "rules";

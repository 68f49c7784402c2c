//! The built-in rule pack, compiled into the binary so that a release build
//! works from any directory. Its source is the `rules/` folder.
//!
//! Reading the YAML takes most of the start-up time of a command (see
//! `docs/performance.md`), so the pack is also stored already checked, as
//! JSON in `src/builtin_pack.json`, with a digest of what made it: the YAML
//! and the source of the code that checks and stores a pack. When the
//! digest matches this binary's, the stored pack is used; when it does not
//! (someone edited `rules/` or that code and did not refresh the copy), the
//! YAML is read and checked as for any other pack, so a stale copy can slow
//! a command down but never change an answer. A test keeps the copy fresh:
//! `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` rewrites it.

use serde::{Deserialize, Serialize};

use crate::pack::Pack;

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

/// The stored, checked copy (see the module docs).
pub const STORED: &str = include_str!("builtin_pack.json");

/// The stored copy's shape.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    /// [`digest`] of the YAML and code the pack was made with.
    digest: String,
    pack: Pack,
}

/// The source of the code that turns the YAML into a stored pack: a change
/// to any of it may change the result, so it is part of the digest too.
const BUILDERS: [(&str, &str); 17] = [
    ("validate.rs", include_str!("validate.rs")),
    ("load.rs", include_str!("load.rs")),
    ("limits.rs", include_str!("limits.rs")),
    ("pack.rs", include_str!("pack.rs")),
    ("feature.rs", include_str!("feature.rs")),
    ("profile.rs", include_str!("profile.rs")),
    ("claim.rs", include_str!("claim.rs")),
    ("rule.rs", include_str!("rule.rs")),
    ("derivation.rs", include_str!("derivation.rs")),
    ("alert.rs", include_str!("alert.rs")),
    ("condition.rs", include_str!("condition.rs")),
    ("value.rs", include_str!("value.rs")),
    ("weight.rs", include_str!("weight.rs")),
    ("name.rs", include_str!("name.rs")),
    ("node.rs", include_str!("node.rs")),
    ("yaml.rs", include_str!("yaml.rs")),
    ("builtin.rs", include_str!("builtin.rs")),
];

/// FNV-1a over the names and texts of [`FILES`] and [`BUILDERS`], each
/// followed by a zero byte: enough to notice an edit. Computed when the
/// binary is compiled.
const DIGEST: u64 = {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut file = 0;
    while file < FILES.len() + BUILDERS.len() {
        let (name, text) =
            if file < FILES.len() { FILES[file] } else { BUILDERS[file - FILES.len()] };
        let mut part = 0;
        while part < 2 {
            let bytes = if part == 0 { name.as_bytes() } else { text.as_bytes() };
            let mut i = 0;
            while i <= bytes.len() {
                let byte = if i < bytes.len() { bytes[i] } else { 0 };
                hash ^= byte as u64;
                hash = hash.wrapping_mul(0x0100_0000_01b3);
                i += 1;
            }
            part += 1;
        }
        file += 1;
    }
    hash
};

/// The digest of the embedded YAML and of the code that checks and stores
/// a pack, as stored.
pub fn digest() -> String {
    format!("{DIGEST:016x}")
}

/// The stored pack, if it was made from exactly the embedded YAML by
/// exactly this checking code.
pub fn stored() -> Option<Pack> {
    let stored: Stored = serde_json::from_str(STORED).ok()?;
    (stored.digest == digest()).then(|| Pack::new(stored.pack))
}

/// The stored copy of a pack checked from the embedded YAML, as written to
/// `src/builtin_pack.json`.
pub fn to_stored(pack: &Pack) -> String {
    let stored = Stored { digest: digest(), pack: pack.clone() };
    // Serialising plain data to a string cannot fail.
    let mut text = serde_json::to_string_pretty(&stored).unwrap_or_default();
    text.push('\n');
    text
}

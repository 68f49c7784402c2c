//! The built-in rule pack, compiled into the binary so that a release build
//! works from any directory. Its source is the `rules/` folder.
//!
//! Reading the YAML takes most of the start-up time of a command (see
//! `docs/performance.md`), so the pack is also stored already checked, as
//! JSON in `src/load/builtin_pack.json`, with a digest of what it was made
//! from: the pack's YAML files and [`FORMAT`], the version of the stored
//! form. When the digest matches this binary's, the stored pack is used;
//! when it does not (someone edited `rules/` and did not refresh the copy),
//! the YAML is read and checked as for any other pack, so a copy left stale
//! by an edit of the rules slows a command down but never changes an
//! answer.
//!
//! The digest leaves the source code out on purpose: hashing the code made
//! every edit of seventeen files, even of a comment, a reason to regenerate
//! and commit the copy. The price: a change of code that changes what
//! checking the built-in pack gives (a new check, a new field of a rule)
//! is not seen by the digest, and until the copy is rewritten commands go
//! on using the copy, as the old code checked it. The `builtin` test
//! catches that, in `cargo test` and so in CI, by comparing the stored copy
//! with a fresh check; the fix is to regenerate (and to bump [`FORMAT`]
//! when the stored form changed; a copy that no longer deserialises is
//! never used):
//! `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` rewrites it.

use serde::{Deserialize, Serialize};

use crate::pack::Pack;

/// `(file name, text)` of each file of the built-in pack.
pub(crate) const FILES: [(&str, &str); 6] = [
    ("pack.yaml", include_str!("../../rules/pack.yaml")),
    ("claims.yaml", include_str!("../../rules/claims.yaml")),
    ("features.yaml", include_str!("../../rules/features.yaml")),
    ("derived.yaml", include_str!("../../rules/derived.yaml")),
    ("rules.yaml", include_str!("../../rules/rules.yaml")),
    ("alerts.yaml", include_str!("../../rules/alerts.yaml")),
];

/// How the built-in pack's files are named in messages.
pub(crate) const DISPLAY_FOLDER: &str = "rules";

/// The version of the stored form. Bump it when a change of code changes
/// what checking `rules/` gives, or how a `Pack` is serialised; the
/// `builtin` test says when.
pub(crate) const FORMAT: u32 = 6;

/// The stored, checked copy (see the module docs).
const STORED: &str = include_str!("builtin_pack.json");

/// The stored copy's shape.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    /// [`digest`] of the YAML and format the pack was made with.
    digest: String,
    pack: Pack,
}

/// FNV-1a over [`FORMAT`] and the names and texts of [`FILES`], each
/// followed by a zero byte: enough to notice an edit. A carriage return
/// before a line feed is skipped, so a checkout with Windows line endings
/// has the same digest (YAML reads both alike). Computed when the binary is
/// compiled.
const DIGEST: u64 = {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let format = FORMAT.to_le_bytes();
    let mut i = 0;
    while i < format.len() {
        hash ^= format[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    let mut file = 0;
    while file < FILES.len() {
        let (name, text) = FILES[file];
        let mut part = 0;
        while part < 2 {
            let bytes = if part == 0 { name.as_bytes() } else { text.as_bytes() };
            let mut i = 0;
            while i <= bytes.len() {
                let byte = if i < bytes.len() { bytes[i] } else { 0 };
                let crlf = byte == b'\r' && i + 1 < bytes.len() && bytes[i + 1] == b'\n';
                if !crlf {
                    hash ^= byte as u64;
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
                i += 1;
            }
            part += 1;
        }
        file += 1;
    }
    hash
};

/// The digest of the embedded YAML and of [`FORMAT`], as stored.
pub(crate) fn digest() -> String {
    format!("{DIGEST:016x}")
}

/// The stored pack, if it was made from exactly the embedded YAML in this
/// stored format.
pub(crate) fn stored() -> Option<Pack> {
    let stored: Stored = serde_json::from_str(STORED).ok()?;
    (stored.digest == digest()).then(|| Pack::new(stored.pack))
}

/// The stored copy of a pack checked from the embedded YAML, as written to
/// `src/load/builtin_pack.json`.
#[cfg(test)]
fn to_stored(pack: &Pack) -> String {
    let stored = Stored { digest: digest(), pack: pack.clone() };
    // Serialising plain data to a string cannot fail.
    let mut text = serde_json::to_string_pretty(&stored).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::{fs, path::Path};

    use super::{FORMAT, stored, to_stored};
    use crate::load::{PackSource, check, load};

    /// The stored copy must be what checking `rules/` gives now, and be
    /// what `load` uses. `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin`
    /// rewrites it.
    #[test]
    fn the_stored_builtin_pack_is_fresh_and_used() {
        let pack = check(&PackSource::Builtin).pack.expect("the built-in pack checks");
        let expected = to_stored(&pack);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/load/builtin_pack.json");
        if std::env::var_os("NEUROTRIAGE_UPDATE_BUILTIN").is_some() {
            fs::write(&path, &expected).expect("src/load/builtin_pack.json is writable");
            return;
        }
        let on_disk = fs::read_to_string(&path).expect("src/load/builtin_pack.json exists");
        assert!(
            on_disk == expected,
            "src/load/builtin_pack.json is stale: run \
             `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` and commit the rewritten file; \
             if code changed how a pack is stored, also bump `FORMAT` (now {FORMAT}) in \
             src/load/builtin.rs. Until then, after an edit of `rules/` commands read the YAML \
             (slower, same answers); after a change of the checking code they still use the \
             copy as the old code checked it"
        );
        // Spans are not stored (only checking needs them), so the copies are
        // compared as stored.
        let loaded = stored().expect("the stored copy is fresh and loads");
        assert_eq!(to_stored(&loaded), expected, "the stored copy loads as the checked pack");
        let used = load(&PackSource::Builtin).pack.expect("the built-in pack loads");
        assert_eq!(to_stored(&used), expected, "`load` uses the stored copy");
    }
}

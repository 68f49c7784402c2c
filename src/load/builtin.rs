//! The built-in rule packs, compiled into the binary so that a release
//! build works from any directory: [`PACKS`], a table of [`BuiltinPack`]
//! entries, the default first. `document` (the reference article's pack)
//! comes from the `rules/` folder; `--pack NAME` picks another.
//!
//! Reading the YAML takes most of the start-up time of a command (see
//! `docs/performance.md`), so each pack is also stored already checked, as
//! JSON in `src/load/` (`builtin_pack.json` for `document`, the file an
//! entry's `stored_file` names for another), with a digest of what it was made
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
//! `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` rewrites them all.

use serde::{Deserialize, Serialize};

use crate::pack::Pack;

/// One built-in pack: its YAML compiled in, its stored checked copy, and
/// its teaching cases. The first entry of [`PACKS`] is the default.
#[derive(Debug)]
pub(crate) struct BuiltinPack {
    /// The name `--pack NAME` takes.
    pub(crate) name: &'static str,
    /// How the pack's files are named in messages (`rules`,
    /// `rules/extended`): the folder of the repository it comes from.
    pub(crate) display_folder: &'static str,
    /// `(file name, text)` of each file of the pack.
    pub(crate) files: [(&'static str, &'static str); 6],
    /// The stored, checked copy (see the module docs), and its file name
    /// in `src/load/`, which the `builtin` test rewrites.
    pub(crate) stored: &'static str,
    pub(crate) stored_file: &'static str,
    /// The pack's teaching cases (`include_dir!` of its `cases/` folder),
    /// if it has any.
    pub(crate) cases: Option<&'static include_dir::Dir<'static>>,
    /// [`digest_of`] the files and [`FORMAT`], computed when the binary is
    /// compiled.
    digest: u64,
}

/// Two entries are the same pack when they have the same name (names are
/// unique in [`PACKS`]).
impl PartialEq for BuiltinPack {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for BuiltinPack {}

impl BuiltinPack {
    /// An entry of [`PACKS`]; the digest is worked out at compile time.
    pub(crate) const fn new(
        name: &'static str,
        display_folder: &'static str,
        files: [(&'static str, &'static str); 6],
        (stored, stored_file): (&'static str, &'static str),
        cases: Option<&'static include_dir::Dir<'static>>,
    ) -> Self {
        Self { name, display_folder, files, stored, stored_file, cases, digest: digest_of(&files) }
    }

    /// The digest of the embedded YAML and of [`FORMAT`], as stored.
    pub(crate) fn digest(&self) -> String {
        format!("{:016x}", self.digest)
    }

    /// The stored pack, if it was made from exactly the embedded YAML in
    /// this stored format.
    pub(crate) fn stored(&self) -> Option<Pack> {
        let stored: Stored = serde_json::from_str(self.stored).ok()?;
        (stored.digest == self.digest()).then(|| Pack::new(stored.pack))
    }

    /// `(display name, text)` of each file, as messages name them.
    pub(crate) fn texts(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|(name, text)| (format!("{}/{name}", self.display_folder), (*text).to_owned()))
            .collect()
    }

    /// The teaching cases' folder as messages name it (`rules/cases`).
    pub(crate) fn cases_folder(&self) -> String {
        format!("{}/{}", self.display_folder, super::case_folder::PACK_SUBFOLDER)
    }
}

/// The built-in teaching cases of the `document` pack.
static DOCUMENT_CASES: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/rules/cases");

/// The pack of the reference article, from `rules/`: the default.
pub(crate) const DOCUMENT: BuiltinPack = BuiltinPack::new(
    "document",
    "rules",
    [
        ("pack.yaml", include_str!("../../rules/pack.yaml")),
        ("claims.yaml", include_str!("../../rules/claims.yaml")),
        ("features.yaml", include_str!("../../rules/features.yaml")),
        ("derived.yaml", include_str!("../../rules/derived.yaml")),
        ("rules.yaml", include_str!("../../rules/rules.yaml")),
        ("alerts.yaml", include_str!("../../rules/alerts.yaml")),
    ],
    (STORED, "builtin_pack.json"),
    Some(&DOCUMENT_CASES),
);

/// The extended pack, from `rules/extended/`: the same two profiles from
/// the diagnostic criteria (the 2017 criteria for MS; Gold Coast 2020 and
/// Awaji for ALS), with no teaching cases of its own.
pub(crate) const EXTENDED: BuiltinPack = BuiltinPack::new(
    "extended",
    "rules/extended",
    [
        ("pack.yaml", include_str!("../../rules/extended/pack.yaml")),
        ("claims.yaml", include_str!("../../rules/extended/claims.yaml")),
        ("features.yaml", include_str!("../../rules/extended/features.yaml")),
        ("derived.yaml", include_str!("../../rules/extended/derived.yaml")),
        ("rules.yaml", include_str!("../../rules/extended/rules.yaml")),
        ("alerts.yaml", include_str!("../../rules/extended/alerts.yaml")),
    ],
    (include_str!("builtin_extended.json"), "builtin_extended.json"),
    None,
);

/// The built-in packs, the default first. Adding one is one entry here
/// (and its stored copy: `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test
/// builtin` writes it).
pub(crate) const PACKS: &[BuiltinPack] = &[DOCUMENT, EXTENDED];

/// The default built-in pack.
pub(crate) const DEFAULT: &BuiltinPack = &PACKS[0];

/// The entry of `table` named `name` (as typed: letter case and `-`/`_`
/// are not told apart).
pub(crate) fn find<'t>(table: &'t [BuiltinPack], name: &str) -> Option<&'t BuiltinPack> {
    table
        .iter()
        .find(|p| crate::pack::name::normalize(p.name) == crate::pack::name::normalize(name))
}

/// The help for a name that is not in `table`: the closest name, and
/// every name.
pub(crate) fn unknown_help(table: &[BuiltinPack], name: &str) -> String {
    let names: Vec<&str> = table.iter().map(|p| p.name).collect();
    let all = format!(
        "the built-in packs are `{}` (`neurotriage packs` lists them); `--rules DIR` uses a pack folder",
        names.join("`, `")
    );
    match crate::pack::suggest::did_you_mean(name, names.iter().copied()) {
        Some(mean) => format!("{mean} {all}"),
        None => all,
    }
}

/// The version of the stored form. Bump it when a change of code changes
/// what checking `rules/` gives, or how a `Pack` is serialised; the
/// `builtin` test says when.
pub(crate) const FORMAT: u32 = 7;

/// The stored, checked copy (see the module docs).
const STORED: &str = include_str!("builtin_pack.json");

/// The stored copy's shape.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    /// [`digest_of`] the YAML and format the pack was made with.
    digest: String,
    pack: Pack,
}

/// FNV-1a over [`FORMAT`] and the names and texts of `files`, each
/// followed by a zero byte: enough to notice an edit. A carriage return
/// before a line feed is skipped, so a checkout with Windows line endings
/// has the same digest (YAML reads both alike). Computed when the binary is
/// compiled.
const fn digest_of(files: &[(&str, &str); 6]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let format = FORMAT.to_le_bytes();
    let mut i = 0;
    while i < format.len() {
        hash ^= format[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    let mut file = 0;
    while file < files.len() {
        let (name, text) = files[file];
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
}

/// The stored copy of a pack checked from an entry's YAML, as written to
/// its file in `src/load/`.
#[cfg(test)]
fn to_stored(entry: &BuiltinPack, pack: &Pack) -> String {
    let stored = Stored { digest: entry.digest(), pack: pack.clone() };
    // Serialising plain data to a string cannot fail.
    let mut text = serde_json::to_string_pretty(&stored).unwrap_or_default();
    text.push('\n');
    text
}

/// A table of two built-in packs for tests, until there are two.
#[cfg(test)]
pub(crate) mod test_packs {
    use super::{BuiltinPack, DOCUMENT};

    /// A second built-in pack, for the tests of the table: the toy fruit
    /// pack of `tests/packs/three`, with no stored copy (so it is read from
    /// its YAML) and no teaching cases.
    pub(crate) const FRUIT: BuiltinPack = BuiltinPack::new(
        "fruit",
        "tests/packs/three",
        [
            ("pack.yaml", include_str!("../../tests/packs/three/pack.yaml")),
            ("claims.yaml", include_str!("../../tests/packs/three/claims.yaml")),
            ("features.yaml", include_str!("../../tests/packs/three/features.yaml")),
            ("derived.yaml", include_str!("../../tests/packs/three/derived.yaml")),
            ("rules.yaml", include_str!("../../tests/packs/three/rules.yaml")),
            ("alerts.yaml", include_str!("../../tests/packs/three/alerts.yaml")),
        ],
        ("", "builtin_fruit.json"),
        None,
    );

    pub(crate) const TABLE: [BuiltinPack; 2] = [DOCUMENT, FRUIT];
}

#[cfg(test)]
mod tests {
    use std::{fs, path::Path};

    use super::test_packs::{FRUIT, TABLE};
    use super::{DEFAULT, DOCUMENT, FORMAT, PACKS, find, to_stored, unknown_help};
    use crate::load::{PackSource, check, load};

    /// Every built-in pack's stored copy must be what checking its YAML
    /// gives now, and be what `load` uses.
    /// `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` rewrites them all.
    #[test]
    fn the_stored_builtin_pack_is_fresh_and_used() {
        for entry in PACKS {
            let source = PackSource::Embedded(entry);
            let name = entry.name;
            let pack = check(&source).pack.unwrap_or_else(|| panic!("`{name}` checks"));
            let expected = to_stored(entry, &pack);
            let file = format!("src/load/{}", entry.stored_file);
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&file);
            if std::env::var_os("NEUROTRIAGE_UPDATE_BUILTIN").is_some() {
                fs::write(&path, &expected).unwrap_or_else(|_| panic!("{file} is writable"));
                continue;
            }
            let on_disk = fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == expected,
                "{file} (the stored copy of the built-in pack `{name}`) is stale: run \
                 `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` and commit the rewritten \
                 file; if code changed how a pack is stored, also bump `FORMAT` (now {FORMAT}) \
                 in src/load/builtin.rs. Until then, after an edit of `{}/` commands read the \
                 YAML (slower, same answers); after a change of the checking code they still \
                 use the copy as the old code checked it",
                entry.display_folder
            );
            // Spans are not stored (only checking needs them), so the copies
            // are compared as stored.
            let loaded = entry.stored().unwrap_or_else(|| panic!("`{name}`: the copy loads"));
            assert_eq!(to_stored(entry, &loaded), expected, "`{name}` loads as checked");
            let used = load(&source).pack.unwrap_or_else(|| panic!("`{name}` loads"));
            assert_eq!(to_stored(entry, &used), expected, "`load` uses the copy of `{name}`");
        }
    }

    #[test]
    fn the_builtin_packs_have_unique_names_and_document_is_the_default() {
        assert_eq!(DEFAULT.name, "document");
        assert_eq!(DEFAULT.display_folder, "rules");
        assert!(PackSource::Builtin == PackSource::Embedded(&DOCUMENT));
        for (i, a) in PACKS.iter().enumerate() {
            for b in &PACKS[i + 1..] {
                assert_ne!(
                    crate::pack::name::normalize(a.name),
                    crate::pack::name::normalize(b.name)
                );
            }
            assert!(
                std::path::Path::new(a.stored_file).extension().is_some_and(|e| e == "json"),
                "{}",
                a.stored_file
            );
        }
    }

    #[test]
    fn a_table_of_two_packs_finds_suggests_and_loads_each() {
        assert_eq!(find(&TABLE, "fruit").map(|p| p.name), Some("fruit"));
        assert_eq!(find(&TABLE, "Document").map(|p| p.name), Some("document"));
        assert!(find(&TABLE, "nope").is_none());
        assert_eq!(
            unknown_help(&TABLE, "fruits"),
            "did you mean `fruit`? the built-in packs are `document`, `fruit` \
             (`neurotriage packs` lists them); `--rules DIR` uses a pack folder"
        );
        assert_eq!(
            unknown_help(&TABLE, "zzz"),
            "the built-in packs are `document`, `fruit` (`neurotriage packs` lists them); \
             `--rules DIR` uses a pack folder"
        );
        // No stored copy: the YAML is read, and names its files by the
        // entry's folder.
        assert!(FRUIT.stored().is_none());
        let fruit = load(&PackSource::Embedded(&FRUIT)).pack.expect("the fruit pack loads");
        assert_eq!(fruit.name, "fruit");
        assert_eq!(fruit.profiles.len(), 3);
        let report = check(&PackSource::Embedded(&FRUIT));
        assert_eq!(report.sources[0].name, "tests/packs/three/pack.yaml");
        assert_eq!(FRUIT.cases_folder(), "tests/packs/three/cases");
        assert_ne!(FRUIT.digest(), DOCUMENT.digest());
        let document = load(&PackSource::Embedded(&TABLE[0])).pack.expect("document loads");
        assert_eq!(document.name, load(&PackSource::Builtin).pack.expect("default").name);
    }
}

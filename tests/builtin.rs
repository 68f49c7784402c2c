//! The built-in pack's stored, checked copy (`src/builtin_pack.json`) must
//! match what checking `rules/` gives now, and be what `load` uses.
//! `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` rewrites it after the
//! rules change.

use std::{fs, path::Path};

use neurotriage::{
    builtin,
    load::{PackSource, check, load},
};

#[test]
fn the_stored_builtin_pack_is_fresh_and_used() {
    let pack = check(&PackSource::Builtin).pack.expect("the built-in pack checks");
    let expected = builtin::to_stored(&pack);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/builtin_pack.json");
    if std::env::var_os("NEUROTRIAGE_UPDATE_BUILTIN").is_some() {
        fs::write(&path, &expected).expect("src/builtin_pack.json is writable");
        return;
    }
    let stored = fs::read_to_string(&path).expect("src/builtin_pack.json exists");
    assert!(
        stored == expected,
        "src/builtin_pack.json is stale: run `NEUROTRIAGE_UPDATE_BUILTIN=1 cargo test builtin` \
         and commit it (until then commands read the YAML, which is slower but correct)"
    );
    // Spans are not stored (only checking needs them), so the copies are
    // compared as stored.
    let loaded = builtin::stored().expect("the stored copy is fresh and loads");
    assert_eq!(builtin::to_stored(&loaded), expected, "the stored copy loads as the checked pack");
    let used = load(&PackSource::Builtin).pack.expect("the built-in pack loads");
    assert_eq!(builtin::to_stored(&used), expected, "`load` uses the stored copy");
}

//! The extended pack is a superset of the document pack's vocabulary:
//! every feature of `document`, with the same kind, values (choices,
//! range, unit) and synonyms, is a feature of `extended`, so any case
//! written for one runs on the other.

use crate::{
    load::{PackSource, builtin, load},
    pack::feature::FeatureKind,
};

#[test]
fn the_extended_pack_holds_every_feature_of_the_document_pack() {
    let document = load(&PackSource::Embedded(&builtin::DOCUMENT)).pack.expect("document loads");
    let extended = load(&PackSource::Embedded(&builtin::EXTENDED)).pack.expect("extended loads");
    for feature in &document.features {
        let Some(other) = extended.features.iter().find(|f| f.name == feature.name) else {
            panic!("`{}` is not a feature of the extended pack", feature.name);
        };
        assert_eq!(other.synonyms, feature.synonyms, "synonyms of `{}`", feature.name);
        match (&feature.kind, &other.kind) {
            (FeatureKind::YesNo, FeatureKind::YesNo) => {}
            (
                FeatureKind::Number { unit, min, max },
                FeatureKind::Number { unit: u, min: a, max: b },
            ) => {
                assert_eq!((unit, min, max), (u, a, b), "range of `{}`", feature.name);
            }
            (FeatureKind::Choice { choices }, FeatureKind::Choice { choices: others }) => {
                let names = |c: &[crate::pack::feature::Choice]| {
                    c.iter().map(|c| (c.name.clone(), c.synonyms.clone())).collect::<Vec<_>>()
                };
                assert_eq!(names(choices), names(others), "choices of `{}`", feature.name);
            }
            (a, b) => panic!("`{}` is {a:?} in document, {b:?} in extended", feature.name),
        }
    }
    assert!(extended.features.len() > document.features.len());
}

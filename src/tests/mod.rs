//! Tests of the library as a whole, on the built-in pack and on random
//! packs: laws of the engine (property tests) and the clinical vignettes.
//! They sit inside the crate, rather than in `tests/`, because they read
//! the pack and the explanation as values, which the public surface does
//! not offer; `tests/` runs the binary as a person would. Nothing outside
//! tests may use this folder.

mod hpo_terms;
mod layers;
mod pack_superset;
mod properties;
mod random_packs;
mod vignettes;

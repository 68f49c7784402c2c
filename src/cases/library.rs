//! A library of teaching cases: the files of a folder (the pack's `cases/`,
//! a teacher's `--cases DIR`, or the built-in library), each read and
//! checked against the pack. The texts come from [`crate::load::case_folder`];
//! this module only parses them.

use std::collections::HashMap;

use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file::{self, CaseFile},
    pack::Pack,
    pack::suggest::did_you_mean,
};

/// The cases of a library, in file order (file names sorted).
#[derive(Debug, Clone, Default)]
pub(crate) struct Library {
    pub(crate) cases: Vec<CaseFile>,
}

/// A case of the library that could not be read: the file (an index into
/// the texts given to [`parse`], so that a caret can be drawn) and what is
/// wrong.
#[derive(Debug, Clone)]
pub(crate) struct LibraryProblem {
    pub(crate) file: usize,
    pub(crate) error: CaseError,
}

/// Reads every case of `files` (`(display name, text)` pairs). A file may
/// hold several cases (one per YAML document, or a list); an id used twice
/// is a mistake, since `cases show ID` and the quiz find cases by id.
pub(crate) fn parse(pack: &Pack, files: &[(String, String)]) -> (Library, Vec<LibraryProblem>) {
    let mut library = Library::default();
    let mut problems = Vec::new();
    // Where each id was first given, so that a repeat can name it.
    let mut places: HashMap<String, String> = HashMap::new();
    for (index, (name, text)) in files.iter().enumerate() {
        let problem = |error| LibraryProblem { file: index, error };
        let cases = match case_file::parse_yaml_cases(pack, text) {
            Ok(cases) => cases,
            Err(error) => {
                problems.push(problem(error));
                continue;
            }
        };
        if cases.is_empty() {
            problems.push(problem(CaseError::new(CaseErrorKind::NoCase)));
        }
        for (at, _, result) in cases {
            // A pack's own cases cite its own claims: another id is a
            // mistake here (a batch only notes it).
            let other = result
                .as_ref()
                .ok()
                .and_then(|case| case.teaching.as_deref())
                .and_then(|teaching| teaching.other_claims.first())
                .cloned();
            if let Some((id, claim_at)) = other {
                problems.push(problem(crate::cases::teaching::unknown_claim(pack, &id, claim_at)));
                continue;
            }
            match result {
                Ok(case) if places.contains_key(&case.id) => {
                    let id = case.id.clone();
                    let earlier = places[&case.id].clone();
                    let expected = case.expected;
                    problems.push(problem(
                        CaseError::at(at, CaseErrorKind::RepeatedId { id, earlier, expected })
                            .help("give every case of a library its own id"),
                    ));
                }
                Ok(case) => {
                    places.insert(case.id.clone(), format!("{name}:{}", at.line));
                    library.cases.push(case);
                }
                Err(error) => problems.push(problem(error)),
            }
        }
    }
    // A message quotes no more than the line at fault (a system file
    // given as a case is one value over many lines).
    for problem in &mut problems {
        if let (Some(at), Some((_, text))) = (&mut problem.error.at, files.get(problem.file)) {
            crate::load::first_line_only(at, text);
        }
    }
    (library, problems)
}

impl Library {
    /// The case with this id (ids are compared exactly).
    pub(crate) fn find(&self, id: &str) -> Option<&CaseFile> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// "did you mean `t01-weak-hand`?", or the ids there are, for an id
    /// that is not in the library.
    pub(crate) fn suggest(&self, id: &str) -> String {
        let ids = self.cases.iter().map(|c| c.id.as_str());
        did_you_mean(id, ids).unwrap_or_else(|| {
            if self.cases.is_empty() {
                "this library holds no case".to_owned()
            } else {
                "`neurotriage cases` lists the cases".to_owned()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{PackSource, case_folder, load};

    fn pack() -> Pack {
        load(&PackSource::Builtin).pack.expect("the built-in pack loads")
    }

    #[test]
    fn every_built_in_case_reads_and_has_stages_title_and_points() {
        let pack = pack();
        let files = case_folder::builtin();
        let (library, problems) = parse(&pack, &files);
        let problems: Vec<String> =
            problems.iter().map(|p| format!("{}: {}", files[p.file].0, p.error)).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(library.cases.len() >= 14, "at least 14 built-in teaching cases");
        for case in &library.cases {
            let teaching = case.teaching.as_ref().expect("a library case is a teaching case");
            assert!(teaching.title.is_some(), "{} has a title", case.id);
            assert!(!teaching.stages.is_empty(), "{} has stages", case.id);
            assert!(!teaching.teaching_points.is_empty(), "{} has teaching points", case.id);
            assert!(!teaching.claims.is_empty(), "{} names its claims", case.id);
            assert!(case.expected.is_some(), "{} states what it expects", case.id);
        }
    }

    #[test]
    fn stages_add_up_and_a_later_stage_may_revise_a_value() {
        let pack = pack();
        let text = "id: t\ntitle: T\nfeatures: {age: 40}\nstages:\n  - name: history\n    features: {course: relapsing}\n  - name: follow-up\n    features: {course: relapsing_then_progressive, fasciculations: no}\n";
        let case = case_file::parse_yaml(&pack, text).expect("reads");
        let views = case.stage_views();
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].so_far.len(), 2, "the opening features and the first stage");
        assert_eq!(views[1].so_far, case.case, "the last stage is the whole case");
        assert_eq!(case.case.len(), 3);
    }

    #[test]
    fn mistakes_in_a_teaching_case_point_at_their_place() {
        let pack = pack();
        let cases = [
            ("id: t\nclaims: [C99]\n", "unknown claim `C99` in `claims`", 15),
            ("id: t\nstages: []\n", "`stages` holds no stage", 14),
            ("id: t\nstages:\n  - features: {}\n", "a stage has no `name`", 18),
            (
                "id: t\nstages:\n  - name: a\n    feature: {}\n",
                "unknown key `feature` in a stage",
                30,
            ),
            (
                "id: t\nstages:\n  - name: a\n  - name: A\n",
                "the stage name `A` was given to an earlier stage",
                36,
            ),
            ("id: t\nteaching_points: one\n", "`teaching_points` must be a list, found text", 23),
        ];
        for (text, message, offset) in cases {
            // Read as a library reads its cases (where a claim the pack
            // does not have is a mistake; a batch only notes it).
            let (library, problems) = parse(&pack, &[("t.yaml".to_owned(), text.to_owned())]);
            assert!(library.cases.is_empty(), "{text:?}");
            let [problem] = problems.as_slice() else { panic!("one problem in {text:?}") };
            assert_eq!(problem.error.to_string(), message, "{text:?}");
            assert_eq!(problem.error.at.map(|at| at.offset), Some(offset), "{text:?}");
        }
    }

    #[test]
    fn an_id_given_twice_in_a_library_is_refused() {
        let pack = pack();
        let files = vec![
            ("a.yaml".to_owned(), "id: same\nfeatures: {age: 30}\n".to_owned()),
            ("b.yaml".to_owned(), "id: same\nfeatures: {age: 40}\n".to_owned()),
        ];
        let (library, problems) = parse(&pack, &files);
        assert_eq!(library.cases.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, 1);
        assert_eq!(
            problems[0].error.to_string(),
            "the id `same` was given to the case at a.yaml:1"
        );
        assert_eq!(library.suggest("sme"), "did you mean `same`?");
    }
}

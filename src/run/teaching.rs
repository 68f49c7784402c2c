//! The teaching commands at the top: finding the library of teaching
//! cases (`--cases DIR`, the pack's `cases/` folder, or the built-in one),
//! choosing and ordering a quiz's cases, and reading the case `explain`
//! names. The layers below do the work; this only connects them.

use std::path::Path;

use super::Error;
use crate::{
    cases::case_file::CaseFile,
    cases::library::{self, Library},
    cli::config::Config,
    load::{PackSource, case_folder},
    pack::Pack,
};

/// `(display name, text)` of the files read.
pub(super) type Files = Vec<(String, String)>;

/// The library of teaching cases, with the texts it was read from (for
/// carets in messages). `--cases DIR` wins over the pack's own folder.
pub(super) fn library(config: &Config, pack: &Pack) -> Result<(Library, Files), Error> {
    let files = library_files(config)?;
    let (library, problems) = library::parse(pack, &files);
    if !problems.is_empty() {
        return Err(Error::Library { problems, files });
    }
    Ok((library, files))
}

/// The texts of the library's files.
pub(super) fn library_files(config: &Config) -> Result<Files, Error> {
    let folder = match (&config.cases, &config.pack) {
        (Some(dir), _) => Some(dir.clone()),
        (None, PackSource::Folder(dir)) => case_folder::of_pack(dir),
        (None, PackSource::Embedded(entry)) => return Ok(case_folder::of_builtin(entry)),
    };
    let Some(folder) = folder else { return Ok(Vec::new()) };
    // A pack's own `cases/` folder is part of the pack: a link out of the
    // pack is refused as a pack file's would be. (A folder named with
    // `--cases` is the person's choice, wherever it leads.)
    if let (None, PackSource::Folder(dir)) = (&config.cases, &config.pack)
        && let Err(problem) = crate::load::check_inside(&folder, dir, crate::load::FileKind::Cases)
    {
        return Err(Error::CaseFolder { problems: vec![*problem] });
    }
    let (files, problems) = case_folder::read(&folder);
    if problems.is_empty() { Ok(files) } else { Err(Error::CaseFolder { problems }) }
}

/// Reads the cases of files named on the command line.
fn cases_in(pack: &Pack, files: Files) -> Result<Vec<CaseFile>, Error> {
    let (found, problems) = library::parse(pack, &files);
    if !problems.is_empty() {
        return Err(Error::Library { problems, files });
    }
    Ok(found.cases)
}

/// The cases a quiz asks about, in order: each argument a library id, a
/// case file or a folder of case files; none, the whole library. A path
/// that exists wins over a library id of the same name. The library is read
/// only when an id needs it, so a mistake in it does not stop a quiz on a
/// file of one's own.
pub(super) fn quiz_cases(
    config: &Config,
    pack: &Pack,
    selection: &[String],
) -> Result<Vec<CaseFile>, Error> {
    let mut library: Option<Library> = None;
    if selection.is_empty() {
        let (library, _) = self::library(config, pack)?;
        if library.cases.is_empty() {
            return Err(Error::NoCases { folder: None });
        }
        return Ok(library.cases);
    }
    let mut cases = Vec::new();
    for item in selection {
        let path = Path::new(item);
        if path.is_dir() {
            let (files, problems) = case_folder::read(path);
            if !problems.is_empty() {
                return Err(Error::CaseFolder { problems });
            }
            let found = cases_in(pack, files)?;
            if found.is_empty() {
                return Err(Error::NoCases { folder: Some(item.clone()) });
            }
            cases.extend(found);
        } else if path.exists() {
            let file = case_folder::read_file(path)
                .map_err(|p| Error::CaseFolder { problems: vec![*p] })?;
            cases.extend(cases_in(pack, vec![file])?);
        } else {
            let library: &Library = match &mut library {
                Some(library) => library,
                slot @ None => slot.insert(self::library(config, pack)?.0),
            };
            match library.find(item) {
                Some(found) => cases.push(found.clone()),
                None => {
                    return Err(Error::UnknownCase {
                        id: item.clone(),
                        help: library.suggest(item),
                    });
                }
            }
        }
    }
    Ok(cases)
}

/// The case `explain FILE` or `explain --case ID` names.
pub(super) fn explain_case(
    config: &Config,
    pack: &Pack,
    file: Option<&Path>,
    id: Option<&str>,
) -> Result<CaseFile, Error> {
    if let Some(id) = id {
        let (library, _) = library(config, pack)?;
        return library
            .find(id)
            .cloned()
            .ok_or_else(|| Error::UnknownCase { id: id.to_owned(), help: library.suggest(id) });
    }
    let path = file.unwrap_or(Path::new(""));
    let file =
        case_folder::read_file(path).map_err(|p| Error::CaseFolder { problems: vec![*p] })?;
    let mut cases = cases_in(pack, vec![file])?;
    match cases.len() {
        1 => Ok(cases.remove(0)),
        count => Err(Error::ManyCases { file: path.display().to_string(), count }),
    }
}

/// Shuffles `items` with a seed: the same seed gives the same order on
/// every machine and in every version, so a teacher can give one order to
/// a whole class. Hand-written (`SplitMix64` driving a Fisher-Yates shuffle) for that
/// reason: a random-number crate is free to change its sequence between
/// versions.
pub(super) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        // The modulo bias is below 2^-50 for any library size: harmless.
        let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
}

/// A seed for `--shuffle` without `--seed`: from the clock, small enough
/// to read out to a class, and printed so that the order can be had again.
pub(super) fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
        % 100_000
}

#[cfg(test)]
mod tests {
    use super::shuffle;

    const PINNED_SEED_7: [u32; 15] = [1, 2, 4, 0, 11, 14, 8, 6, 13, 5, 7, 3, 9, 10, 12];

    #[test]
    fn a_seed_gives_the_same_order_every_time() {
        let mut a: Vec<u32> = (0..15).collect();
        let mut b = a.clone();
        shuffle(&mut a, 7);
        shuffle(&mut b, 7);
        assert_eq!(a, b);
        let mut c: Vec<u32> = (0..15).collect();
        shuffle(&mut c, 8);
        assert_ne!(a, c);
        // Pinned: a class given `--seed 7` must get this order from every
        // later version too.
        assert_eq!(a, PINNED_SEED_7);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..15).collect::<Vec<_>>(), "a shuffle loses nothing");
    }
}

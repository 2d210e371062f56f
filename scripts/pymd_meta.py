#!/usr/bin/env python3
"""Records what Python-Markdown's meta extension reads from every page of
the corpus, as hashes, in tests/expected/pymd_meta.tsv.

Usage: python3 scripts/pymd_meta.py [CORPUS] [--output FILE] [--debug DIR]

CORPUS defaults to ../shared/corpus beside the repository root. Every
*.md and *.markdown file under CORPUS is read; each gives one line

    path \\t keys \\t fnv

(path relative to CORPUS with '/' separators, lines sorted by path).
The file is decoded as strict UTF-8 (failure: `path\\terror\\t-`), one
leading BOM is dropped (as Pelican does), and the text goes to
`markdown.Markdown(extensions=['meta']).convert`. `keys` is the number of
keys in `md.Meta`; `fnv` is FNV-1a 64 over the canonical string: for each
(key, values) in dict order, key + "\\x1f" + "\\x1e".join(values) + "\\x1d".

Two checks are printed: the peer cases of Python-Markdown against
peer-cases/python-markdown/EXPECTED_META.json, and every file's Meta
against the header rules written out in pagecommon.split_header (the
rules the crate and scripts/mdit_crosscheck.py use). Exit status 1 if
either disagrees.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import markdown

from pagecommon import (
    DEFAULT_CORPUS,
    EXPECTED_DIR,
    corpus_files,
    debug_path,
    fnv1a64,
    read_page,
    split_header,
)

PEER_DIR = "peer-cases/python-markdown"


def pymd_meta(text: str) -> dict[str, list[str]]:
    """md.Meta for `text` (BOM already dropped). A blank text makes
    convert() return before the preprocessors run; Meta then is the empty
    dict that reset() (run by the constructor) left."""
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    return getattr(md, "Meta", {})


def canonical(meta: dict[str, list[str]]) -> str:
    return "".join(k + "\x1f" + "\x1e".join(v) + "\x1d" for k, v in meta.items())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--output", type=Path, default=EXPECTED_DIR / "pymd_meta.tsv")
    ap.add_argument("--debug", type=Path, metavar="DIR")
    args = ap.parse_args()
    root: Path = args.corpus

    rows = []
    metas: dict[str, dict[str, list[str]]] = {}
    rule_mismatches = []
    total_keys = 0
    for rel in corpus_files(root):
        raw = read_page(root / rel)
        if raw is None:
            rows.append(f"{rel}\terror\t-")
            continue
        text = raw[1:] if raw.startswith("\ufeff") else raw
        meta = pymd_meta(text)
        metas[rel] = meta
        total_keys += len(meta)
        canon = canonical(meta)
        rows.append(f"{rel}\t{len(meta)}\t{fnv1a64(canon)}")
        ours = split_header(raw).meta
        if ours != meta:
            rule_mismatches.append((rel, meta, ours))
        if args.debug:
            with open(debug_path(args.debug, rel), "w", encoding="utf-8") as f:
                json.dump(
                    {"path": rel, "keys": len(meta), "fnv": fnv1a64(canon),
                     "meta": meta, "rules_meta": ours},
                    f, ensure_ascii=False, indent=1,
                )

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(r + "\n" for r in rows))
    errors = sum(1 for r in rows if r.endswith("\terror\t-"))
    with_meta = sum(1 for m in metas.values() if m)
    print(f"wrote {args.output}: {len(rows)} files, {with_meta} with at least one key, "
          f"{total_keys} keys in all, {errors} not UTF-8")

    status = 0
    expected_path = root / PEER_DIR / "EXPECTED_META.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    agree = 0
    for name, want in sorted(expected.items()):
        rel = f"{PEER_DIR}/{name}"
        got = metas.get(rel)
        if got == want:
            agree += 1
        else:
            status = 1
            print(f"EXPECTED_META disagreement: {rel}\n  expected {want!r}\n  got      {got!r}")
    print(f"EXPECTED_META.json: {agree}/{len(expected)} cases agree")

    if rule_mismatches:
        status = 1
        for rel, meta, ours in rule_mismatches:
            print(f"header-rule disagreement: {rel}\n  Python-Markdown {meta!r}\n  rules           {ours!r}")
    print(f"header rules vs Python-Markdown: {len(metas) - len(rule_mismatches)}/{len(metas)} files agree")
    return status


if __name__ == "__main__":
    sys.exit(main())

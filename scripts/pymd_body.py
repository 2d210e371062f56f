#!/usr/bin/env python3
"""Records the headings and links of the HTML that Python-Markdown (with
`extra`, `toc` and `meta`, as Pelican renders a page) makes of every page,
as counts and hashes, in tests/expected/pymd_body*.tsv.

Usage:
    python3 scripts/pymd_body.py [CORPUS] [--output FILE] [--debug DIR]
    python3 scripts/pymd_body.py --fixtures DIR
    python3 scripts/pymd_body.py --pairs DIR [--output FILE]

CORPUS defaults to ../shared/corpus beside the repository root. Every
*.md / *.markdown file under CORPUS/fullstackpython-2016,
CORPUS/fullstackpython-2023 and CORPUS/peer-cases gives one line (sorted
by path):

    path \\t headings_count \\t headings_fnv \\t links_count \\t links_fnv

The output file defaults to tests/expected/pymd_body.tsv for Markdown 3.x
and tests/expected/pymd_body_2.tsv for Markdown 2.x (the version the
Full Stack Python site pins).

The whole file (one leading BOM dropped) goes to
`markdown.Markdown(extensions=['extra', 'toc', 'meta']).convert`; the meta
extension takes the header off as Pelican's reader does. Raw HTML is
marked while it is rendered (every string stored in Python-Markdown's
HTML stash is wrapped in two comments), so that headings written as raw
HTML can be left out. From the HTML (read with html.parser, entity
references decoded):

  headings: "{level}\\t{id}\\t{text}\\n" per <h1>..<h6> not inside raw
            HTML, text being its character data with white space runs
            made one space and trimmed;
  links:    "{tag}\\t{dest}\\n" per <a href> ("a") and <img src> ("img")
            in document order, raw HTML included, leaving out footnote
            references and back-references (class footnote-ref /
            footnote-backref) and the table of contents made for [TOC].

--fixtures DIR renders each DIR/NAME.md and writes DIR/NAME.html (the
HTML as Python-Markdown makes it) and DIR/NAME.expected.json (the
headings as [level, id, text] and links as [tag, dest]); and each body of
DIR/cases.txt (bodies separated by a line `%%%%`, no header) into
DIR/cases.expected.json, a list of {input, headings, links}.

--pairs DIR reads Python-Markdown's own legacy test pairs from its
unpacked source distribution DIR (tests/basic, tests/misc, tests/pl,
tests/extensions, with the extensions tests/test_legacy.py gives each) and
writes one JSON line per pair (see run_pairs) to --output, by default
pymd_pairs.jsonl in the current folder: keep it outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from html.parser import HTMLParser
from importlib.metadata import version as _dist_version
from pathlib import Path

if _dist_version("Markdown").startswith("2."):
    # Markdown 2.6 calls Element.getiterator and getchildren, which Python 3.9 removed from
    # ElementTree: use the pure-Python ElementTree and give it that name.
    sys.modules["_elementtree"] = None  # type: ignore[assignment]
    import xml.etree.ElementTree as _ET

    _ET.Element.getiterator = _ET.Element.iter  # type: ignore[attr-defined]
    _ET.Element.getchildren = lambda self: list(self)  # type: ignore[attr-defined]

import markdown  # noqa: E402

from pagecommon import DEFAULT_CORPUS, EXPECTED_DIR, corpus_files, debug_path, fnv1a64, read_page

FOLDERS = ("fullstackpython-2016", "fullstackpython-2023", "peer-cases")
EXTENSIONS = ["extra", "toc", "meta"]
MAJOR = int(_dist_version("Markdown").split(".")[0])
RAW_OPEN = "pagefmt-raw("
RAW_CLOSE = "pagefmt-raw)"

from markdown.util import HtmlStash  # noqa: E402

_original_store = HtmlStash.store


def _store_marked(self, html, *args, **kwargs):
    if isinstance(html, str):
        html = f"<!--{RAW_OPEN}-->{html}<!--{RAW_CLOSE}-->"
    return _original_store(self, html, *args, **kwargs)


class Outline(HTMLParser):
    """Headings and links of one HTML document (see the module docs)."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.raw = 0
        self.toc_depth = 0
        self.heading: list | None = None
        self.headings: list[tuple[int, str, str]] = []
        self.links: list[tuple[str, str]] = []

    def handle_comment(self, data):
        if data == RAW_OPEN:
            self.raw += 1
        elif data == RAW_CLOSE:
            self.raw -= 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.toc_depth:
            if tag == "div":
                self.toc_depth += 1
            return
        if tag == "div" and "toc" in (a.get("class") or "").split() and not self.raw:
            self.toc_depth = 1
            return
        if tag in self.HEADINGS and not self.raw and self.heading is None:
            self.heading = [int(tag[1]), a.get("id") or "", []]
        elif tag == "a" and "href" in a:
            cls = (a.get("class") or "").split()
            if "footnote-ref" in cls or "footnote-backref" in cls:
                return
            self.links.append(("a", a["href"] or ""))
        elif tag == "img" and "src" in a:
            self.links.append(("img", a["src"] or ""))

    def handle_startendtag(self, tag, attrs):
        if tag in self.HEADINGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.toc_depth:
            if tag == "div":
                self.toc_depth -= 1
            return
        if self.heading is not None and tag == f"h{self.heading[0]}":
            level, hid, parts = self.heading
            self.headings.append((level, hid, " ".join("".join(parts).split())))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None and not self.toc_depth:
            self.heading[2].append(data)


def outline(html: str) -> Outline:
    o = Outline()
    o.feed(html)
    o.close()
    return o


def render(text: str, extensions=EXTENSIONS, marked: bool = True) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    HtmlStash.store = _store_marked if marked else _original_store
    try:
        return markdown.Markdown(extensions=list(extensions)).convert(text)
    finally:
        HtmlStash.store = _original_store


def canonical(o: Outline) -> tuple[str, str]:
    hc = "".join(f"{lv}\t{hid}\t{tx}\n" for lv, hid, tx in o.headings)
    lc = "".join(f"{tag}\t{dest}\n" for tag, dest in o.links)
    return hc, lc


def check_marking(text: str, rel: str) -> None:
    """Marking raw HTML must not change the ids toc makes nor the links."""
    plain = outline(render(text, marked=False))
    marked = outline(render(text))
    ids_plain = [h for h in plain.headings]
    if marked.links != plain.links or not set(marked.headings) <= set(ids_plain):
        raise SystemExit(f"{rel}: marking raw HTML changed the result")


def run_corpus(root: Path, output: Path, debug: Path | None) -> None:
    rows = []
    total_h = total_l = 0
    for rel in corpus_files(root, FOLDERS):
        raw = read_page(root / rel)
        if raw is None:
            rows.append(f"{rel}\terror\t-\terror\t-")
            continue
        check_marking(raw, rel)
        html = render(raw)
        o = outline(html)
        hc, lc = canonical(o)
        rows.append(f"{rel}\t{len(o.headings)}\t{fnv1a64(hc)}\t{len(o.links)}\t{fnv1a64(lc)}")
        total_h += len(o.headings)
        total_l += len(o.links)
        if debug:
            with open(debug_path(debug, rel), "w", encoding="utf-8") as f:
                json.dump({"path": rel, "headings": hc, "links": lc, "html": html}, f, ensure_ascii=False, indent=1)
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(r + "\n" for r in rows))
    print(f"wrote {output}: {len(rows)} files, {total_h} headings, {total_l} links (Markdown {MAJOR}.x)")


def run_fixtures(folder: Path) -> None:
    cases = folder / "cases.txt"
    if cases.exists():
        out = []
        for text in cases.read_text(encoding="utf-8").split("\n%%%%\n"):
            o = outline(render(text))
            out.append(
                {
                    "input": text,
                    "headings": [[lv, hid, tx] for lv, hid, tx in o.headings],
                    "links": [[tag, dest] for tag, dest in o.links],
                }
            )
        cases.with_suffix(".expected.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{cases.name}: {len(out)} cases")
    for md in sorted(folder.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        html = render(text)
        o = outline(html)
        md.with_suffix(".html").write_text(render(text, marked=False), encoding="utf-8")
        data = {
            "headings": [[lv, hid, tx] for lv, hid, tx in o.headings],
            "links": [[tag, dest] for tag, dest in o.links],
        }
        md.with_suffix(".expected.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{md.name}: {len(o.headings)} headings, {len(o.links)} links")


# Python-Markdown's legacy test folders: input suffix, the extensions
# every pair is made with, those of single pairs, and the pairs its own
# suite leaves out (as tests/test_legacy.py lists them).
PAIR_FOLDERS = {
    "basic": (".txt", [], {}, []),
    "misc": (".txt", [], {}, []),
    "pl/Tests_2004": (".text", [], {}, ["Yuri_Footnotes", "Yuri_Attributes"]),
    "pl/Tests_2007": (
        ".text",
        [],
        {},
        ["Images", "Code_Blocks", "Links,_reference_style", "Backslash_escapes", "Code_Spans"],
    ),
    "extensions": (
        ".txt",
        [],
        {
            "attr_list": ["attr_list", "def_list", "smarty"],
            "codehilite": ["codehilite"],
            "toc": ["toc"],
            "toc_invalid": ["toc"],
            "toc_out_of_order": ["toc"],
            "toc_nested": ["toc"],
            "toc_nested2": ["toc"],
            "toc_nested_list": ["toc"],
            "wikilinks": ["wikilinks"],
            "github_flavored": ["fenced_code"],
            "sane_lists": ["sane_lists"],
            "nl2br_w_attr_list": ["nl2br", "attr_list"],
            "admonition": ["admonition"],
        },
        ["codehilite", "toc_nested", "toc_nested2"],
    ),
    "extensions/extra": (
        ".txt",
        ["extra"],
        {
            "loose_def_list": ["def_list"],
            "simple_def_lists": ["def_list"],
            "abbr": ["abbr"],
            "footnotes": ["footnotes"],
        },
        ["extra_config"],
    ),
}


def run_pairs(folder: Path, output: Path) -> None:
    """One JSON line per pair of Python-Markdown's own legacy tests under
    `folder/tests`: its input text, the extensions it is made with, and the
    headings ([level, id, text]) and links ([tag, dest]) of the HTML those
    make (raw HTML headings left out). `same_as_expected` says whether the
    expected HTML of the pair gives the same links and headings (leaving
    raw HTML in). Kept outside the repository: it holds the pairs' text."""
    rows = []
    differ = 0
    for sub, (ext, default, per_name, excluded) in PAIR_FOLDERS.items():
        d = folder / "tests" / sub
        if not d.is_dir():
            raise SystemExit(f"no {d}")
        for src in sorted(d.glob("*" + ext)):
            name = src.stem
            html_path = src.with_suffix(".html")
            if name in excluded or not html_path.exists():
                continue
            exts = per_name.get(name, default)
            text = src.read_text(encoding="utf-8")
            o = outline(render(text, exts))
            plain = outline(render(text, exts, marked=False))
            given = outline(html_path.read_text(encoding="utf-8"))
            same = (plain.headings, plain.links) == (given.headings, given.links)
            differ += not same
            rows.append(
                json.dumps(
                    {
                        "path": f"{sub}/{src.name}",
                        "extensions": exts,
                        "input": text,
                        "headings": [list(h) for h in o.headings],
                        "links": [list(link) for link in o.links],
                        "same_as_expected": same,
                    },
                    ensure_ascii=False,
                )
            )
    output.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {output}: {len(rows)} pairs ({differ} whose expected HTML outlines differently)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--output", type=Path)
    ap.add_argument("--debug", type=Path, metavar="DIR")
    ap.add_argument("--fixtures", type=Path, metavar="DIR")
    ap.add_argument("--pairs", type=Path, metavar="DIR")
    args = ap.parse_args()
    if args.fixtures:
        run_fixtures(args.fixtures)
    elif args.pairs:
        run_pairs(args.pairs, args.output or Path("pymd_pairs.jsonl"))
    else:
        name = "pymd_body.tsv" if MAJOR >= 3 else f"pymd_body_{MAJOR}.tsv"
        run_corpus(args.corpus, args.output or EXPECTED_DIR / name, args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())

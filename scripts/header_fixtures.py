"""Writes the expected output of every header fixture, as Python-Markdown
reads it.

For each tests/fixtures/header/NAME.md this writes NAME.expected.json:

    {"meta": [[key, [values...]], ...],   # md.Meta, in first-seen order
     "body": "..."}                       # what the meta extension leaves

"body" is the text after the header as Python-Markdown holds it after its
whitespace normalization (line endings as \\n, tabs expanded to 4-column
stops, lines of spaces emptied), with trailing newlines removed. A leading
BOM is stripped first, as Pelican does.

Usage: python3 scripts/header_fixtures.py   (Markdown version: requirements.txt)
"""

from __future__ import annotations

import json
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "header"


def read_with_python_markdown(text: str) -> tuple[list, str]:
    text = text.removeprefix("\ufeff")
    md = markdown.Markdown(extensions=["meta"])
    # Markdown.convert returns before any preprocessor runs on a blank text:
    # there is no header; only normalize the body as for the others.
    blank = not text.strip()
    lines = text.split("\n")
    for item in md.preprocessors._priority:
        if item.name == "meta" and blank:
            break
        lines = md.preprocessors[item.name].run(lines)
        if item.name == "meta":
            break
    meta = [[k, list(v)] for k, v in getattr(md, "Meta", {}).items()]
    return meta, "\n".join(lines).rstrip("\n")


def main() -> None:
    for path in sorted(FIXTURES.glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        meta, body = read_with_python_markdown(text)
        out = path.with_name(path.stem + ".expected.json")
        out.write_text(
            json.dumps({"meta": meta, "body": body}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"{out.relative_to(ROOT)}: {len(meta)} keys")


if __name__ == "__main__":
    main()

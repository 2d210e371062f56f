"""Helpers shared by the expectation scripts.

- `fnv1a64`: the hash the expectation files store (FNV-1a, 64 bit, over the
  UTF-8 bytes of a canonical string, printed as 16 lowercase hex digits).
- `corpus_files`: the page files under a corpus folder, sorted.
- `split_header`: the header/body split, written out from the rules of
  Python-Markdown's meta extension (the same rules the crate follows), so
  that the body can be handed to another Markdown parser and body line
  numbers turned back into file line numbers.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
EXPECTED_DIR = REPO_ROOT / "tests" / "expected"

PAGE_SUFFIXES = (".md", ".markdown")

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(text: str) -> str:
    """FNV-1a 64-bit over the UTF-8 bytes of `text`, as 16 hex digits."""
    h = FNV_OFFSET
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * FNV_PRIME) & MASK64
    return f"{h:016x}"


def corpus_files(root: Path, folders: tuple[str, ...] | None = None) -> list[str]:
    """Relative '/'-separated paths of every *.md / *.markdown file under
    `root` (or under the given top-level folders of it), sorted by path
    (code point order, which is also UTF-8 byte order)."""
    found = []
    tops = [root] if folders is None else [root / f for f in folders]
    for top in tops:
        if not top.is_dir():
            raise SystemExit(f"corpus folder not found: {top}")
        for dirpath, _dirs, files in os.walk(top):
            for name in files:
                if name.endswith(PAGE_SUFFIXES):
                    full = Path(dirpath) / name
                    found.append(full.relative_to(root).as_posix())
    found.sort()
    return found


def read_page(path: Path) -> str | None:
    """The file decoded as strict UTF-8 (BOM kept), or None if it is not
    valid UTF-8. Read in binary so line endings stay as written."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# The line patterns of the meta extension (applied to tab-expanded lines).
KEY_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")


def iter_lines(text: str, pos: int):
    """Yields (line, start, end) from `pos`: the line without its ending,
    its start offset, and the offset after its ending. Lines end at \\r\\n,
    \\r or \\n only (not at the other characters str.splitlines knows)."""
    n = len(text)
    while pos < n:
        m = LINE_RE.match(text, pos)
        yield m.group(1), pos, m.end()
        pos = m.end()


@dataclass
class Split:
    """Where the header ends.

    header_lines: lines consumed by the header (opening fence, key and
    continuation lines, and the ending blank or fence line);
    body_offset: index into the text where the body starts;
    meta: the header as Python-Markdown's Meta dict would hold it.
    """

    header_lines: int
    body_offset: int
    meta: dict[str, list[str]] = field(default_factory=dict)


def split_header(text: str) -> Split:
    """Splits `text` (the whole decoded file, BOM included) into header and
    body by the meta extension's rules:

    - one leading BOM is skipped (it is not a line);
    - a first line starting with `---` is an opening fence and is consumed;
      otherwise a first line that is not a key line means no header at all
      (the body is the whole text after the BOM);
    - then each line: blank (str.strip() == '') -> consumed, stop; starting
      with `---` or `...` -> consumed, stop; a key line
      `^[ ]{0,3}[A-Za-z0-9_-]+:` -> new key; a line indented 4+ columns
      (tabs expanded to 4-column stops) after some key -> continuation;
      anything else -> stop, and that line is the first body line;
    - the text ending inside the header leaves an empty body.
    """
    start = 1 if text.startswith("\ufeff") else 0
    lines = iter_lines(text, start)
    first = next(lines, None)
    if first is None:
        return Split(0, start)
    pending = []
    consumed = 0
    body_offset = start
    if first[0].startswith("---"):
        consumed = 1
        body_offset = first[2]
    elif KEY_RE.match(first[0].expandtabs(4)):
        pending = [first]
    else:
        return Split(0, start)

    def rest():
        yield from pending
        yield from lines

    meta: dict[str, list[str]] = {}
    key = None
    for line, s, e in rest():
        if line.strip() == "" or line.startswith(("---", "...")):
            consumed += 1
            body_offset = e
            break
        expanded = line.expandtabs(4)
        m = KEY_RE.match(expanded)
        if m:
            key = m.group("key").lower()
            meta.setdefault(key, []).append(m.group("value").strip())
        else:
            m2 = MORE_RE.match(expanded)
            if m2 and key is not None:
                meta[key].append(m2.group("value").strip())
            else:
                body_offset = s
                break
        consumed += 1
        body_offset = e
    else:
        body_offset = len(text)
    return Split(consumed, body_offset, meta)


def debug_path(debug_dir: Path, rel: str) -> Path:
    """Where the debug JSON of corpus file `rel` goes: the same relative
    path under `debug_dir`, with `.json` appended."""
    out = debug_dir / (rel + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out

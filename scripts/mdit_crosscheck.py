#!/usr/bin/env python3
"""Records the headings and links markdown-it-py finds in the bodies of the
Full Stack Python pages, as counts and hashes, in tests/expected/crosscheck.tsv.

Usage: python3 scripts/mdit_crosscheck.py [CORPUS] [--output FILE] [--debug DIR]

CORPUS defaults to ../shared/corpus beside the repository root. Every
*.md / *.markdown file under CORPUS/fullstackpython-2016 and
CORPUS/fullstackpython-2023 gives one line (sorted by path):

    path \\t headings_count \\t headings_fnv \\t links_count \\t links_fnv

The header is split off by the meta extension's rules
(pagecommon.split_header) and only the body goes to markdown-it-py
(CommonMark preset plus `table` and `strikethrough`, URL normalization and
validation turned off so hrefs are destinations as written, with backslash
escapes and entities resolved). Line numbers are 1-based FILE lines.

Canonical strings (hashed with FNV-1a 64 over UTF-8):
  headings: "{level}\\t{line}\\t{text}\\n" per heading, text being the plain
            text of the heading (see heading_text), white space runs
            collapsed to one space and trimmed;
  links:    "{kind}\\t{line}\\t{dest}\\n" per link-like thing in document
            order, kind one of link, autolink, email, image, html,
            html-img (see Collector).
"""

from __future__ import annotations

import argparse
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from pagecommon import (
    DEFAULT_CORPUS,
    EXPECTED_DIR,
    corpus_files,
    debug_path,
    fnv1a64,
    read_page,
    split_header,
)

FOLDERS = ("fullstackpython-2016", "fullstackpython-2023")
POS_KEY = "crosscheck_src_pos"

# Every inline token created through StateInline.push records where the
# inline parser stood when it was pushed: for link_open that is just after
# the `[`, for image the `!`, for autolinks and html_inline the `<`. The
# offset is into the source the inline state parses (the inline token's
# content, or an image's alt text for tokens nested in an image), so its
# line is found by counting the newlines before it.
_original_push = StateInline.push


def _push_recording_pos(self, ttype, tag, nesting):
    token = _original_push(self, ttype, tag, nesting)
    token.meta[POS_KEY] = self.pos
    return token


StateInline.push = _push_recording_pos


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for hook in ("normalizeLink", "normalizeLinkText", "validateLink"):
        if not callable(getattr(md, hook, None)):
            raise SystemExit(f"markdown-it-py has no MarkdownIt.{hook}; the script needs updating")
    md.normalizeLink = lambda url: url
    md.normalizeLinkText = lambda text: text
    md.validateLink = lambda url: True
    # The hooks must take effect: percent-encoding, punycode and the
    # javascript: filter would all change these.
    probe = md.parseInline("[a](<b c&amp;%41>) [j](javascript:x) <http://ü.de/ ö>x <ftp://ü.example>")
    hrefs = [t.attrGet("href") for t in probe[0].children if t.type == "link_open"]
    if hrefs != ["b c&%41", "javascript:x", "ftp://ü.example"]:
        raise SystemExit(f"URL hooks not effective: {hrefs!r}")
    return md


def heading_text(children: list[Token]) -> str:
    """Plain text of a heading's inline children: text and code spans as
    they read, an image by its alt text (its own children), soft and hard
    breaks as a space; inline HTML and all markup tokens dropped."""
    parts: list[str] = []
    stack = [iter(children)]
    while stack:
        tok = next(stack[-1], None)
        if tok is None:
            stack.pop()
            continue
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            stack.append(iter(tok.children or []))
        elif tok.type == "html_inline" or tok.nesting != 0:
            pass
        else:
            raise ValueError(f"unexpected inline token in heading: {tok.type}")
    return " ".join("".join(parts).split())


class TagLinks(HTMLParser):
    """Collects href of <a> and src of <img> start tags (also self-closing
    ones) from one chunk of raw HTML. Entity references in values are
    decoded; comments, and the content of <script>/<style>, are skipped as
    the standard library parser does. Lines are 1-based within the chunk."""

    WANT = {"a": ("href", "html"), "img": ("src", "html-img")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, str | None]] = []

    def handle_starttag(self, tag, attrs):
        want = self.WANT.get(tag)
        if want is None:
            return
        for name, value in attrs:
            if name == want[0]:
                self.found.append((want[1], self.getpos()[0], value))
                return


def html_links(chunk: str) -> list[tuple[str, int, str | None]]:
    parser = TagLinks()
    parser.feed(chunk)
    parser.close()
    return parser.found


class Collector:
    """Walks the block token stream of one body and gathers headings and
    links. `offset` turns a 0-based body line into a 1-based file line."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.headings: list[tuple[int, int, str]] = []
        self.links: list[tuple[str, int, str]] = []
        self.notes: list[str] = []

    def walk(self, tokens: list[Token]) -> None:
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                inline = tokens[i + 1]
                assert inline.type == "inline"
                level = int(tok.tag[1:])
                self.headings.append(
                    (level, tok.map[0] + self.offset, heading_text(inline.children or []))
                )
            elif tok.type == "inline":
                if tok.map is None:
                    raise ValueError("inline token without a line map")
                self.inline(tok.children or [], tok.map[0], tok.content)
            elif tok.type == "html_block":
                self.html(tok.content, tok.map[0])

    def html(self, chunk: str, line0: int) -> None:
        for kind, line, value in html_links(chunk):
            if value is None:
                self.notes.append(f"{kind} attribute without a value at body line {line0 + line - 1}")
                value = ""
            self.links.append((kind, line0 + line - 1 + self.offset, value))

    def inline(self, children: list[Token], line0: int, src: str) -> None:
        """Inline tokens parsed from `src`, whose first line is body line
        `line0`. Nested image alt texts are walked with their own source."""
        stack = [(iter(children), line0, src)]
        while stack:
            it, base, text = stack[-1]
            tok = next(it, None)
            if tok is None:
                stack.pop()
                continue
            if tok.type not in ("link_open", "image", "html_inline"):
                continue
            pos = tok.meta.get(POS_KEY)
            if pos is None:
                raise ValueError(f"{tok.type} token without a recorded position")
            line = base + text.count("\n", 0, pos)
            if tok.type == "link_open":
                href = tok.attrGet("href")
                if tok.markup == "autolink":
                    label = "".join(c.content for c in tokens_between_link(it))
                    kind = "email" if href == "mailto:" + label else "autolink"
                else:
                    kind = "link"
                self.links.append((kind, line + self.offset, href))
            elif tok.type == "image":
                self.links.append(("image", line + self.offset, tok.attrGet("src")))
                stack.append((iter(tok.children or []), line, tok.content))
            else:
                self.html(tok.content, line)


def tokens_between_link(it):
    """Consumes an autolink's tokens up to its link_close, yielding them
    (an autolink holds exactly one text token)."""
    out = []
    for t in it:
        if t.type == "link_close":
            break
        out.append(t)
    return out


def canonical_headings(headings) -> str:
    return "".join(f"{level}\t{line}\t{text}\n" for level, line, text in headings)


def canonical_links(links) -> str:
    return "".join(f"{kind}\t{line}\t{dest}\n" for kind, line, dest in links)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--output", type=Path, default=EXPECTED_DIR / "crosscheck.tsv")
    ap.add_argument("--debug", type=Path, metavar="DIR")
    args = ap.parse_args()
    root: Path = args.corpus
    md = make_parser()

    rows = []
    totals = {"headings": 0}
    kinds: dict[str, int] = {}
    for rel in corpus_files(root, FOLDERS):
        raw = read_page(root / rel)
        if raw is None:
            raise SystemExit(f"{rel}: not UTF-8")
        split = split_header(raw)
        body = raw[split.body_offset:]
        collector = Collector(split.header_lines + 1)
        collector.walk(md.parse(body))
        hc = canonical_headings(collector.headings)
        lc = canonical_links(collector.links)
        rows.append(
            f"{rel}\t{len(collector.headings)}\t{fnv1a64(hc)}\t{len(collector.links)}\t{fnv1a64(lc)}"
        )
        totals["headings"] += len(collector.headings)
        for kind, _, _ in collector.links:
            kinds[kind] = kinds.get(kind, 0) + 1
        for note in collector.notes:
            print(f"note: {rel}: {note}")
        if args.debug:
            with open(debug_path(args.debug, rel), "w", encoding="utf-8") as f:
                json.dump(
                    {
                        "path": rel,
                        "header_lines": split.header_lines,
                        "headings": [
                            {"level": lv, "line": ln, "text": tx} for lv, ln, tx in collector.headings
                        ],
                        "links": [
                            {"kind": k, "line": ln, "dest": d} for k, ln, d in collector.links
                        ],
                        "headings_canonical": hc,
                        "links_canonical": lc,
                    },
                    f,
                    ensure_ascii=False,
                    indent=1,
                )

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(r + "\n" for r in rows))
    print(
        f"wrote {args.output}: {len(rows)} files, {totals['headings']} headings, "
        f"{sum(kinds.values())} links ("
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        + ")"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

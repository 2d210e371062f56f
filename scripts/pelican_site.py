"""Run Pelican on a site and record what it computes, for `tests/suite/site.rs`.

For each site named in `tests/expected/sites/SITES.tsv` (or one given with
`--site NAME`), this runs real Pelican in-process on the site's content,
with its settings file (if any) and the `[settings]` table of its
`pagefmt.toml` fixture as overrides (as `pelican -e` would pass them), into
a temporary output folder, and writes to `tests/expected/sites/NAME/`:

- `items.jsonl`: one object per item Pelican keeps (articles, pages,
  their translations, hidden ones and drafts), sorted by source:
  `{"source", "kind", "status", "slug", "url", "save_as", "lang",
  "category", "date", "offset", "modified", "translation_of"}`. `date` and
  `modified` are the local date and time (`isoformat()` without the
  offset), `offset` the date's UTC offset in seconds (Pelican applies
  `TIMEZONE` to dates written without one); a draft without a date, to
  which Pelican gives `datetime.max`, has `date` null.
- `outputs.txt`: every file written, sorted, without the theme's files
  (`THEME_STATIC_DIR`), plus what the fixture's `[outputs]` table adds (the
  folders a Makefile copies, the listed paths).
- `links.jsonl`: every intrasite link Pelican replaces or fails to
  replace, once per (source, link): `{"source", "link", "resolved",
  "target"}`, `target` being the source path of the content it found
  (`resolved` false when Pelican logged "Unable to find").
- `warnings.txt`: Pelican's warnings and errors, one per line, sorted,
  paths relative to the content folder.

Jinja settings are reset (see `run_site`), and the theme is Pelican's default (`notmyidea`), with an empty template added
for each `DIRECT_TEMPLATES` name it lacks, so a site whose own theme is
not here still builds. No corpus text is written other than paths, slugs
and link destinations.

    python3 scripts/pelican_site.py [--corpus ../shared/corpus] [--site NAME]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "expected" / "sites"


def read_manifest() -> list[dict]:
    sites = []
    for line in (EXPECTED / "SITES.tsv").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, root, settings, config = line.split("\t")
        sites.append(
            {
                "name": name,
                "root": root,
                "settings": None if settings == "-" else settings,
                "config": None if config == "-" else config,
            }
        )
    return sites


class Recorder(dict):
    """A source-path map that remembers the last path found in it."""

    last = None

    def get(self, key, default=None):
        value = super().get(key, default)
        if value is not None:
            Recorder.last = (key, value)
        return value


def run_site(site: dict, corpus: Path) -> None:
    import pelican
    from pelican import Pelican, signals
    from pelican import contents as pelican_contents
    from pelican.generators import ArticlesGenerator, PagesGenerator
    from pelican.settings import read_settings

    def place(p):
        return (REPO / p if p.startswith("tests/") else corpus / p).resolve()

    root = place(site["root"])
    settings_file = place(site["settings"]) if site["settings"] else None
    config = tomllib.loads((REPO / site["config"]).read_text()) if site["config"] else {}
    overrides = dict(config.get("settings", {}))
    base = settings_file.parent if settings_file else root
    if "PATH" in overrides:
        overrides["PATH"] = str((base / overrides["PATH"]).resolve())
    elif settings_file is None:
        overrides["PATH"] = str(root)

    out = Path(tempfile.mkdtemp(prefix="pelican-site-"))
    theme = out / "theme-src"
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", theme)
    overrides["OUTPUT_PATH"] = str(out / "output")
    overrides["THEME"] = str(theme)
    overrides["DELETE_OUTPUT_DIRECTORY"] = False
    overrides["CACHE_CONTENT"] = False
    overrides["LOAD_CONTENT_CACHE"] = False
    # Full Stack Python's JINJA_EXTENSIONS (deprecated) makes Pelican 4.12
    # fail before reading anything, and names an extension Jinja 3 no
    # longer has: templates only, so left out.
    overrides["JINJA_EXTENSIONS"] = []
    overrides["JINJA_ENVIRONMENT"] = {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}
    settings = read_settings(str(settings_file) if settings_file else None, override=overrides)
    for t in settings["DIRECT_TEMPLATES"]:
        path = theme / "templates" / f"{t}.html"
        if not path.exists():
            path.write_text("")

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage().replace("\n", " "))

    handler = Collect()
    logging.getLogger("pelican").addHandler(handler)
    logging.getLogger("pelican").setLevel(logging.WARNING)

    links: dict[tuple[str, str], dict] = {}
    original = pelican_contents.Content._link_replacer

    def replacer(self, siteurl, m):
        Recorder.last = None
        result = original(self, siteurl, m)
        what = m.group("what")
        written = m.group("path")
        source = self.get_relative_source_path()
        resolved = True
        target = None
        if what in {"filename", "static", "attach"}:
            resolved = Recorder.last is not None
            if resolved:
                target = Recorder.last[1].get_relative_source_path()
        links[(source, written)] = {
            "source": source,
            "link": written,
            "resolved": resolved,
            "target": target,
        }
        return result

    pelican_contents.Content._link_replacer = replacer

    items: list[dict] = []

    def finalized(generators):
        for g in generators:
            if isinstance(g, (ArticlesGenerator, PagesGenerator)):
                g.context["generated_content"] = Recorder(g.context["generated_content"])
                g.context["static_content"] = Recorder(g.context["static_content"])
            if isinstance(g, ArticlesGenerator):
                groups = [
                    ("article", g.articles, g.translations),
                    ("article", g.hidden_articles, g.hidden_translations),
                    ("article", g.drafts, g.drafts_translations),
                ]
            elif isinstance(g, PagesGenerator):
                groups = [
                    ("page", g.pages, g.translations),
                    ("page", g.hidden_pages, g.hidden_translations),
                    ("page", g.draft_pages, g.draft_translations),
                ]
            else:
                continue
            for kind, origs, trans in groups:
                for it in origs:
                    items.append(describe(it, kind, None))
                for it in trans:
                    orig = next((o for o in it.translations if o in origs), None)
                    items.append(describe(it, kind, orig))

    import datetime

    def when(d):
        if d is None or d.replace(tzinfo=None) == datetime.datetime.max:
            return None, None
        off = d.utcoffset()
        return d.replace(tzinfo=None).isoformat(), (
            None if off is None else int(off.total_seconds())
        )

    def describe(it, kind, orig):
        date, offset = when(getattr(it, "date", None))
        modified, _ = when(getattr(it, "modified", None))
        category = getattr(it, "category", None)
        return {
            "source": it.get_relative_source_path(),
            "kind": kind,
            "status": it.status,
            "slug": getattr(it, "slug", None),
            "url": it.url,
            "save_as": it.save_as,
            "lang": it.lang,
            "category": None if category is None else str(category),
            "date": date,
            "offset": offset,
            "modified": modified,
            "translation_of": None if orig is None else orig.get_relative_source_path(),
        }

    signals.all_generators_finalized.connect(finalized)
    try:
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(finalized)
        pelican_contents.Content._link_replacer = original
        logging.getLogger("pelican").removeHandler(handler)

    outputs = set()
    output_root = out / "output"
    theme_dir = settings["THEME_STATIC_DIR"].strip("/") + "/"
    for dirpath, _, files in os.walk(output_root):
        for f in files:
            rel = (Path(dirpath) / f).relative_to(output_root).as_posix()
            if not rel.startswith(theme_dir):
                outputs.add(rel)
    extra = config.get("outputs", {})
    for folder in extra.get("copy", []):
        src = base / folder
        for dirpath, _, files in os.walk(src):
            for f in files:
                outputs.add((Path(dirpath) / f).relative_to(src).as_posix())
    for listing in extra.get("lists", []):
        for line in (base / listing).read_text().splitlines():
            if line.strip():
                outputs.add(line.strip().lstrip("/"))
    outputs.update(p.lstrip("/") for p in extra.get("paths", []))
    shutil.rmtree(out)

    dest = EXPECTED / site["name"]
    dest.mkdir(parents=True, exist_ok=True)
    items.sort(key=lambda x: (x["source"], x["kind"]))
    with open(dest / "items.jsonl", "w") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    (dest / "outputs.txt").write_text("".join(p + "\n" for p in sorted(outputs)))
    with open(dest / "links.jsonl", "w") as f:
        for key in sorted(links):
            f.write(json.dumps(links[key], ensure_ascii=False) + "\n")
    # Paths relative to the content folder, sorted (Pelican reads files in
    # set order).
    content = settings["PATH"].rstrip("/") + "/"
    warnings = sorted({w.replace(content, "") for w in warnings})
    (dest / "warnings.txt").write_text("".join(w + "\n" for w in warnings))
    unresolved = sum(1 for v in links.values() if not v["resolved"])
    print(
        f"{site['name']}: {len(items)} items, {len(outputs)} outputs, "
        f"{len(links)} intrasite links ({unresolved} unresolved), {len(warnings)} warnings"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--site", help="only this site of SITES.tsv")
    args = parser.parse_args()
    import pelican

    print(f"Pelican {pelican.__version__}", file=sys.stderr)
    for site in read_manifest():
        if args.site and site["name"] != args.site:
            continue
        run_site(site, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`check` over a large site beside `dump` over the same pages, as whole
processes: time and peak memory, printed as ratios.

    python3 benches/check_scale.py [--pages 50000] [--rounds 3] [--no-build]

Builds the `check` and `dump` examples (release), writes PAGES generated
pages into a temporary folder (a site of ordinary pages: a header of the
usual keys, a body of headings, paragraphs, lists, code, links to other
pages with and without `#fragment`s, a few broken links and orphans, so
that the check finds something to print), then runs, in interleaved
rounds (each command once per round, so that a busy machine slows all of
them alike):

- `dump` (one JSON object per page, streamed),
- `check --format json`,
- `check --format human` (rustc-like, each page's text read again to show
  its findings),
- `check --format json` on the site's worst shapes: every page linking to
  every one of 100 others with a broken fragment, and 2,000 pages sharing
  one slug (their output size is printed too).

Each process's wall time, CPU time (user + system) and peak resident
memory come from `wait4`. The figures are medians over the rounds.

Goals: `check` (json and human) <= 1.2x the wall time of `dump`, and its
peak memory <= 2x `dump`'s.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def page(i, n):
    """Page `i` of `n`: about 2 KB, linking to a few pages near it."""
    a, b, c = (i + 1) % n, (i * 7 + 3) % n, (i * 13 + 5) % n
    category = "post" if i % 3 == 0 else "page"
    lines = [
        f"title: Page number {i}",
        f"slug: page-{i}",
        f"category: {category}",
        f"date: 2020-{1 + i % 12:02}-{1 + i % 28:02} 10:{i % 60:02}",
        f"tags: topic{i % 50}, topic{i % 7}",
        f"meta: A page about topic {i % 50}, written for the scale benchmark.",
        "",
        f"# Page number {i}",
        "",
        "Some words to read first, with *emphasis* and `code`, then a link",
        f"to [the next page](/page-{a}.html) and to [another one](/page-{b}.html#details).",
        "",
        "## Details",
        "",
        "- one item of a list, with a [reference][ref]",
        "- another item, with an [outside link](https://www.python.org/)",
        "- a third one, longer, so that the paragraph is a paragraph and not a",
        "  single line that pulldown-cmark reads in no time at all",
        "",
        "```python",
        "def handler(request):",
        "    return render(request, 'page.html', {'n': %d})" % i,
        "```",
        "",
        "## More",
        "",
        "A closing paragraph that says a little more about the topic, and",
        f"links to [a third page](/page-{c}.html#more) before it ends.",
        "",
        f"[ref]: /page-{b}.html",
        "",
    ]
    if i % 97 == 0:
        # A broken link, for the check to report.
        lines.insert(-2, f"See also [a page that is gone](/gone-{i}.html).")
        lines.insert(-2, "")
    return "\n".join(lines)


def write_site(folder, n):
    for i in range(n):
        sub = os.path.join(folder, f"d{i // 1000:03}")
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"p{i:06}.md"), "w") as f:
            f.write(page(i, n))


def write_worst(folder):
    """The shapes that once cost more than linear time or output."""
    frag = os.path.join(folder, "fragments")
    os.makedirs(frag)
    n = 100
    for i in range(n):
        links = " ".join(f"[p{j}](/page-{j}.html#nope)" for j in range(n) if j != i)
        with open(os.path.join(frag, f"p{i:03}.md"), "w") as f:
            f.write(f"title: Page {i}\nslug: page-{i}\n\n# Page {i}\n\n{links}\n")
    slugs = os.path.join(folder, "slugs")
    os.makedirs(slugs)
    for i in range(2000):
        with open(os.path.join(slugs, f"p{i:04}.md"), "w") as f:
            f.write(f"title: Page {i}\nslug: same\n\nBody [x](/same.html).\n")
    return frag, slugs


def run(cmd):
    """Wall seconds, CPU seconds, peak KB, bytes written to stdout."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit status {code}")
        out.seek(0, os.SEEK_END)
        size = out.tell()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(
            ["cargo", "build", "--release", "--example", "check", "--example", "dump"],
            cwd=ROOT,
            check=True,
        )
    bin_dir = os.path.join(ROOT, "target", "release", "examples")
    check = os.path.join(bin_dir, "check")
    dump = os.path.join(bin_dir, "dump")

    tmp = tempfile.mkdtemp(prefix="pagefmt-scale-")
    try:
        site = os.path.join(tmp, "site")
        write_site(site, args.pages)
        frag, slugs = write_worst(tmp)
        size = sum(
            os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs
        )
        print(f"{args.pages} pages, {size / 1e6:.1f} MB, {args.rounds} rounds")
        commands = {
            "dump": [dump, site],
            "check json": [check, "--no-config", "--format", "json", site],
            "check human": [check, "--no-config", "--format", "human", "--color", "never", site],
            "worst: 100 pages x 99 broken fragments": [check, "--no-config", "--format", "json", frag],
            "worst: 2,000 pages sharing a slug": [check, "--no-config", "--format", "json", slugs],
        }
        runs = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                runs[name].append(run(cmd))
        med = {
            name: tuple(statistics.median(r[k] for r in rs) for k in range(4))
            for name, rs in runs.items()
        }
        print(f"{'':42} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'output MB':>9}")
        for name, (wall, cpu, kb, out) in med.items():
            print(f"{name:42} {wall:8.2f} {cpu:8.2f} {kb / 1024:8.1f} {out / 1e6:9.2f}")
        d = med["dump"]
        print()
        failed = False
        for name in ("check json", "check human"):
            c = med[name]
            wall, cpu, mem = c[0] / d[0], c[1] / d[1], c[2] / d[2]
            ok = wall <= 1.2 and mem <= 2.0
            failed |= not ok
            print(
                f"{name} / dump: wall {wall:.2f}x, cpu {cpu:.2f}x, peak memory {mem:.2f}x"
                f"  (goal <= 1.2x time, <= 2x memory: {'met' if ok else 'NOT met'})"
            )
        h, j = med["check human"], med["check json"]
        print(f"check human / check json: wall {h[0] / j[0]:.2f}x")
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

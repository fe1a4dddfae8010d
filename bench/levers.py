"""The levers tried for issue 18, each measured with and without it, side by side (in turns).

Switches used: `BROCHURE_JOBS=1` (no worker processes), `BROCHURE_CACHE=off` (no persistent
cache), removing the build record (a no-op build then loads, validates and fingerprints), and
small programs that time one first call in a new process with and without its cached result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.content import edited, list_copy, scaled_copy
from bench.measure import ROOT, SAMPLE, brochure, environment, interleaved


def _with(env: dict[str, str], args: list[str], cache: Path) -> float:
    import os

    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return brochure(args, cache, ok=(0, 1))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _argument_call(snippet: str, side: str, cache: Path, *arguments: str) -> float:
    """CPU seconds of `snippet` run with `side` ("on" or "off") as its argument."""
    done = subprocess.run([sys.executable, "-c", snippet, side, *arguments], capture_output=True,
                          text=True, cwd=ROOT, env=environment(cache), check=True)
    return float(done.stdout.strip().splitlines()[-1])


def _first_call(snippet: str, cache: Path, off: bool, *args: str) -> float:
    """CPU seconds of `snippet` (which prints them) in a new process, given `args`."""
    env = environment(cache)
    if off:
        env["BROCHURE_CACHE"] = "off"
    done = subprocess.run([sys.executable, "-c", snippet, *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, check=True)
    return float(done.stdout.strip().splitlines()[-1])


_PREPARE = f"""
import time
from pathlib import Path
from builder.pipeline import load_document, context_for
from builder.options import BuildOptions
from builder.handout import render
content = Path({str(SAMPLE)!r})
loaded = load_document(content)
context = context_for(content, BuildOptions(), loaded.source)
started = time.process_time()
render.prepare(loaded.document, context)
print(time.process_time() - started)
"""

_HYPHENATION = """
import time
from builder.handout.pages import load_hyphenation
import pyphen
started = time.process_time()
load_hyphenation("en")
pyphen.Pyphen(lang="en")
print(time.process_time() - started)
"""

_LAYOUT = """
import os, sys, time
from pathlib import Path
from builder.pipeline import load_document, context_for
from builder.options import BuildOptions
from builder.handout import render
{setup}
loaded = load_document(content)
context = context_for(content, BuildOptions(), loaded.source)
prepared = render.prepare(loaded.document, context)
started = time.process_time()
render.layout(prepared, context)
print(time.process_time() - started)
"""
"""CPU time of laying out a handout's pages (its hole search included) in a new process."""

_HOLES = _LAYOUT.format(setup=f"content = Path({str(SAMPLE)!r})")

_SHORTENED = _LAYOUT.format(setup="""
os.environ["BROCHURE_CACHE"] = "off"  # search every time: no remembered choice
if sys.argv[1] == "off":
    render.SHORTENED_SHARE = 0.0  # every try laid out whole
content = Path(sys.argv[2])""")

_MODEL = """
import sys, time
started = time.process_time()
if sys.argv[1] == "off":
    import builder.model  # what the command line imported before its imports were made lazy
from builder.cli import main
sys.argv = ["brochure", "--version"]
try:
    main()
except SystemExit:
    pass
print(time.process_time() - started)
"""

_CPU = """
import resource, sys, time
def cpu():
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
"""
"""The CPU time of a snippet's process and the programs it ran (LibreOffice, ldconfig)."""

_NOTICE = _CPU + """
started = cpu()
if sys.argv[1] == "off":
    import ctypes.util
    ctypes.util.find_library("harfbuzz-subset")  # runs ldconfig
else:
    from builder.handout.kind import _notices
    _notices()
print(cpu() - started)
"""

_PNG = """
import io, sys, time
from pathlib import Path
from builder import outputs
drawn = outputs.kind("pdf").pictures(Path(sys.argv[1]), 60)
def encode(**options):
    started = time.process_time()
    for image in drawn.images:
        image.save(io.BytesIO(), "PNG", **options)
    return time.process_time() - started
print(encode(optimize=True), encode(compress_level=3))
"""

_PAGE_TREE = """
import sys, time
from pathlib import Path
import pydyf
from builder.pipeline import load_document, context_for
from builder.options import BuildOptions
from builder.handout import page_tree, render
from builder.handout.pages import layout_once
content = Path(sys.argv[1])
loaded = load_document(content)
context = context_for(content, BuildOptions(), loaded.source)
laid_out, _log = layout_once(render.prepare(loaded.document, context), context)
pydyf_list = pydyf.PDF.page_references
page_tree.install()
kept_list = pydyf.PDF.page_references
def write(getter):
    pydyf.PDF.page_references = getter
    started = time.process_time()
    laid_out.write_pdf(pdf_tags=True)
    return time.process_time() - started
on, off = zip(*((write(kept_list), write(pydyf_list)) for _ in range(2)))
print(min(on), min(off))
"""
"""CPU time of writing one laid-out long handout (PDF tags on) with the page-reference list
kept and with pydyf's, in turns."""

_SLIDES = _CPU + """
from pathlib import Path
from builder import outputs
started = cpu()
outputs.kind("pptx").pictures(Path(sys.argv[1]), 60)
print(cpu() - started)
"""


def levers(work: Path) -> dict[str, Any]:
    cache = work / "cache"
    out = work / "levers"
    build = ["build", str(SAMPLE), "--out", str(out), "--force"]
    brochure(build, cache)
    found: dict[str, Any] = {}
    found["workers"] = interleaved({
        "on": lambda: brochure(build, cache),
        "off": lambda: _with({"BROCHURE_JOBS": "1"}, build, cache)})
    found["cache"] = interleaved({
        "on": lambda: brochure(build, cache),
        "off": lambda: _with({"BROCHURE_CACHE": "off"}, build, cache)})
    no_op = ["build", str(SAMPLE), "--out", str(out)]
    brochure(no_op, cache)

    def without_record() -> None:
        for record in out.glob(".*.build"):
            record.unlink()
        brochure(no_op, cache)

    found["record"] = interleaved({"on": lambda: brochure(no_op, cache), "off": without_record})
    content = scaled_copy(SAMPLE, work / "levers-check", 1)
    text = content.read_text(encoding="utf-8")
    rounds = iter(range(1000))

    def check(env: dict[str, str]) -> float:
        content.write_text(edited(text, "body", next(rounds)), encoding="utf-8")
        return _with(env, ["check", str(content)], cache)

    brochure(["check", str(content)], cache, ok=(0, 1))
    found["check"] = interleaved({"on": lambda: check({}),
                                  "off": lambda: check({"BROCHURE_CACHE": "off"})})
    for name, snippet in (("template fill", _PREPARE), ("hyphenation", _HYPHENATION),
                          ("holes", _HOLES)):
        _first_call(snippet, cache, off=False)
        found[name] = {"on": min(_first_call(snippet, cache, False) for _ in range(3)),
                       "off": min(_first_call(snippet, cache, True) for _ in range(3))}
    for name, snippet in (("model", _MODEL), ("notice", _NOTICE)):
        found[name] = {side: min(_argument_call(snippet, side, cache) for _ in range(3))
                       for side in ("on", "off")}
    references = str(list_copy(SAMPLE, work / "levers-references", "references", 188))
    found["shortened"] = {side: min(_argument_call(_SHORTENED, side, cache, references)
                                    for _ in range(2)) for side in ("on", "off")}
    done = subprocess.run([sys.executable, "-c", _PNG, str(out / f"{SAMPLE.stem}.pdf")],
                          capture_output=True, text=True, cwd=ROOT, env=environment(cache),
                          check=True)
    optimize, level_3 = map(float, done.stdout.split())
    found["png"] = {"off": optimize, "on": level_3}
    sections = str(list_copy(SAMPLE, work / "levers-sections", "sections", 250))
    done = subprocess.run([sys.executable, "-c", _PAGE_TREE, sections], capture_output=True,
                          text=True, cwd=ROOT, env=environment(cache), check=True)
    kept, rebuilt = map(float, done.stdout.split())
    found["page references"] = {"on": kept, "off": rebuilt}
    if shutil.which("soffice") or shutil.which("libreoffice"):
        deck = str(out / f"{SAMPLE.stem}.pptx")
        _first_call(_SLIDES, cache, False, deck)
        found["slides"] = {"on": min(_first_call(_SLIDES, cache, False, deck) for _ in range(3)),
                           "off": min(_first_call(_SLIDES, cache, True, deck) for _ in range(3))}
    return found


LABELS = {
    "workers": ("Checks and outputs in forked workers (cold build, wall)", "BROCHURE_JOBS=1"),
    "cache": ("Persistent cache (cold build, wall)", "BROCHURE_CACHE=off"),
    "record": ("Build record (no-op build, wall)", "record removed"),
    "check": ("Cached deck prediction (`check` after a handout edit, wall)",
              "BROCHURE_CACHE=off"),
    "template fill": ("Compiled templates cached (first template fill, CPU)",
                      "BROCHURE_CACHE=off"),
    "hyphenation": ("Hyphenation patterns cached (first use, CPU)", "BROCHURE_CACHE=off"),
    "holes": ("Hole filling remembered (laying out the sample's pages, CPU)",
              "BROCHURE_CACHE=off"),
    "shortened": ("Hole search without the back matter (188 references, laying out the "
                  "handout, CPU)", "every try laid out whole"),
    "model": ("Command line without pydantic (`brochure --version`, CPU)",
              "content model imported"),
    "notice": ("libharfbuzz-subset found by loading it (CPU, ldconfig's too)",
               "`find_library` (ldconfig)"),
    "png": ("PNG at zlib's level 3, not `optimize` (the sample's 15 pages, CPU)",
            "optimize=True"),
    "page references": ("Page references kept while the PDF is written (250 sections, "
                        "204 pages, `write_pdf` CPU)", "pydyf's list built per tagged box"),
    "slides": ("LibreOffice once per deck (the sample's 37 slides drawn, CPU with "
               "LibreOffice's)", "BROCHURE_CACHE=off"),
}


def markdown(found: dict[str, Any]) -> str:
    lines = ["| lever | with it | without it | compared with | effect |", "|---|---|---|---|---|"]
    for key, (label, switch) in LABELS.items():
        if key not in found:
            continue
        on, off = found[key]["on"], found[key]["off"]
        lines.append(f"| {label} | {on:.2f} s | {off:.2f} s | {switch} | "
                     f"{off / on:.1f}x faster |" if on else f"| {label} | | | {switch} | |")
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="brochure-levers-") as temp:
        result = levers(Path(temp))
    print(json.dumps(result, indent=2))
    print(markdown(result))

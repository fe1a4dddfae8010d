"""The measurements of `make bench`, one function each, on files in a private work folder.

Every figure is a median of several runs taken in this one invocation; commands a person types
are timed as new processes (`python -m builder ...`), the same as the `brochure` script runs.
The persistent cache lives in the work folder (`XDG_CACHE_HOME`), so the user's own cache is
neither used nor filled; a figure "with an empty cache" gets a fresh one for every run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench.content import FAMILIES, as_markdown, edited, list_copy, scaled_copy
from bench.memory import PeakSampler

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def median_time(action: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `action` over `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def environment(cache: Path) -> dict[str, str]:
    """The environment of a timed command: this checkout's package, the given cache folder,
    and Python's bytecode kept, as an installed copy keeps it. With PYTHONDONTWRITEBYTECODE
    set, as on some machines, every run would compile each of the tool's modules again: about
    0.15 s of a `check`."""
    kept = {key: value for key, value in os.environ.items()
            if key != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}


def brochure(args: list[str], cache: Path, *, ok: tuple[int, ...] = (0,)) -> float:
    """Run `python -m builder ARGS` as a new process; its wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "builder", *args], capture_output=True,
                          text=True, cwd=ROOT, env=environment(cache), check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise RuntimeError(f"brochure {' '.join(args)}: exit {done.returncode}: "
                           f"{done.stderr[-2000:]}")
    return seconds


def interleaved(actions: dict[str, Callable[[], object]], runs: int = RUNS) -> dict[str, float]:
    """Median wall time of each action, the actions taking turns run after run, so that a
    shared machine's changing load weighs on each of them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(found) for name, found in times.items()}


def cold_build(work: Path) -> dict[str, float]:
    """A full build of the sample (PDF + PPTX, --force) in a new process, taking turns with
    pandoc's pipeline on the same content; with the persistent cache as an earlier build left
    it, and with an empty cache (a first build ever)."""
    out, cache = work / "cold", work / "cache"
    command = ["build", str(SAMPLE), "--out", str(out), "--force"]
    brochure(command, cache)  # fills the cache
    actions: dict[str, Callable[[], object]] = {"seconds": lambda: brochure(command, cache)}
    peer = pandoc_peer(work)
    if peer is not None:
        actions["pandoc_s"] = peer
    found = interleaved(actions)
    empty: list[float] = []
    for number in range(max(3, RUNS // 2)):
        empty.append(brochure(command, work / f"empty-cache-{number}"))
    return {**found, "empty_cache_s": statistics.median(empty)}


def pandoc_peer(work: Path) -> Callable[[], None] | None:
    """pandoc on equivalent Markdown: its deck, then its PDF (WeasyPrint as the PDF engine);
    None without pandoc or WeasyPrint's command."""
    weasyprint = shutil.which("weasyprint", path=str(Path(sys.executable).parent))
    if not shutil.which("pandoc") or not weasyprint:
        return None
    import cairosvg

    from builder.pipeline import load_document

    folder = work / "pandoc"
    shutil.copytree(SAMPLE.parent, folder, dirs_exist_ok=True)
    for svg in folder.rglob("*.svg"):
        cairosvg.svg2png(url=str(svg), write_to=str(svg.with_suffix(".png")), output_width=1200)
    (folder / "content.md").write_text(as_markdown(load_document(SAMPLE).document),
                                       encoding="utf-8")
    path = f"{Path(weasyprint).parent}{os.pathsep}{os.environ.get('PATH', '')}"

    def both() -> None:
        for output in (["-o", "deck.pptx"], ["--pdf-engine=weasyprint", "-o", "handout.pdf"]):
            subprocess.run(["pandoc", "content.md", *output], cwd=folder, check=True,
                           capture_output=True, env={**os.environ, "PATH": path})

    both()  # warm-up: the first run reads everything from disk
    return both


def no_op(work: Path) -> float:
    """`brochure build` when nothing changed since the last build (new process)."""
    out, cache = work / "noop", work / "cache"
    command = ["build", str(SAMPLE), "--out", str(out)]
    brochure(command, cache)
    return median_time(lambda: brochure(command, cache))


def check(work: Path) -> dict[str, float]:
    """`brochure check` from the shell: after an edit of handout text (a section's body), after
    an edit of slide text (a key point: the slide-overflow rule plans the deck again), and on a
    file checked before."""
    content = scaled_copy(SAMPLE, work / "check", 1)
    cache = work / "cache"
    text = content.read_text(encoding="utf-8")
    found: dict[str, float] = {}
    for edit in ("body", "key point"):
        times = []
        for round_no in range(RUNS):
            content.write_text(edited(text, edit, round_no), encoding="utf-8")
            times.append(brochure(["check", str(content)], cache, ok=(0, 1)))
        found[edit.replace(" ", "_") + "_edit_s"] = statistics.median(times)
    found["unchanged_s"] = median_time(lambda: brochure(["check", str(content)], cache,
                                                        ok=(0, 1)))
    return found


def limit(work: Path) -> dict[str, float]:
    """The renderers alone on the builder's final output, in one warm process: WeasyPrint's
    `render` and `write_pdf` of the final HTML with the same stylesheets and options (tagged
    PDF/UA); and the builder's warm build of both outputs in the same process.

    The final HTML is the one the build lays out, after filling holes has moved figures: the
    first HTML (before any move) lays out in a different time (on the sample, 1.96 s against
    2.52 s for the final one, interleaved), and timing it compared the build with another
    document's layout."""
    from builder import handout
    from builder.handout.pages import layout_once
    from builder.options import BuildOptions
    from builder.pipeline import build, context_for, load_document

    loaded = load_document(SAMPLE)
    options = BuildOptions(out_dir=work / "warm", force=True)
    context = context_for(SAMPLE, options, loaded.source)
    first = handout.prepare(loaded.document, context)  # the builder's work, not timed
    prepared, _laid_out, _log = handout.layout(first, context)

    def weasy() -> None:
        laid_out, _log = layout_once(prepared, context)  # HTML(...).render(...)
        laid_out.write_pdf(pdf_variant=options.pdf_variant, pdf_tags=True)

    build(SAMPLE, options)  # warm-up
    weasy()
    return interleaved({"weasyprint_s": weasy, "warm_build_s": lambda: build(SAMPLE, options)})


def watch(work: Path) -> dict[str, float | bool] | None:
    """`brochure watch` in its own process: from saving a one-line edit to the new PDF on disk
    (title edits: both outputs change, and they are written together); then notes-only edits,
    which must rewrite the deck alone (the PDF's time stays as it was). Each notes edit is made
    on the file as last saved: made on the original, the first one also undid the last title
    edit, and the PDF was rightly built again (measured as "notes-only edits rebuild the PDF")."""
    import queue

    content = scaled_copy(SAMPLE, work / "watch", 1)
    out = work / "watch-out"
    pdf, deck = out / f"{content.stem}.pdf", out / f"{content.stem}.pptx"
    process = subprocess.Popen([sys.executable, "-m", "builder", "watch", str(content), "--out",
                                str(out), "--debounce", "50"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                               env=environment(work / "cache"))
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or ()],
                     daemon=True).start()

    def build_done() -> None:
        while "done in" not in lines.get(timeout=180):
            pass

    def mtime(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return 0

    try:
        build_done()
        text = content.read_text(encoding="utf-8")
        saves, new_text = [], text
        for round_no in range(RUNS):
            before = mtime(pdf)
            new_text = edited(text, "title", round_no)
            started = time.perf_counter()
            content.write_text(new_text, encoding="utf-8")
            while mtime(pdf) == before:
                if time.perf_counter() - started > 180:
                    raise RuntimeError("watch: no new PDF after a save")
                time.sleep(0.002)
            saves.append(time.perf_counter() - started)
            build_done()
        notes, deck_only = [], True
        for round_no in range(RUNS):
            before = (mtime(pdf), mtime(deck))
            started = time.perf_counter()
            new_text = edited(new_text, "notes", round_no)  # on the last save: notes alone
            content.write_text(new_text, encoding="utf-8")
            build_done()
            notes.append(time.perf_counter() - started)
            deck_only &= mtime(pdf) == before[0] and mtime(deck) != before[1]
    finally:
        process.terminate()
        process.wait(30)
    return {"save_to_pdf_s": statistics.median(saves), "notes_edit_s": statistics.median(notes),
            "notes_edit_deck_only": deck_only}


def serve(work: Path) -> dict[str, float] | None:
    """`brochure serve`: from saving a one-line edit to its new pages, and to its new slides
    (drawn by LibreOffice), published to the page (browser time excluded)."""
    from builder.options import BuildOptions
    from builder.serve.session import PreviewSession

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return None
    content = scaled_copy(SAMPLE, work / "serve", 1)
    session = PreviewSession(content, BuildOptions(out_dir=work / "serve-out"), debounce_ms=50)
    states: list[tuple[float, dict]] = []
    arrived = threading.Condition()

    def listen(state: dict) -> None:
        with arrived:
            states.append((time.perf_counter(), state))
            arrived.notify_all()

    def wait_for(test: Callable[[dict], bool]) -> float:
        with arrived:
            arrived.wait_for(lambda: bool(states) and test(states[-1][1]), timeout=180)
            return states[-1][0]

    session.subscribe(listen)
    session.start()
    wait_for(lambda s: s["status"] == "ready")
    pages, slides = [], []
    text = content.read_text(encoding="utf-8")
    for round_no in range(RUNS):
        version = states[-1][1]["pages"]["version"]
        new_text = edited(text, "title", round_no)
        started = time.perf_counter()
        content.write_text(new_text, encoding="utf-8")
        pages.append(wait_for(lambda s, v=version: s["pages"]["version"] > v) - started)
        slides.append(wait_for(lambda s: s["status"] == "ready") - started)
    session.stop()
    return {"pages_s": statistics.median(pages), "slides_s": statistics.median(slides)}


def preview(work: Path) -> dict[str, float] | None:
    """`brochure preview` of the sample into a new folder (a full build, every page and slide
    drawn, the contact sheet) in a new process, taking turns with a cold build: the sample as
    it is (its deck converted by LibreOffice before, like the cold build's warm cache), and
    after a slide edit (its notes: a new deck, which LibreOffice converts; the handout is
    the same)."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return None
    cache = work / "cache"
    folders = iter(range(1000))
    edited_copy = scaled_copy(SAMPLE, work / "preview-edit", 1)
    text = edited_copy.read_text(encoding="utf-8")

    def run(content: Path) -> float:
        return brochure(["preview", str(content), "--out",
                         str(work / f"preview-{next(folders)}")], cache)

    def after_slide_edit() -> float:
        edited_copy.write_text(edited(text, "notes", next(folders)), encoding="utf-8")
        return run(edited_copy)

    run(SAMPLE)  # the deck's first conversion, as an earlier preview (or serve) made it
    after_slide_edit()  # the copy's handout laid out once: its hole filling is remembered
    return interleaved({
        "seconds": lambda: run(SAMPLE),
        "cold_build_s": lambda: brochure(["build", str(SAMPLE), "--out", str(work / "cold"),
                                          "--force"], cache),
        "after_slide_edit_s": after_slide_edit}, max(3, RUNS // 2))


def one_build(content: Path, out: Path, cache: Path, runs: int) -> dict[str, float | None]:
    """bench/one.py in new processes: median time and largest peak memory of `runs` builds,
    both as one.py reports it (its own and its largest child's `ru_maxrss`, added: pages a
    forked child shares with its parent are counted twice) and as the process tree's
    proportional set size, sampled from here (bench/memory.py).

    Each run is a first build of its content, as after any edit: the hole search's
    remembered choice is removed before it, the rest of the cache kept. (Before, a repeated
    run laid the pages out once where the first one searched two or three times, so the
    sizes built once, 16x, were compared with medians of mostly repeated builds.)"""
    from builder.handout import choices

    found, pss = [], []
    for _ in range(runs):
        shutil.rmtree(cache / "brochure" / choices.NAMESPACE, ignore_errors=True)
        process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "one.py"),
                                    str(content), str(out)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                   env=environment(cache))
        with PeakSampler(process.pid) as sampler:
            stdout, stderr = process.communicate()
        if process.returncode:
            raise RuntimeError(f"bench/one.py {content}: exit {process.returncode}: "
                               f"{stderr[-2000:]}")
        found.append(json.loads(stdout))
        pss.append(sampler.peak_mb)
    return {"seconds": statistics.median(r["seconds"] for r in found),
            "peak_mb": max(r["peak_mb"] for r in found),
            "peak_pss_mb": None if None in pss else max(p or 0.0 for p in pss)}


def scaling(work: Path) -> dict[str, dict[str, float]]:
    """The sample's sections repeated 1, 4 and 16 times: a full build's time and peak memory."""
    cache = work / "cache"
    return {f"x{factor}": one_build(scaled_copy(SAMPLE, work / "scale", factor),
                                    work / "scale-out", cache, 3 if factor < 16 else 1)
            for factor in (1, 4, 16)}


def families(work: Path) -> dict[str, dict[str, dict[str, float]]]:
    """Each long list at a sixteenth, a quarter and all of its largest size."""
    cache = work / "cache"
    found: dict[str, dict[str, dict[str, float]]] = {}
    for family, largest in FAMILIES.items():
        found[family] = {}
        for factor in (1, 4, 16):
            count = round(largest * factor / 16)
            print(f"  {family}: {count}", file=sys.stderr, flush=True)
            content = list_copy(SAMPLE, work / "lists", family, count)
            found[family][f"x{factor}"] = {
                "count": count, **one_build(content, work / "lists-out", cache,
                                            2 if factor < 16 else 1)}
    return found


def batch(work: Path) -> dict[str, float]:
    """Twelve content files: one process against one per core, each with the persistent cache
    an earlier batch left (the files share their content, so the first batch run would fill
    the cache for the second one: 4.29x on 2 cores was that, not the cores)."""
    files = [scaled_copy(SAMPLE, work / f"batch-{i}", 1, stem=f"handout-{i:02d}")
             for i in range(12)]
    cores = os.cpu_count() or 1
    brochure(["build", *map(str, files), "--out", str(work / "batch-warm-up"), "--force"],
             work / "cache")
    timings = {}
    for jobs in dict.fromkeys((1, cores)):
        timings[jobs] = brochure(["build", *map(str, files), "--out",
                                  str(work / f"batch-out-{jobs}"), "--force", "--jobs",
                                  str(jobs)], work / "cache")
    return {"one_process_s": timings[1], "all_cores_s": timings[cores], "cores": cores}

"""`make bench`: how fast brochure is, measured side by side in one run.

Prints a table and writes bench/results.json. Every figure is a median of several runs taken in
this one invocation, and every comparison is a ratio of two figures measured here, so a noisy
shared machine moves both sides together. Nothing here is asserted by the test suite.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.content import as_markdown, scaled_copy  # noqa: E402
from builder.options import BuildOptions  # noqa: E402
from builder.pipeline import build, context_for, load_document  # noqa: E402

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


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT,
                          **kwargs)  # type: ignore[arg-type]


def cold_build(work: Path) -> float:
    """1. Full build of the sample (PDF + PPTX) in a fresh process."""
    out = work / "cold"
    return median_time(lambda: run([sys.executable, "-m", "builder", "build", str(SAMPLE),
                                    "--out", str(out), "--force"]))


def limit(work: Path) -> dict[str, float]:
    """2. The renderers alone on the builder's final output, in one warm process: WeasyPrint's
    `render` and `write_pdf` on the final HTML with the same stylesheets and options (tagged
    PDF/UA), and python-pptx saving the final deck."""
    from pptx import Presentation

    from builder import handout
    from builder.handout.pages import layout_once

    loaded = load_document(SAMPLE)
    options = BuildOptions(out_dir=work / "warm", force=True)
    context = context_for(SAMPLE, options, loaded.source)
    prepared = handout.prepare(loaded.document, context)  # the builder's work, not timed
    build(SAMPLE, options)  # warm-up, and the deck the limit re-saves
    deck_bytes = (work / "warm" / f"{SAMPLE.stem}.pptx").read_bytes()

    def weasy() -> None:
        laid_out, _log = layout_once(prepared, context)  # HTML(...).render(...)
        laid_out.write_pdf(pdf_variant=options.pdf_variant, pdf_tags=True)

    def pptx_save() -> None:
        deck = Presentation(io.BytesIO(deck_bytes))
        started = time.perf_counter()
        deck.save(io.BytesIO())
        saving.append(time.perf_counter() - started)

    saving: list[float] = []
    weasy()
    pdf_limit = median_time(weasy)
    for _ in range(RUNS):
        pptx_save()
    pptx_limit = statistics.median(saving)
    full = median_time(lambda: build(SAMPLE, options))
    return {"pdf_limit_s": pdf_limit, "pptx_limit_s": pptx_limit,
            "limit_s": pdf_limit + pptx_limit, "warm_build_s": full,
            "overhead_ratio": full / (pdf_limit + pptx_limit)}


def pandoc_peer(work: Path) -> dict[str, float] | None:
    """3. pandoc on equivalent Markdown: deck and handout (WeasyPrint as its PDF engine)."""
    if not shutil.which("pandoc") or not shutil.which("weasyprint"):
        return None
    import cairosvg

    folder = work / "pandoc"
    shutil.copytree(SAMPLE.parent, folder, dirs_exist_ok=True)
    for svg in folder.rglob("*.svg"):
        cairosvg.svg2png(url=str(svg), write_to=str(svg.with_suffix(".png")), output_width=1200)
    loaded = load_document(SAMPLE)
    (folder / "content.md").write_text(as_markdown(loaded.document), encoding="utf-8")

    def both() -> None:
        subprocess.run(["pandoc", "content.md", "-o", "deck.pptx"], cwd=folder, check=True,
                       capture_output=True)
        subprocess.run(["pandoc", "content.md", "--pdf-engine=weasyprint", "-o", "handout.pdf"],
                       cwd=folder, check=True, capture_output=True)

    return {"pandoc_s": median_time(both, max(3, RUNS // 2))}


def watch_latency(work: Path) -> float | None:
    """4. Watch mode: from saving a one-line edit to both outputs rewritten."""
    try:
        from builder.watch import watch
    except ImportError:
        return None
    content = scaled_copy(SAMPLE, work / "watch", 1)
    options = BuildOptions(out_dir=work / "watch-out")
    stop = threading.Event()
    builds: list[float] = []
    done = threading.Event()

    def on_build(_result: object) -> None:
        builds.append(time.perf_counter())
        done.set()

    thread = threading.Thread(target=watch, args=(content, options),
                              kwargs={"debounce_ms": 50, "stop_event": stop,
                                      "on_build": on_build}, daemon=True)
    thread.start()
    done.wait(120)
    latencies = []
    text = content.read_text(encoding="utf-8")
    for round_no in range(RUNS):
        done.clear()
        data = yaml.safe_load(text)  # the copy is safe_dump output: editing the data and
        data["document"]["title"] += f" (edit {round_no})"  # dumping again changes one line
        edited = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        started = time.perf_counter()
        content.write_text(edited, encoding="utf-8")
        done.wait(120)
        latencies.append(builds[-1] - started)
    stop.set()
    thread.join(10)
    return statistics.median(latencies)


def serve_latency(work: Path) -> dict[str, float] | None:
    """4b. `brochure serve`: from saving a one-line edit of the sample to its new pages, and
    to its new slides (drawn by LibreOffice), published to the page (browser time excluded)."""
    import shutil

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
        data = yaml.safe_load(text)
        data["document"]["title"] += f" (edit {round_no})"
        started = time.perf_counter()
        content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
        pages.append(wait_for(lambda s, v=version: s["pages"]["version"] > v) - started)
        slides.append(wait_for(lambda s: s["status"] == "ready") - started)
    session.stop()
    return {"pages_s": statistics.median(pages), "slides_s": statistics.median(slides)}


def scaling(work: Path) -> dict[str, dict[str, float]]:
    """5. Content at 1x, 4x and 16x: time and peak memory per output, in separate processes."""
    results: dict[str, dict[str, float]] = {}
    for factor in (1, 4, 16):
        content = scaled_copy(SAMPLE, work / "scale", factor)
        for kind in ("pdf", "pptx"):
            runs = [json.loads(run([sys.executable, "bench/one.py", str(content), kind,
                                    str(work / "scale-out")]).stdout)
                    for _ in range(3 if factor < 16 else 1)]
            results[f"{kind}_x{factor}"] = {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "peak_mb": max(r["peak_mb"] for r in runs)}
    return results


def batch(work: Path) -> dict[str, float]:
    """6. Twelve content files: one process against all cores."""
    files = [scaled_copy(SAMPLE, work / f"batch-{i}", 1, stem=f"handout-{i:02d}")
             for i in range(12)]
    timings = {}
    for jobs in (1, os.cpu_count() or 1):
        out = work / f"batch-out-{jobs}"
        started = time.perf_counter()
        run([sys.executable, "-m", "builder", "build", *map(str, files), "--out", str(out),
             "--force", "--jobs", str(jobs)])
        timings[jobs] = time.perf_counter() - started
    cores = os.cpu_count() or 1
    return {"one_process_s": timings[1], "all_cores_s": timings[cores], "cores": cores,
            "speedup": timings[1] / timings[cores]}


def main() -> None:
    results: dict[str, object] = {"machine": {"cores": os.cpu_count(),
                                              "python": platform.python_version()},
                                  "runs": RUNS}
    with tempfile.TemporaryDirectory(prefix="brochure-bench-") as temp:
        work = Path(temp)
        steps: list[tuple[str, Callable[[Path], object]]] = [
            ("cold_build_s", cold_build), ("limit", limit), ("pandoc", pandoc_peer),
            ("watch_rebuild_s", watch_latency), ("serve", serve_latency), ("scaling", scaling),
            ("batch", batch)]
        for name, step in steps:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            results[name] = step(work)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


def table(r: dict) -> str:
    """The results as the Markdown table quoted in the README."""
    lim, scale, peer, bat = r["limit"], r["scaling"], r["pandoc"], r["batch"]
    rows = [("Full cold build, PDF + PPTX (median)", f"{r['cold_build_s']:.2f} s", ""),
            ("Limit: WeasyPrint on final HTML + python-pptx save", f"{lim['limit_s']:.2f} s",
             ""),
            ("Warm in-process build", f"{lim['warm_build_s']:.2f} s",
             f"overhead {100 * (lim['overhead_ratio'] - 1):+.0f}% (target ≤ +10%)")]
    if peer:
        rows.append(("pandoc peer (pptx + weasyprint pdf)", f"{peer['pandoc_s']:.2f} s",
                     f"ours/theirs {r['cold_build_s'] / peer['pandoc_s']:.2f} (target < 1)"))
    if r.get("watch_rebuild_s"):
        rows.append(("Watch rebuild after a one-line edit", f"{r['watch_rebuild_s']:.2f} s",
                     f"{r['watch_rebuild_s'] / lim['limit_s']:.2f}x limit (target ≤ 1.2x)"))
    if r.get("serve"):
        rows.append(("Serve: save to new pages / new slides on the page",
                     f"{r['serve']['pages_s']:.2f} / {r['serve']['slides_s']:.2f} s",
                     "slides are drawn by LibreOffice"))
    for kind in ("pdf", "pptx"):
        one, sixteen = scale[f"{kind}_x1"], scale[f"{kind}_x16"]
        rows.append((f"{kind.upper()} at 1x / 4x / 16x content",
                     " / ".join(f"{scale[f'{kind}_x{f}']['seconds']:.2f}" for f in (1, 4, 16))
                     + " s", f"16x = {sixteen['seconds'] / one['seconds']:.1f}x time (target ≤ 17x)"
                     f", peak {sixteen['peak_mb']:.0f} MB"))
    rows.append((f"Batch of 12, 1 process / {bat['cores']} processes",
                 f"{bat['one_process_s']:.1f} / {bat['all_cores_s']:.1f} s",
                 f"speed-up {bat['speedup']:.2f}x (target ≥ 1.7x)"))
    lines = ["| measure | result | ratio / target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

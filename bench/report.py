"""Every figure of issue 18 with its target and whether it was met, as rows and as the Markdown
table the README shows (written there by bench/run.py, never by hand)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

STEP_LIMIT = 4.4
"""A 4x longer list may cost at most this many times the time: 4x for linear work, plus 10% for
a shared machine's noise. Fixed costs (start-up, the rest of the document) make linear work
grow by less than 4x; quadratic work grows by about 16x."""


@dataclass
class Figure:
    """One measured figure: what it is, its value, its target and whether it was met."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None
    """None when the figure has no target (shown for context)."""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**not met**", None: ""}[self.met]


def _vs_weasyprint(name: str, seconds: float, weasyprint_s: float) -> Figure:
    """A save-to-output time against WeasyPrint's own render + write (target: 1.2x)."""
    ratio = seconds / weasyprint_s
    return Figure(name, f"{seconds:.2f} s = {ratio:.2f}x WeasyPrint", "≤ 1.2x", ratio <= 1.2)


def figures(r: dict[str, Any]) -> list[Figure]:
    """The table's rows, from the results `bench/run.py` gathered."""
    rows: list[Figure] = []
    cold, lim = r["cold_build"], r["limit"]
    peer = cold.get("pandoc_s")
    if peer:
        ratio = cold["seconds"] / peer
        rows.append(Figure("Cold full build (new process, `--force`, PDF + PPTX) vs pandoc's "
                           "pipeline on the same content",
                           f"{cold['seconds']:.2f} s vs {peer:.2f} s = {ratio:.2f}x",
                           "≤ 1.0x (stretch 0.8x)", ratio <= 1.0))
    else:
        rows.append(Figure("Cold full build (pandoc or weasyprint missing: no peer)",
                           f"{cold['seconds']:.2f} s"))
    if peer:
        rows.append(Figure("The floor: WeasyPrint's render + write of the build's final HTML "
                           "alone, in a warm process, vs pandoc's whole pipeline (separate "
                           "steps of this run)",
                           f"{lim['weasyprint_s']:.2f} s vs {peer:.2f} s = "
                           f"{lim['weasyprint_s'] / peer:.2f}x"))
    rows.append(Figure("First build ever (same, with an empty cache)",
                       f"{cold['empty_cache_s']:.2f} s"
                       + (f" = {cold['empty_cache_s'] / peer:.2f}x pandoc" if peer else "")))
    rows.append(Figure("No-op build (nothing changed), from the shell",
                       f"{r['no_op_s']:.2f} s", "≤ 0.3 s", r["no_op_s"] <= 0.3))
    checked = r["check"]
    rows.append(Figure("`brochure check` from the shell, after an edit of handout text",
                       f"{checked['body_edit_s']:.2f} s", "≤ 0.5 s",
                       checked["body_edit_s"] <= 0.5))
    rows.append(Figure("`brochure check` from the shell, after an edit of slide text "
                       "(the deck is planned again)", f"{checked['key_point_edit_s']:.2f} s",
                       "≤ 0.5 s", checked["key_point_edit_s"] <= 0.5))
    rows.append(Figure("`brochure check` from the shell, file unchanged",
                       f"{checked['unchanged_s']:.2f} s", "≤ 0.5 s",
                       checked["unchanged_s"] <= 0.5))
    warm = lim["warm_build_s"] / lim["weasyprint_s"]
    rows.append(Figure("Warm full build vs WeasyPrint's render + write of the same final HTML",
                       f"{lim['warm_build_s']:.2f} s vs {lim['weasyprint_s']:.2f} s = "
                       f"{warm:.2f}x", "≤ 1.1x", warm <= 1.1))
    if r.get("watch"):
        rows.append(_vs_weasyprint("`brochure watch`: save to the new PDF (and deck) on disk",
                                   r["watch"]["save_to_pdf_s"], lim["weasyprint_s"]))
        rows.append(Figure("Watch: a notes-only edit rebuilds the deck alone",
                           f"{r['watch']['notes_edit_s']:.2f} s, PDF untouched: "
                           f"{'yes' if r['watch']['notes_edit_deck_only'] else 'no'}",
                           "deck only", r["watch"]["notes_edit_deck_only"]))
    if r.get("serve"):
        rows.append(_vs_weasyprint("Serve: save to the new pages on the page (PDF drawn as "
                                   "images)", r["serve"]["pages_s"], lim["weasyprint_s"]))
        rows.append(Figure("Serve: save to the new slides on the page (LibreOffice draws them)",
                           f"{r['serve']['slides_s']:.2f} s"))
    if r.get("preview"):
        seen = r["preview"]
        ratio = seen["seconds"] / seen["cold_build_s"]
        rows.append(Figure("`brochure preview` into a new folder vs a cold build",
                           f"{seen['seconds']:.2f} s vs {seen['cold_build_s']:.2f} s = "
                           f"{ratio:.2f}x", "≤ 2x", ratio <= 2.0))
        if "after_slide_edit_s" in seen:
            edit = seen["after_slide_edit_s"] / seen["cold_build_s"]
            rows.append(Figure("Preview after a slide edit (LibreOffice converts the new deck) "
                               "vs a cold build", f"{seen['after_slide_edit_s']:.2f} s = "
                               f"{edit:.2f}x", "≤ 2x", edit <= 2.0))
    scale = r["scaling"]
    growth = scale["x16"]["seconds"] / scale["x1"]["seconds"]
    rows.append(Figure("16x the sample's sections: time vs 1x (1x / 4x / 16x: "
                       + " / ".join(f"{scale[f'x{f}']['seconds']:.1f}" for f in (1, 4, 16))
                       + " s)", f"{growth:.1f}x", "≤ 16x", growth <= 16))
    peak = _peak(scale["x16"])
    rows.append(Figure("16x the sample's sections: peak memory" + PEAK_HOW,
                       _peak_text([scale["x16"]]), "< 300 MB", peak < 300))
    for family, sizes in r.get("families", {}).items():
        steps = [sizes["x4"]["seconds"] / sizes["x1"]["seconds"],
                 sizes["x16"]["seconds"] / sizes["x4"]["seconds"]]
        counts = " / ".join(str(sizes[f"x{f}"]["count"]) for f in (1, 4, 16))
        times = " / ".join(f"{sizes[f'x{f}']['seconds']:.1f}" for f in (1, 4, 16))
        rows.append(Figure(f"{counts} {family}: time grows linearly ({times} s)",
                           " and ".join(f"{s:.1f}x" for s in steps) + " per 4x",
                           f"≤ {STEP_LIMIT}x per 4x", max(steps) <= STEP_LIMIT))
        peak = max(_peak(size) for size in sizes.values())
        rows.append(Figure(f"{counts} {family}: peak memory" + PEAK_HOW,
                           _peak_text(list(sizes.values())), "< 1 GB", peak < 1024))
    bat = r["batch"]
    speedup = bat["one_process_s"] / bat["all_cores_s"]
    rows.append(Figure(f"Batch of 12 files, 1 process vs {bat['cores']} (one per core)",
                       f"{bat['one_process_s']:.1f} s vs {bat['all_cores_s']:.1f} s = "
                       f"{speedup:.2f}x faster", "≥ 1.7x on 2 cores", speedup >= 1.7))
    return rows


PEAK_HOW = " (PSS of all its processes, sampled)"
"""How peak memory is measured (bench/memory.py): the proportional set size of the build's
processes, sampled; the old figure (shared pages of a forked worker counted twice) is shown
beside it, and judged only where PSS cannot be read."""


def _peak(size: dict[str, Any]) -> float:
    pss = size.get("peak_pss_mb")
    return float(pss if pss is not None else size["peak_mb"])


def _peak_text(sizes: list[dict[str, Any]]) -> str:
    """'412 MB (old measure 646 MB)': the largest of each measure over `sizes`."""
    old = max(size["peak_mb"] for size in sizes)
    if any(size.get("peak_pss_mb") is None for size in sizes):
        return f"{old:.0f} MB (old measure only)"
    return f"{max(_peak(size) for size in sizes):.0f} MB (old measure {old:.0f} MB)"


def markdown(r: dict[str, Any]) -> str:
    """The table, with the machine and the load it ran under."""
    machine = r["machine"]
    head = (f"Measured by `make bench` on {machine['date']}: {machine['cores']} cores, Python "
            f"{machine['python']}, medians of {r['runs']} runs; load average "
            f"{machine['load_before']:.1f} before the run and {machine['load_after']:.1f} "
            "after it (the machine is shared: compare ratios, not seconds).")
    lines = [head, "", "| figure | measured | target | |", "|---|---|---|---|"]
    lines += [f"| {f.name} | {f.value} | {f.target} | {f.verdict} |" for f in figures(r)]
    return "\n".join(lines)


def as_json(r: dict[str, Any]) -> list[dict[str, Any]]:
    return [asdict(f) for f in figures(r)]

"""Peak memory of a build's whole process tree, sampled from outside it.

Why not `ru_maxrss` alone: bench/one.py reports its own peak plus its largest child's, and a
forked child's resident pages include every page it still shares with its parent (the imports,
the validated model), so those pages are counted twice. The proportional set size (PSS,
`/proc/<pid>/smaps_rollup`) charges each shared page to its sharers in equal parts: the sum over
the tree is what the build held in memory at that moment. It is sampled every `INTERVAL_S`
(a peak shorter than that can be missed), by the benchmark's own process, so the build keeps a
single thread and forks as it always does. Linux only; elsewhere the figure is None.
"""

from __future__ import annotations

import threading
from pathlib import Path

INTERVAL_S = 0.02
PROC = Path("/proc")


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (from each thread's `children` list)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = list((PROC / str(current) / "task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                pending += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:  # gone meanwhile
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_pss_mb(pid: int) -> float:
    """The proportional set size of `pid` and its descendants now, in MB."""
    return sum(_pss_kb(p) for p in _descendants(pid)) / 1024


class PeakSampler:
    """Samples a process tree's PSS in a thread until stopped; `peak_mb` is the largest sum
    seen (None where /proc has no smaps_rollup)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb: float | None = 0.0 if (PROC / "self" / "smaps_rollup").exists() else None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        if self.peak_mb is not None:
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb or 0.0, tree_pss_mb(self.pid))
            self._stop.wait(INTERVAL_S)

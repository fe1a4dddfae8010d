"""Build one content file in this process (all its default outputs, or the kinds named); print
the time and the peak memory as JSON.

Run as a separate process by bench/run.py, so that the peak memory (ru_maxrss) belongs to this
build alone. A build that renders its outputs in worker processes has its workers' peaks added:
the figure is an upper bound of what the build held at once (pages a forked worker shares with
this process count twice). bench/measure.py also samples the proportional set size of this
process and its workers from outside (bench/memory.py); the README's table shows both.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from builder.options import BuildOptions
from builder.outputs import default_names
from builder.pipeline import build


def peak_mb() -> float:
    """This process's peak resident memory plus that of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> None:
    content, out = Path(sys.argv[1]), Path(sys.argv[2])
    kinds = tuple(sys.argv[3].split(",")) if len(sys.argv) > 3 else default_names()
    started = time.perf_counter()
    report = build(content, BuildOptions(out_dir=out, outputs=kinds, force=True))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(),
                      "failed": report.failed, "outputs": [o.summary for o in report.outputs]}))


if __name__ == "__main__":
    main()

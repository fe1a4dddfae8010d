"""Build one output of one content file in this process; print its time and peak memory.

Run as a separate process by bench/run.py so that peak memory (ru_maxrss) belongs to one
output alone.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from builder.options import BuildOptions
from builder.pipeline import build


def main() -> None:
    content, kind, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    started = time.perf_counter()
    build(content, BuildOptions(out_dir=out, outputs=(kind,), force=True))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()

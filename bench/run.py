"""`make bench`: how fast brochure is, measured side by side in one run.

Measures every figure of issue 18 (bench/measure.py), prints them with their targets
(bench/report.py), writes bench/results.json and replaces the table in the README's speed
section, so the README shows what was measured, not what was typed. Nothing here is asserted by
the test suite.

BENCH_RUNS=N changes the number of runs per median (default 5); BENCH_ONLY=cold,no_op,... runs
some steps and prints them without writing any file (for trying a change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import levers, measure, report  # noqa: E402

STEPS: dict[str, Callable[[Path], Any]] = {
    "cold_build": measure.cold_build, "no_op_s": measure.no_op,
    "check": measure.check, "limit": measure.limit, "watch": measure.watch,
    "serve": measure.serve, "preview": measure.preview, "scaling": measure.scaling,
    "families": measure.families, "batch": measure.batch, "levers": levers.levers,
}
README = ROOT / "README.md"
TABLES = {name: re.compile(rf"(<!-- {name}:start -->\n).*?(\n<!-- {name}:end -->)", re.DOTALL)
          for name in ("bench", "levers")}


def main() -> None:
    only = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
    results: dict[str, Any] = {"machine": {
        "cores": os.cpu_count(), "python": platform.python_version(),
        "date": dt.date.today().isoformat(), "load_before": os.getloadavg()[0]},
        "runs": measure.RUNS}
    with tempfile.TemporaryDirectory(prefix="brochure-bench-") as temp:
        work = Path(temp)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # in-process steps too
        for switch in ("BROCHURE_CACHE_DIR", "BROCHURE_CACHE", "BROCHURE_JOBS"):
            os.environ.pop(switch, None)
        for name, step in STEPS.items():
            if only and name not in only:
                continue
            print(f"running {name} ...", file=sys.stderr, flush=True)
            results[name] = step(work)
    results["machine"]["load_after"] = os.getloadavg()[0]
    if only:
        print(json.dumps(results, indent=2))
        return
    results["figures"] = report.as_json(results)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    tables = {"bench": report.markdown(results), "levers": levers.markdown(results["levers"])}
    text = README.read_text(encoding="utf-8")
    for name, table in tables.items():
        text = TABLES[name].sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    README.write_text(text, encoding="utf-8")
    print("\n\n".join(tables.values()))


if __name__ == "__main__":
    main()

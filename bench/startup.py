#!/usr/bin/env python3
"""Startup: `evidence list` on an empty data folder against `python -c "import sqlalchemy"`.

`evidence list` needs SQLAlchemy, so importing it is the floor. The first run creates the schema
(Alembic, once); the timed runs then find the schema current and must not run Alembic again.
Prints the median of 5 runs of each, and their ratio. Target: ratio at most 1.5.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 5
TARGET = 1.5


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _medians(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds (CPU is steadier on a busy machine)."""
    walls, cpus = [], []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), _cpu_s()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_s() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="evidence-startup-") as home:
        _run({**os.environ, "EVIDENCE_HOME": home})


def _run(env: dict[str, str]) -> None:
    evidence = [sys.executable, "-m", "evidence.cli", "list"]
    subprocess.run(evidence, env=env, check=True, stdout=subprocess.DEVNULL)  # creates the schema
    base_wall, base_cpu = _medians([sys.executable, "-c", "import sqlalchemy"], env)
    list_wall, list_cpu = _medians(evidence, env)
    ratio = list_wall / base_wall
    print(f"python -c 'import sqlalchemy': median {base_wall * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms CPU "
          f"({RUNS} runs)")
    print(f"evidence list (empty data folder): median {list_wall * 1000:.0f} ms wall, {list_cpu * 1000:.0f} ms CPU "
          f"({RUNS} runs)")
    print(f"ratio {ratio:.2f} wall, {list_cpu / base_cpu:.2f} CPU (target <= {TARGET}) "
          f"{'OK' if ratio <= TARGET else 'SLOWER THAN TARGET'}")


if __name__ == "__main__":
    main()

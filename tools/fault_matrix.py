"""Issue #12's fault matrix outside pytest: one line per case, with figures.

Every case of tests/functional/fault_cases.py runs on a deployment of its
own: the kill -9 and SIGTERM cases on each SQL backend asked for (MariaDB
and PostgreSQL by default), heatlite-all's kill-and-restart on SQLite.
Each line gives the time to detect (the fault to the first event naming
the dead engine: the takeover starting) and the time to finish (the fault
to the stack's final state). A case that fails prints why and keeps its
directory (logs, heat.conf, journal) for a look; the exit status is 1 if
any failed. Figures are printed, never judged.
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys
import tempfile

CHECKOUT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from tests.functional import fault_cases  # noqa: E402
from tests.functional.fault_cluster import cluster  # noqa: E402

# How many engines each case runs with (heatlite-all is one).
ENGINES = {"create": 2, "update": 3, "delete": 3, "sigterm": 2, "restart-all": 1}
SQL_BACKENDS = ("mariadb", "postgresql")


def plan(cases: list[str], backends: list[str]) -> list[tuple[str, str, int]]:
    """(case, backend, engines) to run, in order: heatlite-all's case runs
    on SQLite only, every other case on each backend given."""
    runs = []
    for case in cases:
        where = ["sqlite"] if case == "restart-all" else backends
        runs.extend((case, backend, ENGINES[case]) for backend in where)
    return runs


def run_case(case: str, backend: str, engines: int) -> tuple[bool, str]:
    """Run one case; (passed, its line)."""
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="fault-%s-%s-" % (case, backend)))
    journal = fault_cases.Journal(workdir / "journal")
    (workdir / "deployment").mkdir()
    try:
        with cluster(backend, engines, workdir / "deployment") as cl:
            outcome = fault_cases.CASES[case](cl, journal)
            fault_cases.assert_clean(cl)
    except Exception as exc:  # a failed case is reported, and the rest run
        summary = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return False, "%-24s %-10s %d engine(s)  FAILED: %s (kept %s)" % (
            case, backend, engines, summary, workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    return True, outcome.line()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(fault_cases.CASES),
                        help="a case to run (repeatable; default: all)")
    parser.add_argument("--backend", action="append", choices=SQL_BACKENDS,
                        help="SQL backend of the daemon cases (repeatable; default: both)")
    args = parser.parse_args(argv)
    runs = plan(args.case or list(fault_cases.CASES), args.backend or list(SQL_BACKENDS))
    failed = 0
    for case, backend, engines in runs:
        passed, line = run_case(case, backend, engines)
        failed += not passed
        print(line, flush=True)
    print("%d case(s), %d failed" % (len(runs), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

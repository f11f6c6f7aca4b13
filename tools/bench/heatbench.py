#!/usr/bin/env python3
"""heatbench: time Heat v1 API workloads against one endpoint or two.

    heatbench.py ENDPOINT WORKLOAD [ARGS] [WORKLOAD [ARGS] ...] [options]

e.g. `heatbench.py http://127.0.0.1:8004/v1/admin chain 20,100 outputs 20`.
One JSON line per measurement goes to stdout (and to --out), then a summary
table whose lines start with '# '. Timing never fails the run: errors are
counted in the records; the exit status is 0 unless the arguments are wrong.
See README.rst beside this file.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import hb_templates as tpl  # noqa: E402
import hb_workloads as wl  # noqa: E402
from hb_stats import Measurement, format_record, format_table, summarize  # noqa: E402

WorkFn = Callable[[wl.Run, str], None]


@dataclasses.dataclass
class Spec:
    """A workload named on the command line, with the sizes to run."""

    name: str
    sizes: list[str]
    fn: WorkFn


DEFAULT_SIZES = {
    "create-delete-rg": "10,100,500,999",
    "chain": "20,100",
    "nested": "2 2",
    "update-rg": "10",
    "api-list": "20",
    "concurrent-create": "5",
    "outputs": "20",
}


def _sizes(text: str) -> list[str]:
    sizes = [s.strip() for s in text.split(",") if s.strip()]
    for s in sizes:
        if not s.isdigit() or int(s) < 1:
            raise ValueError("bad size %r: want positive integers, comma separated" % s)
    return sizes


def build_spec(name: str, args: Sequence[str]) -> Spec:
    """Turn `name args...` into a Spec; ValueError on bad arguments."""
    if name not in DEFAULT_SIZES:
        raise ValueError("unknown workload %r" % name)
    argv = list(args) or DEFAULT_SIZES[name].split()
    if name == "nested":
        if len(argv) != 2:
            raise ValueError("nested takes D W (depth and width)")
        depth, width = (_sizes(a)[0] for a in argv)
        return Spec(name, ["%sx%s" % (depth, width)], wl.nested)
    if name in ("create-delete-rg", "update-rg"):
        if len(argv) > 2:
            raise ValueError("%s takes N[,N...] [RandomString|None|Value]" % name)
        member = argv[1] if len(argv) > 1 else "RandomString"
        tpl.member_type(member)
        factory = wl.create_delete_rg if name == "create-delete-rg" else wl.update_rg
        sizes = _sizes(argv[0])
        if member != "RandomString":
            name = "%s-%s" % (name, member)
        return Spec(name, sizes, factory(member))
    if len(argv) != 1:
        raise ValueError("%s takes one size list" % name)
    fns: dict[str, WorkFn] = {"chain": wl.chain, "api-list": wl.api_list,
                              "concurrent-create": wl.concurrent_create, "outputs": wl.outputs}
    return Spec(name, _sizes(argv[0]), fns[name])


def split_specs(tokens: Sequence[str]) -> list[Spec]:
    """`chain 20 outputs 5,10` -> two specs: a workload name starts a new one."""
    groups: list[tuple[str, list[str]]] = []
    for tok in tokens:
        if tok in DEFAULT_SIZES:
            groups.append((tok, []))
        elif not groups:
            raise ValueError("%r is not a workload (one of %s)" % (tok, ", ".join(DEFAULT_SIZES)))
        else:
            groups[-1][1].append(tok)
    if not groups:
        raise ValueError("name at least one workload")
    return [build_spec(name, args) for name, args in groups]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="workloads: " + ", ".join(DEFAULT_SIZES))
    p.add_argument("endpoint", help="http://host:port/v1/TENANT (target A)")
    p.add_argument("workloads", nargs="+", help="WORKLOAD [ARGS] ...")
    p.add_argument("--token", help="X-Auth-Token for A (and B unless --token2)")
    p.add_argument("--compare", metavar="URL2", help="second endpoint (target B)")
    p.add_argument("--token2", help="X-Auth-Token for B")
    p.add_argument("--pid", type=int, help="server pid of A, for CPU and RSS")
    p.add_argument("--pid2", type=int, help="server pid of B, for CPU and RSS")
    p.add_argument("--repeats", type=int, help="runs per size (default 1, or 3 with --compare)")
    p.add_argument("-c", "--concurrency", type=int, default=4, help="client threads (api-list)")
    p.add_argument("--requests", type=int, default=50,
                   help="sequential requests per call kind (api-list, outputs)")
    p.add_argument("--interval", type=float, default=0.015, help="poll interval, seconds")
    p.add_argument("--timeout", type=float, default=600.0, help="bound on each wait, seconds")
    p.add_argument("--close", action="store_true",
                   help="a new connection per request (Connection: close)")
    p.add_argument("--out", help="also append the JSON records to this file")
    args = p.parse_args(argv)
    args.specs = split_specs(args.workloads)
    if args.repeats is None:
        args.repeats = 3 if args.compare else 1
    if args.repeats < 1 or args.concurrency < 1 or args.requests < 1:
        p.error("--repeats, -c and --requests must be >= 1")
    return args


def targets(args: argparse.Namespace) -> list[wl.Target]:
    out = [wl.Target("A", args.endpoint, args.token, args.pid)]
    if args.compare:
        out.append(wl.Target("B", args.compare, args.token2 or args.token, args.pid2))
    return out


def run_all(args: argparse.Namespace, stream: TextIO, log: TextIO) -> list[Measurement]:
    """Every spec, size and repeat, alternating A B A B; records stream out as they come."""
    opts = wl.Options(args.timeout, args.interval, args.concurrency, args.requests,
                      not args.close)
    sink = open(args.out, "a", encoding="utf-8") if args.out else None
    results: list[Measurement] = []
    try:
        for spec in args.specs:
            for size in spec.sizes:
                for rep in range(args.repeats):
                    for target in targets(args):
                        print("heatbench: %s %s repeat %d on %s" % (spec.name, size, rep,
                                                                    target.label),
                              file=log, flush=True)
                        for m in wl.execute(target, opts, spec.name, size, rep, spec.fn):
                            line = format_record(m)
                            print(line, file=stream, flush=True)
                            if sink:
                                print(line, file=sink, flush=True)
                            results.append(m)
    finally:
        if sink:
            sink.close()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:
        print("heatbench: %s" % exc, file=sys.stderr)
        return 2
    results = run_all(args, sys.stdout, sys.stderr)
    for line in format_table(summarize(results), bool(args.compare)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

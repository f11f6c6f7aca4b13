"""The heatbench workloads: each builds stacks, times phases, cleans up.

A workload is a function (run, size) -> None that appends Measurements via
run.record(); run.phase names the step in progress so that a failure is
recorded against it. Stacks are registered in run.live as soon as they are
created and deleted by Runner.execute() whatever happens.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import hb_templates as tpl
from hb_client import BenchError, HeatClient
from hb_procstat import Sample, sample
from hb_stats import Measurement, percentile

_COUNTER = itertools.count()


@dataclasses.dataclass
class Target:
    """One endpoint under test."""

    label: str
    endpoint: str
    token: str | None = None
    pid: int | None = None


@dataclasses.dataclass
class Options:
    timeout: float = 600.0
    interval: float = 0.015
    concurrency: int = 4
    requests: int = 50
    keepalive: bool = True


def unique_name(workload: str) -> str:
    """Stack names never collide across runs, processes or threads."""
    return "hb-%s-%d-%d-%s" % (workload, os.getpid(), next(_COUNTER), uuid.uuid4().hex[:6])


class Run:
    """State of one workload run against one target."""

    def __init__(self, target: Target, opts: Options, workload: str, size: str,
                 repeat: int) -> None:
        self.target = target
        self.opts = opts
        self.workload = workload
        self.size = size
        self.repeat = repeat
        self.phase = "setup"
        self.out: list[Measurement] = []
        self.live: dict[str, str] = {}
        self.client = self.new_client()

    def new_client(self) -> HeatClient:
        return HeatClient(self.target.endpoint, self.target.token, self.opts.timeout,
                          self.opts.interval, self.opts.keepalive)

    def sample(self) -> Sample | None:
        return sample(self.target.pid) if self.target.pid else None

    def record(self, metric: str, value: float | None, unit: str, before: Sample | None = None,
               resources: int | None = None, errors: int = 0, error: str | None = None,
               **extra: Any) -> Measurement:
        if before is not None:
            after = self.sample()
            if after is not None:
                cpu = after.cpu_s - before.cpu_s
                extra.update(cpu_s=cpu, rss_kib_before=before.rss_kib,
                             rss_kib_after=after.rss_kib)
                if resources:
                    extra["cpu_s_per_resource"] = cpu / resources
        if resources is not None:
            extra["resources"] = resources
        m = Measurement(self.workload, self.size, metric, value, unit, self.target.label,
                        self.repeat, errors, error, extra)
        self.out.append(m)
        return m

    # --- shared steps -----------------------------------------------------

    def create(self, template: tpl.Template, resources: int,
               files: dict[str, str] | None = None, metric: str = "create_s") -> tuple[str, str]:
        self.phase = metric
        name = unique_name(self.workload)
        before = self.sample()
        t0 = time.perf_counter()
        sid = self.client.create(name, template, files)
        self.live[name] = sid
        elapsed = self.client.wait_create(name, sid, t0)
        self.record(metric, elapsed, "s", before, resources)
        return name, sid

    def delete(self, name: str, sid: str, resources: int, metric: str = "delete_s") -> None:
        self.phase = metric
        before = self.sample()
        t0 = time.perf_counter()
        self.client.delete(name, sid)
        elapsed = self.client.wait_delete(name, sid, t0)
        self.live.pop(name, None)
        self.record(metric, elapsed, "s", before, resources)

    def timed_get(self, path: str, params: dict[str, str] | None = None,
                  codes: tuple[int, ...] = (200,)) -> tuple[float, Any]:
        t0 = time.perf_counter()
        resp = self.client.request("GET", path, params=params)
        elapsed = time.perf_counter() - t0
        self.client.expect(resp, *codes)
        body = resp.json() if resp.content and resp.status_code == 200 else None
        return elapsed, body


def execute(target: Target, opts: Options, workload: str, size: str, repeat: int,
            fn: Callable[[Run, str], None]) -> list[Measurement]:
    """Run one workload size once; never raises, always cleans up."""
    run = Run(target, opts, workload, size, repeat)
    try:
        fn(run, size)
    except BenchError as exc:
        run.record(run.phase, None, "s", errors=1, error=str(exc))
    except Exception as exc:  # a surprising body must not end the whole run
        run.record(run.phase, None, "s", errors=1, error="%s: %s" % (type(exc).__name__, exc))
    finally:
        for name, sid in list(run.live.items()):
            err = run.client.cleanup(name, sid)
            if err:
                run.record("cleanup", None, "s", errors=1, error=err)
        run.client.close()
    return run.out


# --- workloads ------------------------------------------------------------

def create_delete_rg(member: str) -> Callable[[Run, str], None]:
    rtype = tpl.member_type(member)

    def work(run: Run, size: str) -> None:
        count = int(size)
        name, sid = run.create(tpl.resource_group(count, rtype), count + 1)
        run.delete(name, sid, count + 1)

    return work


def chain(run: Run, size: str) -> None:
    length = int(size)
    token = uuid.uuid4().hex
    name, sid = run.create(tpl.chain(length, token), length)
    run.phase = "show_s"
    elapsed, body = run.timed_get("/stacks/%s/%s" % (name, sid))
    outs = {o["output_key"]: o.get("output_value") for o in body["stack"].get("outputs", [])}
    ok = outs.get("last") == token
    run.record("show_s", elapsed, "s", errors=0 if ok else 1,
               error=None if ok else "last output %r != token" % (outs.get("last"),))
    run.delete(name, sid, length)


def nested(run: Run, size: str) -> None:
    depth, width = (int(x) for x in size.split("x"))
    token = uuid.uuid4().hex[:8]
    root, files = tpl.nested(depth, width, token)
    total = tpl.nested_resource_count(depth, width)
    name, sid = run.create(root, total, files)
    run.phase = "show_s"
    elapsed, body = run.timed_get("/stacks/%s/%s" % (name, sid))
    outs = {o["output_key"]: o.get("output_value") for o in body["stack"].get("outputs", [])}
    leaves = tpl.flatten(outs.get("leaves"))
    want = width ** (depth + 1)
    bad = leaves != [token] * want
    run.record("show_s", elapsed, "s", errors=int(bad),
               error="leaves: %d of %d match" % (leaves.count(token), want) if bad else None)
    run.phase = "resources_nested_s"
    elapsed, body = run.timed_get("/stacks/%s/%s/resources" % (name, sid),
                                  {"nested_depth": str(depth)})
    got = len(body.get("resources", []))
    run.record("resources_nested_s", elapsed, "s", errors=int(got != total),
               error="%d resources listed, expected %d" % (got, total) if got != total else None)
    run.delete(name, sid, total)


def update_rg(member: str) -> Callable[[Run, str], None]:
    rtype = tpl.member_type(member)

    def work(run: Run, size: str) -> None:
        count = int(size)
        name, sid = run.create(tpl.resource_group(count, rtype), count + 1)
        steps = [("update_grow_s", 2 * count, 0, count),
                 ("update_replace_s", 2 * count, 1, 2 * count),
                 ("update_shrink_s", count, 1, count)]
        for metric, new_count, variant, touched in steps:
            run.phase = metric
            stack = run.client.show(name, sid, resolve_outputs=False) or {}
            before = run.sample()
            t0 = time.perf_counter()
            run.client.update(name, sid, tpl.resource_group(new_count, rtype, variant))
            elapsed = run.client.wait_update(name, sid, t0, stack.get("updated_time"))
            run.record(metric, elapsed, "s", before, touched)
        run.delete(name, sid, count + 1)

    return work


def _parallel(n: int, fn: Callable[[int], float]) -> tuple[list[float], list[str]]:
    """Run fn(i) for i < n on n threads started together; (results, errors)."""
    barrier = threading.Barrier(n, timeout=120)
    results: list[float] = []
    errors: list[str] = []

    def one(i: int) -> None:
        try:
            barrier.wait()
            results.append(fn(i))
        except (BenchError, threading.BrokenBarrierError) as exc:
            errors.append(str(exc))

    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(one, range(n)))
    return results, errors


def _create_many(run: Run, count: int, workers: int, kind: str = "None") -> tuple[float, list[str]]:
    """Create `count` small stacks with `workers` threads; (seconds, errors)."""
    names = [unique_name(run.workload) for _ in range(count)]
    lock = threading.Lock()
    todo = iter(names)
    t_start = time.perf_counter()

    def worker(_: int) -> float:
        client = run.new_client()
        try:
            while True:
                with lock:
                    name = next(todo, None)
                if name is None:
                    return time.perf_counter()
                t0 = time.perf_counter()
                sid = client.create(name, tpl.small(kind))
                with lock:
                    run.live[name] = sid
                client.wait_create(name, sid, t0)
        finally:
            client.close()

    _, errors = _parallel(min(workers, count), worker)
    return time.perf_counter() - t_start, errors


def _delete_all(run: Run, workers: int) -> tuple[float, list[str]]:
    stacks = list(run.live.items())
    lock = threading.Lock()
    todo = iter(stacks)
    t_start = time.perf_counter()

    def worker(_: int) -> float:
        client = run.new_client()
        try:
            while True:
                with lock:
                    item = next(todo, None)
                if item is None:
                    return time.perf_counter()
                t0 = time.perf_counter()
                client.delete(*item)
                client.wait_delete(item[0], item[1], t0)
                with lock:
                    run.live.pop(item[0], None)
        finally:
            client.close()

    if not stacks:
        return 0.0, []
    _, errors = _parallel(min(workers, len(stacks)), worker)
    return time.perf_counter() - t_start, errors


def concurrent_create(run: Run, size: str) -> None:
    count = int(size)
    run.phase = "create_all_s"
    before = run.sample()
    elapsed, errors = _create_many(run, count, count, "RandomString")
    run.record("create_all_s", elapsed, "s", before, count, errors=len(errors),
               error=errors[0] if errors else None)
    run.phase = "delete_all_s"
    before = run.sample()
    elapsed, errors = _delete_all(run, count)
    run.record("delete_all_s", elapsed, "s", before, count, errors=len(errors),
               error=errors[0] if errors else None)


def _api_calls(name: str, sid: str) -> list[tuple[str, str, tuple[int, ...]]]:
    base = "/stacks/%s/%s" % (name, sid)
    return [("list", "/stacks", (200,)), ("show", base, (200,)),
            ("resources", base + "/resources", (200,)),
            ("lookup", "/stacks/%s" % name, (302,))]


def api_list(run: Run, size: str) -> None:
    count = int(size)
    opts = run.opts
    run.phase = "setup_s"
    before = run.sample()
    elapsed, errors = _create_many(run, count, opts.concurrency)
    run.record("setup_s", elapsed, "s", before, count, errors=len(errors),
               error=errors[0] if errors else None)
    if errors:
        raise BenchError("setup failed: %s" % errors[0])
    name, sid = next(iter(run.live.items()))
    calls = _api_calls(name, sid)
    for kind, path, codes in calls:
        run.phase = "%s_p50_ms" % kind
        lat: list[float] = []
        bad: list[str] = []
        for _ in range(opts.requests):
            try:
                lat.append(run.timed_get(path, codes=codes)[0] * 1000)
            except BenchError as exc:
                bad.append(str(exc))
        err = dict(errors=len(bad), error=bad[0] if bad else None)
        run.record("%s_p50_ms" % kind, percentile(lat, 50), "ms", **err)
        run.record("%s_p99_ms" % kind, percentile(lat, 99), "ms", **err)
    run.phase = "rps"
    per_thread = max(1, opts.requests * len(calls) // opts.concurrency)

    def hammer(_: int) -> float:
        client = run.new_client()
        try:
            failures = 0
            for i in range(per_thread):
                _, path, codes = calls[i % len(calls)]
                resp = client.request("GET", path)
                failures += resp.status_code not in codes
            return float(failures)
        finally:
            client.close()

    before = run.sample()
    t0 = time.perf_counter()
    fails, errors = _parallel(opts.concurrency, hammer)
    elapsed = time.perf_counter() - t0
    done = per_thread * len(fails)
    run.record("rps_c%d" % opts.concurrency, done / elapsed if elapsed else None, "req/s",
               before, errors=int(sum(fails)) + len(errors), error=errors[0] if errors else None,
               requests=done)
    run.phase = "teardown_s"
    before = run.sample()
    elapsed, errors = _delete_all(run, opts.concurrency)
    run.record("teardown_s", elapsed, "s", before, count, errors=len(errors),
               error=errors[0] if errors else None)


def outputs(run: Run, size: str) -> None:
    count = int(size)
    token = uuid.uuid4().hex[:10]
    name, sid = run.create(tpl.outputs(count, token), 1)
    base = "/stacks/%s/%s" % (name, sid)
    checks: list[tuple[str, str, Callable[[Any], bool]]] = [
        ("show", base, lambda b: [o.get("output_value") for o in b["stack"]["outputs"]]
         == [token] * count),
        ("list", base + "/outputs", lambda b: len(b["outputs"]) == count),
        ("one", base + "/outputs/o%d" % (count - 1),
         lambda b: b["output"]["output_value"] == token),
    ]
    for kind, path, check in checks:
        run.phase = "%s_p50_ms" % kind
        lat: list[float] = []
        bad = 0
        for _ in range(run.opts.requests):
            elapsed, body = run.timed_get(path)
            lat.append(elapsed * 1000)
            bad += not check(body)
        err = "%d responses with wrong outputs" % bad if bad else None
        run.record("%s_p50_ms" % kind, percentile(lat, 50), "ms", errors=bad, error=err)
        run.record("%s_p99_ms" % kind, percentile(lat, 99), "ms", errors=bad, error=err)
    run.delete(name, sid, 1)

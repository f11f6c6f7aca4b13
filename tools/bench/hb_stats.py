"""Measurements, statistics and the printed summary of a heatbench run.

Pure code: a Measurement is one figure (a duration, a latency percentile,
a rate); records are JSON lines; the summary groups figures by
(workload, size, metric) and, when two endpoints ran, pairs them.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

Key = tuple[str, str, str]


@dataclasses.dataclass
class Measurement:
    """One figure from one run of one workload against one endpoint."""

    workload: str
    size: str
    metric: str
    value: float | None
    unit: str
    target: str = "A"
    repeat: int = 0
    errors: int = 0
    error: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def key(self) -> Key:
        return (self.workload, self.size, self.metric)


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Linear-interpolated percentile (pct in 0..100); None when empty."""
    if not values:
        return None
    data = sorted(values)
    if len(data) == 1:
        return float(data[0])
    rank = (len(data) - 1) * pct / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    frac = rank - low
    return float(data[low] + (data[high] - data[low]) * frac)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50.0)


def ratio(a: float | None, b: float | None) -> float | None:
    """b / a, or None when either side is missing or a is zero."""
    if a is None or b is None or a == 0:
        return None
    return b / a


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def to_record(m: Measurement) -> dict[str, Any]:
    """The JSON object printed for one measurement (stable key order)."""
    rec: dict[str, Any] = {
        "workload": m.workload,
        "size": m.size,
        "metric": m.metric,
        "value": _round(m.value),
        "unit": m.unit,
        "target": m.target,
        "repeat": m.repeat,
        "errors": m.errors,
    }
    if m.error:
        rec["error"] = m.error
    for name in sorted(m.extra):
        val = m.extra[name]
        rec[name] = _round(val) if isinstance(val, float) else val
    return rec


def format_record(m: Measurement) -> str:
    """One line of JSON, no spaces after separators."""
    return json.dumps(to_record(m), separators=(",", ":"))


@dataclasses.dataclass
class Row:
    """Summary of one (workload, size, metric) for one or two targets."""

    key: Key
    unit: str
    values: dict[str, list[float]]
    errors: dict[str, int]

    def med(self, target: str) -> float | None:
        return median(self.values.get(target, []))


def summarize(measurements: Iterable[Measurement]) -> list[Row]:
    """Group measurements by key, in first-seen order."""
    rows: dict[Key, Row] = {}
    for m in measurements:
        row = rows.get(m.key)
        if row is None:
            row = rows[m.key] = Row(m.key, m.unit, {}, {})
        if m.value is not None:
            row.values.setdefault(m.target, []).append(m.value)
        row.errors[m.target] = row.errors.get(m.target, 0) + m.errors
    return list(rows.values())


def pair_ratios(a_vals: Sequence[float], b_vals: Sequence[float]) -> list[float]:
    """B/A for each repeat that has both sides (run order pairs them)."""
    out = []
    for a, b in zip(a_vals, b_vals, strict=False):
        r = ratio(a, b)
        if r is not None:
            out.append(r)
    return out


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0 or abs(value) >= 100:
        return "%.1f" % value
    if abs(value) >= 1:
        return "%.3f" % value
    return "%.4g" % value


def format_table(rows: Sequence[Row], compare: bool) -> list[str]:
    """Summary lines, each prefixed with '# ' so JSON-line readers can skip them."""
    if compare:
        head = ["workload", "size", "metric", "unit", "A med", "B med", "B/A", "pairs B/A",
                "err A/B"]
    else:
        head = ["workload", "size", "metric", "unit", "n", "median", "min", "max", "errors"]
    table: list[list[str]] = [head]
    for row in rows:
        wl, size, metric = row.key
        a = row.values.get("A", [])
        if compare:
            b = row.values.get("B", [])
            pairs = ",".join("%.3g" % r for r in pair_ratios(a, b)) or "-"
            err = "%d/%d" % (row.errors.get("A", 0), row.errors.get("B", 0))
            a_med, b_med = row.med("A"), row.med("B")
            cells = [_fmt(a_med), _fmt(b_med), _fmt(ratio(a_med, b_med))]
            table.append([wl, size, metric, row.unit, *cells, pairs, err])
        else:
            cells = [str(len(a)), _fmt(row.med("A")), _fmt(min(a) if a else None)]
            cells += [_fmt(max(a) if a else None), str(row.errors.get("A", 0))]
            table.append([wl, size, metric, row.unit, *cells])
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = []
    for r in table:
        lines.append("# " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return lines

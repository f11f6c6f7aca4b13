"""A small Heat v1 client for benchmarking: create, update, delete and poll.

It speaks plain HTTP through requests, one Session per client (make one
client per thread). Waits poll the stack every `interval` seconds and time
from just before the request to the first response showing a terminal
status; every wait is bounded by `timeout`. Failures raise BenchError.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

JSON = dict[str, Any]


class BenchError(Exception):
    """A request or a wait that did not end as the workload needed."""


class HeatClient:
    def __init__(self, endpoint: str, token: str | None = None, timeout: float = 600.0,
                 interval: float = 0.015, keepalive: bool = True) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.interval = interval
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json",
                                     "Content-Type": "application/json"})
        if token:
            self.session.headers["X-Auth-Token"] = token
        if not keepalive:
            self.session.headers["Connection"] = "close"

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return self.endpoint + path

    def request(self, method: str, path: str, body: JSON | None = None,
                params: dict[str, str] | None = None) -> requests.Response:
        """One call; connection errors become BenchError, statuses are the caller's."""
        try:
            return self.session.request(method, self.url(path), json=body, params=params,
                                        allow_redirects=False, timeout=self.timeout)
        except requests.RequestException as exc:
            raise BenchError("%s %s: %s" % (method, path, exc)) from exc

    def expect(self, resp: requests.Response, *codes: int) -> requests.Response:
        if resp.status_code not in codes:
            raise BenchError("%s %s -> %d: %s" % (resp.request.method, resp.url,
                                                  resp.status_code, resp.text[:300]))
        return resp

    # --- stack life cycle -------------------------------------------------

    def create(self, name: str, template: JSON, files: dict[str, str] | None = None) -> str:
        """POST /stacks; returns the stack id."""
        body: JSON = {"stack_name": name, "template": template, "disable_rollback": True}
        if files:
            body["files"] = files
        resp = self.expect(self.request("POST", "/stacks", body), 201)
        return str(resp.json()["stack"]["id"])

    def update(self, name: str, sid: str, template: JSON,
               files: dict[str, str] | None = None) -> None:
        body: JSON = {"template": template, "disable_rollback": True}
        if files:
            body["files"] = files
        self.expect(self.request("PUT", "/stacks/%s/%s" % (name, sid), body), 202)

    def delete(self, name: str, sid: str) -> None:
        self.expect(self.request("DELETE", "/stacks/%s/%s" % (name, sid)), 204, 404)

    def show(self, name: str, sid: str, resolve_outputs: bool = True) -> JSON | None:
        """The stack body, or None on 404."""
        params = None if resolve_outputs else {"resolve_outputs": "False"}
        resp = self.request("GET", "/stacks/%s/%s" % (name, sid), params=params)
        if resp.status_code == 404:
            return None
        return dict(self.expect(resp, 200).json()["stack"])

    # --- waiting ----------------------------------------------------------

    def poll(self, name: str, sid: str, t0: float,
             check: Callable[[JSON | None], str | None]) -> tuple[str, float]:
        """Poll until check() names a terminal status; returns it and seconds since t0."""
        deadline = t0 + self.timeout
        last = "?"
        while True:
            stack = self.show(name, sid, resolve_outputs=False)
            now = time.perf_counter()
            done = check(stack)
            if done is not None:
                return done, now - t0
            if stack is not None:
                last = str(stack.get("stack_status"))
            if now >= deadline:
                raise BenchError("timeout after %.0fs waiting on %s (last %s)"
                                 % (self.timeout, name, last))
            time.sleep(self.interval)

    def wait_create(self, name: str, sid: str, t0: float) -> float:
        status, elapsed = self.poll(name, sid, t0, _terminal_for("CREATE"))
        if status != "CREATE_COMPLETE":
            raise BenchError("%s: %s" % (name, status))
        return elapsed

    def wait_delete(self, name: str, sid: str, t0: float) -> float:
        def check(stack: JSON | None) -> str | None:
            if stack is None:
                return "DELETE_COMPLETE"
            return _terminal_for("DELETE")(stack)

        status, elapsed = self.poll(name, sid, t0, check)
        if status != "DELETE_COMPLETE":
            raise BenchError("%s: %s" % (name, status))
        return elapsed

    def wait_update(self, name: str, sid: str, t0: float, before: str | None,
                    grace: float = 2.0) -> float:
        """Wait for UPDATE_COMPLETE of *this* update.

        A previous update left the same status behind, so a terminal status
        counts once IN_PROGRESS was seen, or updated_time moved past
        `before`, or `grace` seconds passed without either (a server that
        finished between two polls within the same second).
        """
        seen = {"progress": False}

        def check(stack: JSON | None) -> str | None:
            if stack is None:
                return "NOT_FOUND"
            status = str(stack.get("stack_status"))
            if status.endswith("_IN_PROGRESS"):
                seen["progress"] = True
                return None
            if not status.startswith(("UPDATE_", "ROLLBACK_")):
                return None
            fresh = seen["progress"] or stack.get("updated_time") != before
            if fresh or time.perf_counter() - t0 > grace:
                return status
            return None

        status, elapsed = self.poll(name, sid, t0, check)
        if status != "UPDATE_COMPLETE":
            raise BenchError("%s: %s" % (name, status))
        return elapsed

    def cleanup(self, name: str, sid: str | None) -> str | None:
        """Best-effort delete and wait; returns an error text or None."""
        if sid is None:
            return None
        try:
            t0 = time.perf_counter()
            self.delete(name, sid)
            self.wait_delete(name, sid, t0)
        except BenchError as exc:
            return "cleanup: %s" % exc
        return None


def _terminal_for(action: str) -> Callable[[JSON | None], str | None]:
    def check(stack: JSON | None) -> str | None:
        if stack is None:
            return "NOT_FOUND"
        status = str(stack.get("stack_status"))
        if status.endswith(("_COMPLETE", "_FAILED")) and (
            status.startswith(action) or status.startswith("ROLLBACK")
        ):
            return status
        return None

    return check

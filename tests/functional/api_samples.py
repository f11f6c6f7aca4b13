"""Recording API exchanges as documentation samples (doc/source/api/samples/).

A sample is the request line, the JSON request body and the JSON answer
of one operation of the OpenAPI document, named by its operationId; an
answer other than
``200 OK`` (a 201 with its Location, a 202, a 204 with no body, a 302
redirect) also keeps its status line and headers (``-response.http``),
without Date and Content-Length, which change from run to run (the
length counts the test's own port in the URLs it carries), and
Connection, which tells of the test client's socket, not of the API.

What changes from run to run is made fixed, so the samples can be
compared with the committed ones: the endpoint becomes
http://heatlite.example:8004, each UUID the next of a fixed series (in
order of first appearance), every timestamp one instant, the random tail
of a physical resource id ("demo-message-<12 random>") and a request id
x's, and this machine's name "controller".

An answer that grows with every plugin or commit (the resource-type
list, template functions, build_info) is recorded whole but compared
through a ``shape``: a view of it that does not change with them.
"""

from __future__ import annotations

import json
import pathlib
import re
import socket
from typing import Any
from collections.abc import Callable

import requests

ENDPOINT = "http://heatlite.example:8004"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_REQUEST_ID = re.compile(r"req-" + _UUID.pattern)
# After the UUIDs are fixed (their tails are all digits): a short id has a letter.
_SHORT_ID = re.compile(r'-(?=[a-z0-9]{0,11}[a-z])[a-z0-9]{12}"')
_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?")
_UNSTABLE_HEADERS = {"date", "content-length", "connection"}

Shape = Callable[[Any], Any]


class Recorder:
    """Calls the API and keeps each operation's normalised exchange."""

    def __init__(self, root: str, tenant: str = "admin") -> None:
        self.root = root
        self.api = "%s/v1/%s" % (root, tenant)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.samples: dict[str, str] = {}
        self.shapes: dict[str, Shape] = {}
        self._uuids: dict[str, str] = {}

    def _fixed_uuid(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found not in self._uuids:
            self._uuids[found] = "00000000-0000-4000-8000-%012d" % (len(self._uuids) + 1)
        return self._uuids[found]

    def _fixed(self, text: str) -> str:
        text = text.replace(self.root, ENDPOINT).replace(socket.gethostname(), "controller")
        text = _REQUEST_ID.sub("req-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", text)
        text = _SHORT_ID.sub('-xxxxxxxxxxxx"', _UUID.sub(self._fixed_uuid, text))
        return _TIME.sub("2026-01-01T12:00:00", text)

    def normalise(self, doc: Any) -> str:
        return self._fixed(json.dumps(doc, indent=2, sort_keys=True)) + "\n"

    def head(self, resp: requests.Response) -> str:
        """The status line and the headers that stay the same from run to run."""
        lines = ["HTTP/1.1 %d %s" % (resp.status_code, resp.reason)]
        lines += ["%s: %s" % (name, value) for name, value in resp.headers.items()
                  if name.lower() not in _UNSTABLE_HEADERS]
        return self._fixed("\n".join(lines)) + "\n"

    def __call__(self, operation: str | None, method: str, path: str, expect: int,
                 body: Any = None, shape: Shape | None = None,
                 **params: str) -> requests.Response:
        """One exchange; kept as ``operation``'s sample unless that is None."""
        resp = self.session.request(method, self.api + path, json=body, params=params,
                                    allow_redirects=False, timeout=60)
        assert resp.status_code == expect, (method, path, resp.status_code, resp.text)
        if operation is not None:
            self._keep(operation, body, resp, shape)
        return resp

    def _keep(self, operation: str, body: Any, resp: requests.Response,
              shape: Shape | None) -> None:
        line = "%s %s HTTP/1.1" % (resp.request.method, resp.request.path_url)
        self.samples[operation + "-request.http"] = self._fixed(line) + "\n"
        if body is not None:
            self.samples[operation + "-request.json"] = self.normalise(body)
        if resp.content:
            self.samples[operation + "-response.json"] = self.normalise(resp.json())
            if shape is not None:
                self.shapes[operation + "-response.json"] = shape
        if resp.status_code != 200:
            self.samples[operation + "-response.http"] = self.head(resp)

    def write(self, directory: pathlib.Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.samples.items():
            (directory / name).write_text(text)

    def stale(self, directory: pathlib.Path) -> list[str]:
        """The samples in ``directory`` that differ from the recorded ones."""
        committed = {p.name: p.read_text() for p in directory.iterdir()
                     if p.suffix in (".json", ".http")}
        return sorted(name for name in self.samples.keys() | committed.keys()
                      if self._compared(name, self.samples.get(name))
                      != self._compared(name, committed.get(name)))

    def _compared(self, name: str, text: str | None) -> Any:
        shape = self.shapes.get(name)
        if text is None or shape is None:
            return text
        return shape(json.loads(text))

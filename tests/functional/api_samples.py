"""Recording API exchanges as documentation samples (doc/source/api/samples/).

A sample is the JSON request body and the JSON answer of one operation of
the OpenAPI document, named by its operationId. What changes from run to
run is made fixed, so the samples can be compared with the committed ones:
the endpoint becomes http://heatlite.example:8004, each UUID the next of a
fixed series (in order of first appearance), every timestamp one instant,
the random tail of a physical resource id ("demo-message-<12 random>")
twelve x's, and this machine's name "controller".
"""

from __future__ import annotations

import json
import pathlib
import re
import socket
from typing import Any

import requests

ENDPOINT = "http://heatlite.example:8004"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# After the UUIDs are fixed (their tails are all digits): a short id has a letter.
_SHORT_ID = re.compile(r'-(?=[a-z0-9]{0,11}[a-z])[a-z0-9]{12}"')
_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?")


class Recorder:
    """Calls the API and keeps each operation's normalised exchange."""

    def __init__(self, root: str, tenant: str = "admin") -> None:
        self.root = root
        self.api = "%s/v1/%s" % (root, tenant)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.samples: dict[str, str] = {}
        self._uuids: dict[str, str] = {}

    def _fixed_uuid(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found not in self._uuids:
            self._uuids[found] = "00000000-0000-4000-8000-%012d" % (len(self._uuids) + 1)
        return self._uuids[found]

    def normalise(self, doc: Any) -> str:
        text = json.dumps(doc, indent=2, sort_keys=True)
        text = text.replace(self.root, ENDPOINT).replace(socket.gethostname(), "controller")
        text = _SHORT_ID.sub('-xxxxxxxxxxxx"', _UUID.sub(self._fixed_uuid, text))
        return _TIME.sub("2026-01-01T12:00:00", text) + "\n"

    def __call__(self, operation: str | None, method: str, path: str, expect: int,
                 body: Any = None, **params: str) -> requests.Response:
        """One exchange; kept as ``operation``'s sample unless that is None."""
        resp = self.session.request(method, self.api + path, json=body, params=params,
                                    allow_redirects=False, timeout=60)
        assert resp.status_code == expect, (method, path, resp.status_code, resp.text)
        if operation is not None:
            if body is not None:
                self.samples[operation + "-request.json"] = self.normalise(body)
            if resp.content:
                self.samples[operation + "-response.json"] = self.normalise(resp.json())
        return resp

    def write(self, directory: pathlib.Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.samples.items():
            (directory / name).write_text(text)

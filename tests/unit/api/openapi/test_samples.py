"""Every operation of the OpenAPI document has a recorded sample.

The samples (doc/source/api/samples/) are recorded by
tests/functional/test_api_samples.py; this check fails as soon as a route
is added to v1.yaml without a step in that walk, so no route goes
undocumented, and a sample left behind by a removed route is caught too.
"""

from __future__ import annotations

import pathlib

import yaml

REPO = pathlib.Path(__file__).resolve().parents[4]
SPEC = REPO / "heatlite" / "api" / "openapi" / "v1.yaml"
SAMPLES = REPO / "doc" / "source" / "api" / "samples"
SUFFIXES = ("-request.http", "-request.json", "-response.json", "-response.http")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _operation_ids() -> set[str]:
    doc = yaml.safe_load(SPEC.read_text())
    return {item[method]["operationId"] for item in doc["paths"].values()
            for method in METHODS if method in item}


def _sampled() -> dict[str, set[str]]:
    """Operation id -> the kinds of sample recorded for it."""
    found: dict[str, set[str]] = {}
    for path in SAMPLES.iterdir():
        suffix = next((s for s in SUFFIXES if path.name.endswith(s)), None)
        assert suffix is not None, "not a sample file name: %s" % path.name
        found.setdefault(path.name[:-len(suffix)], set()).add(suffix)
    return found


def test_every_operation_has_a_sample():
    missing = sorted(_operation_ids() - _sampled().keys())
    assert not missing, "operations without a sample (extend test_api_samples.py): %s" % missing


def test_every_sample_names_an_operation():
    orphans = sorted(_sampled().keys() - _operation_ids())
    assert not orphans, "samples of no operation in v1.yaml: %s" % orphans


def test_every_exchange_is_whole():
    """Each operation shows its request line and an answer: a JSON body, or
    a status line and headers."""
    partial = sorted(op for op, kinds in _sampled().items()
                     if "-request.http" not in kinds
                     or not kinds & {"-response.json", "-response.http"})
    assert not partial, partial

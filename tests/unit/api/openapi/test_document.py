"""The shipped OpenAPI document: valid 3.1, and the route table's twin."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from heatlite.api.openapi import app
from heatlite.api.openstack import v1

_VARIABLE = re.compile(r"\{(\w+):([^}]*)\}")
_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _paths_of(url: str) -> list[str]:
    """The document paths a route URL stands for.

    A ``{name:a|b}`` alternation is a literal sub-path per alternative; any
    other regex-constrained variable (the stack ARN) is the plain variable.
    """
    match = _VARIABLE.search(url)
    if match is None:
        return [url]
    name, pattern = match.groups()
    if re.fullmatch(r"[\w|]+", pattern):
        heads = [url[:match.start()] + word + url[match.end():]
                 for word in pattern.split("|")]
    else:
        heads = [url[:match.start()] + "{%s}" % name + url[match.end():]]
    return [path for head in heads for path in _paths_of(head)]


def _routed() -> set[tuple[str, str]]:
    return {(path, method.lower()) for route in v1.ROUTES
            for path in _paths_of(route.url) for method in route.methods}


def _documented(doc: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, item in doc["paths"].items()
            for method in item if method in _HTTP_METHODS}


def _operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in _HTTP_METHODS:
                yield path, method, operation


@pytest.fixture(scope="module")
def doc() -> dict:
    return app.load_document()


def test_document_is_valid_openapi_3_1(doc):
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_every_route_is_documented_and_nothing_else(doc):
    routed, documented = _routed(), _documented(doc)
    assert routed - documented == set()
    assert documented - routed == set()


def test_arn_and_subpath_routes_map_onto_document_paths():
    assert _paths_of("/{tenant_id}/stacks/{stack_name:arn\\x3A.*}") == [
        "/{tenant_id}/stacks/{stack_name}"]
    assert _paths_of("/{t}/stacks/{stack_name}/{path:resources|events}") == [
        "/{t}/stacks/{stack_name}/resources", "/{t}/stacks/{stack_name}/events"]


def test_operation_ids_are_unique(doc):
    ids = [op["operationId"] for _, _, op in _operations(doc)]
    assert len(ids) == len(set(ids))


def test_every_error_answer_is_heats_error_body(doc):
    error_ref = "#/components/schemas/Error"
    responses = doc["components"]["responses"]
    for path, method, operation in _operations(doc):
        for code, response in operation["responses"].items():
            if int(code) < 400:
                continue
            name = response["$ref"].rsplit("/", 1)[-1]
            schema = responses[name]["content"]["application/json"]["schema"]
            assert schema == {"$ref": error_ref}, (path, method, code)


def test_every_operation_answers_something_successful_or_refuses_plainly(doc):
    for path, method, operation in _operations(doc):
        codes = {int(code) for code in operation["responses"]}
        assert codes & {200, 201, 202, 204, 302} or codes >= {501}, (path, method)


def test_links_name_existing_operations(doc):
    ids = {op["operationId"] for _, _, op in _operations(doc)}
    for _, _, operation in _operations(doc):
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                assert link["operationId"] in ids

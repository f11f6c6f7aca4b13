"""Heat's wording of exceptions, including after a rebuild from kwargs."""

from __future__ import annotations

import pytest

from heatlite.common import exception


def test_path_error_joins_its_parts_with_colons() -> None:
    exc = exception.StackValidationFailed(
        error="Property error", path=["resources", "r", "properties", "size"],
        message="Value 'x' is not an integer")
    assert exc.message == ("Property error: resources.r.properties.size: "
                           "Value 'x' is not an integer")
    assert (exc.error, exc.path, exc.error_message) == (
        "Property error", ["resources", "r", "properties", "size"],
        "Value 'x' is not an integer")


@pytest.mark.parametrize("kwargs, text", [
    ({"message": "only this"}, "only this"),
    ({"path": "parameters", "message": "m"}, "parameters: m"),
    ({"error": "E", "message": "m"}, "E: m"),
    ({"path": ["resources", "g", "properties", "nets", 0, "port"], "message": "m"},
     "resources.g.properties.nets[0].port: m"),
    ({"path": ["resources", "1", "x"], "message": "m"}, "resources[1].x: m"),
    ({}, ""),
])
def test_path_error_parts_are_optional_and_numbers_index(kwargs, text) -> None:
    assert exception.StackValidationFailed(**kwargs).message == text


def test_kwargs_hold_the_formatted_parts() -> None:
    exc = exception.StackValidationFailed(error="Property error", path=["a", "b"],
                                          message="bad")
    assert exc.kwargs == {"error": "Property error: ", "path": "a.b: ", "message": "bad"}


def test_rebuilt_from_its_kwargs_it_doubles_the_separators() -> None:
    # What the API receives over RPC, as Heat's own API answers it.
    exc = exception.StackValidationFailed(error="Property error", path=["a", "b"],
                                          message="bad")
    rebuilt = type(exc)(**exc.kwargs)
    assert rebuilt.message == "Property error: : a.b: : bad"


def test_rebuilding_a_message_only_error_keeps_it() -> None:
    exc = exception.StackValidationFailed(message="The template is empty")
    assert type(exc)(**exc.kwargs).message == "The template is empty"


def test_path_error_is_a_400() -> None:
    assert exception.StackValidationFailed(message="m").http_status == 400


def test_not_found_keeps_its_text_out_of_kwargs() -> None:
    exc = exception.NotFound(message="Software config with id x not found")
    assert exc.message == "Software config with id x not found"
    assert exc.kwargs == {}
    assert type(exc)(**exc.kwargs).message == "Not found"

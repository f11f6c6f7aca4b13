"""Heat's nested validation paths and the wrapping of a nested stack's error."""

from __future__ import annotations

from heatlite.common import exception
from heatlite.engine.stack import nested_validation


def test_heat_path_folds_numeric_items():
    assert nested_validation.heat_path(["resources", "g<nested_stack>", "resources", "0",
                                        "properties", 3]) == [
        "resources", "g<nested_stack>", "resources[0]", "properties[3]"]
    assert nested_validation.heat_path(["0", "x"]) == ["0", "x"]


def test_a_validation_failure_keeps_its_error_and_gets_the_prefix():
    inner = exception.StackValidationFailed(error="Property error",
                                            path=["resources", "r", "properties"],
                                            message="Unknown Property nope")
    wrapped = nested_validation.nested_failure(inner, ["resources", "top<leaf.yaml>"])
    assert str(wrapped) == ("Property error: resources.top<leaf.yaml>.resources.r."
                            "properties: Unknown Property nope")
    assert wrapped.error == "Property error"


def test_another_error_is_named_by_its_type():
    inner = exception.RequestLimitExceeded(message="Recursion depth exceeds 5.")
    wrapped = nested_validation.nested_failure(inner, ["resources", "s<nested_stack>"])
    assert str(wrapped) == ("RequestLimitExceeded: resources.s<nested_stack>: "
                            "Request limit exceeded: Recursion depth exceeds 5.")
    assert wrapped.http_status == 400

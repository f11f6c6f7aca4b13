"""hypothesis over the template and environment text parsers.

Their contract is ValueError for malformed text (the API reports it as
400) or heatlite's own 4xx errors (size limits); nothing else may escape.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heatlite.common import environment_format
from heatlite.common import exception
from heatlite.common import template_format
from tests.unit.fuzz_strategies import HOSTILE
from tests.unit.fuzz_strategies import assert_client_error
from tests.unit.fuzz_strategies import json_values

# YAML's own syntax, so generated text is more than plain scalars.
yaml_text = st.text(alphabet=st.sampled_from(list("ab1:- \n\t{}[],&*!|>'\"#%@`?\\")),
                    max_size=60)
documents = st.one_of(
    st.text(max_size=60), yaml_text,
    json_values().map(json.dumps),
    json_values().map(lambda v: json.dumps({"heat_template_version": "2018-08-31",
                                            "resources": v})))


def _parse_or_refuse(parse, text) -> None:
    try:
        parse(text)
    except ValueError:
        pass
    except exception.HeatException as exc:
        assert_client_error(exc)


@HOSTILE
@given(documents)
def test_template_parse_answers_a_mapping_or_a_client_error(text):
    _parse_or_refuse(template_format.parse, text)


@HOSTILE
@given(st.binary(max_size=40))
def test_template_parse_of_bytes(data):
    _parse_or_refuse(template_format.parse, data)


@HOSTILE
@given(documents)
def test_environment_parse_answers_a_mapping_or_a_client_error(text):
    _parse_or_refuse(environment_format.parse, text)


@pytest.mark.parametrize("text", ["{", "- a\n- b", "\x00",
                                  "!!python/object:os.system"])
def test_known_malformed_texts_are_value_errors(text):
    with pytest.raises(ValueError):
        template_format.parse(text)


def test_a_recursive_alias_is_a_request_limit():
    with pytest.raises(exception.RequestLimitExceeded):
        template_format.parse("a: &x [*x]")

"""HOT data functions, from the HOT specification's examples and edge cases."""

import pytest

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.stack.definition import StackScope
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.parameters import Parameters
from heatlite.engine.template.template import Template


def resolve(snippet, version="2021-04-16", files=None, params=None):
    t = Template({"heat_template_version": version}, files)
    scope = StackScope(Parameters(params or {}, VERSIONS[version], None, None, "st", "sid",
                                  "proj"), t)
    parsed = t.parse(scope, snippet)
    function.validate(parsed, [])
    return function.resolve(parsed)


def test_get_file_from_files_and_missing():
    assert resolve({"get_file": "a.sh"}, files={"a.sh": "#!/bin/sh"}) == "#!/bin/sh"
    with pytest.raises(ValueError, match='No content found in the "files" section for '
                                         "get_file path: b.sh"):
        resolve({"get_file": "b.sh"})
    with pytest.raises(TypeError, match='Argument to "get_file" must be a string'):
        resolve({"get_file": ["x"]})


def test_repeat_spec_example_and_permutations():
    snippet = {"repeat": {"for_each": {"<%port%>": ["80", "443"]},
                          "template": {"protocol": "tcp", "port": "<%port%>"}}}
    assert resolve(snippet) == [{"protocol": "tcp", "port": "80"},
                                {"protocol": "tcp", "port": "443"}]
    nested = {"repeat": {"for_each": {"%a%": ["1", "2"], "%b%": ["x", "y"]},
                         "template": "%a%-%b%"}}
    assert resolve(nested) == ["1-x", "1-y", "2-x", "2-y"]
    paired = {"repeat": {"for_each": {"%a%": ["1", "2"], "%b%": ["x", "y"]},
                         "template": "%a%-%b%", "permutations": False}}
    assert resolve(paired) == ["1-x", "2-y"]
    uneven = {"repeat": {"for_each": {"%a%": ["1"], "%b%": ["x", "y"]},
                         "template": "%a%", "permutations": False}}
    with pytest.raises(ValueError, match="length of for_each values should be equal"):
        resolve(uneven)
    with pytest.raises(exception.StackValidationFailed, match='"permutations" should be'):
        resolve({"repeat": {"for_each": {"x": []}, "template": "x", "permutations": "no"}})


def test_repeat_maps_only_from_2016_10_14():
    snippet = {"repeat": {"for_each": {"%k%": {"a": 1, "b": 2}}, "template": "k=%k%"}}
    assert resolve(snippet) == ["k=a", "k=b"]
    with pytest.raises(TypeError, match="must be lists$"):
        resolve(snippet, version="2015-04-30")
    with pytest.raises(exception.StackValidationFailed, match='"repeat" syntax should be'):
        resolve({"repeat": {"template": "x"}})


def test_digest_and_errors():
    assert resolve({"digest": ["sha256", "abc"]}) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert resolve({"digest": ["md5", "ünïcode"]}) == resolve({"digest": ["MD5", "ünïcode"]})
    with pytest.raises(ValueError, match="Algorithm must be one of"):
        resolve({"digest": ["nope", "x"]})
    with pytest.raises(TypeError, match="must be a list of strings"):
        resolve({"digest": "sha1"})
    # digest is not a function before 2015-04-30: the map is plain data there.
    assert resolve({"digest": ["sha1", "x"]}, version="2014-10-16") == {
        "digest": ["sha1", "x"]}


def test_str_split():
    assert resolve({"str_split": [",", "a,b,c"]}) == ["a", "b", "c"]
    assert resolve({"str_split": [",", "a,b,c", 1]}) == "b"
    assert resolve({"str_split": [",", "a,b,c", "2"]}) == "c"
    assert resolve({"str_split": [",", None]}) is None
    with pytest.raises(ValueError, match="should be between 0 and 2"):
        resolve({"str_split": [",", "a,b,c", 5]})
    with pytest.raises(exception.StackValidationFailed, match="Incorrect arguments"):
        resolve({"str_split": "a,b"})


def test_map_merge_and_map_replace():
    assert resolve({"map_merge": [{"a": 1, "b": 2}, {"b": 3}, None]}) == {"a": 1, "b": 3}
    with pytest.raises(TypeError, match="Items to merge must be maps"):
        resolve({"map_merge": [{"a": 1}, ["x"]]})
    snippet = {"map_replace": [{"k1": "v1", "k2": "v2"},
                               {"keys": {"k1": "K1"}, "values": {"v2": "V2"}}]}
    assert resolve(snippet) == {"K1": "v1", "k2": "V2"}
    with pytest.raises(ValueError, match="collides with a key in the input map"):
        resolve({"map_replace": [{"a": 1, "b": 2}, {"keys": {"a": "b"}}]})
    with pytest.raises(ValueError, match="Incorrect arguments"):
        resolve({"map_replace": [{"a": 1}, {"bogus": {}}]})


def test_filter_list_concat_contains():
    assert resolve({"filter": [[None], [1, None, 2, None]]}) == [1, 2]
    assert resolve({"filter": [[3], []]}) == []
    assert resolve({"list_concat": [[1, 2], None, [2, 3]]}) == [1, 2, 2, 3]
    assert resolve({"list_concat_unique": [[1, 2], [2, {"a": 1}], [{"a": 1}]]}) == [
        1, 2, {"a": 1}]
    with pytest.raises(TypeError, match="Items to concat must be lists"):
        resolve({"list_concat": [[1], "x"]})
    assert resolve({"contains": ["a", ["a", "b"]]}) is True
    assert resolve({"contains": [3, [1, 2]]}) is False
    with pytest.raises(TypeError, match="should be a sequence"):
        resolve({"contains": ["a", 5]})


def test_make_url():
    snippet = {"make_url": {"scheme": "https", "username": "me@x", "password": "p w",
                            "host": "::1", "port": 8080, "path": "/a b",
                            "query": {"k": "v/1"}, "fragment": "f"}}
    assert resolve(snippet) == "https://me%40x:p%20w@[::1]:8080/a%20b?k=v/1#f"
    with pytest.raises(exception.StackValidationFailed, match="Invalid URL port 70000"):
        resolve({"make_url": {"host": "h", "port": 70000}})
    with pytest.raises(exception.StackValidationFailed, match='Invalid arguments to "make_url"'):
        resolve({"make_url": {"bogus": "x"}})


def test_resource_facade_outside_a_provider_template():
    with pytest.raises(exception.StackValidationFailed, match="should be one of"):
        resolve({"resource_facade": "bogus"})
    with pytest.raises(ValueError, match="only available inside a provider template"):
        resolve({"resource_facade": "metadata"})

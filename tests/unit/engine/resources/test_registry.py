import pytest

from heatlite.common import exception
from heatlite.engine import resource
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import DuplicateResourceType, Registry, from_entry_points


def test_builtin_types():
    assert sorted(builtin_types()) == ["OS::Heat::None", "OS::Heat::RandomString",
                                       "OS::Heat::TestResource", "OS::Heat::Value"]


def test_lookup_and_unknown_type():
    reg = from_entry_points(builtin_types)
    assert reg.get("OS::Heat::None").__name__ == "NoneResource"
    with pytest.raises(exception.ResourceTypeNotFound,
                       match=r"The Resource Type \(OS::Nope\) could not be found."):
        reg.get("OS::Nope")


def test_duplicate_names_refused():
    class A(resource.Resource):
        pass

    class B(resource.Resource):
        pass

    with pytest.raises(DuplicateResourceType):
        Registry([("one", {"X::Y": A}), ("two", {"X::Y": B})])

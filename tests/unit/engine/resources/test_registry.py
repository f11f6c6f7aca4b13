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


def test_resolve_through_environment_aliases_and_templates():
    from heatlite.engine.environment import Environment
    from heatlite.engine.resources.registry import ProviderTemplate

    reg = Registry([("builtin", builtin_types())])
    env = Environment({"resource_registry": {
        "My::Alias": "My::Other", "My::Other": "OS::Heat::None",
        "My::Server": "server.yaml",
        "OS::Fake::*": "OS::Heat::*",
        "resources": {"special": {"My::Alias": "OS::Heat::RandomString",
                                  "hooks": "pre-create"},
                      "web_*": {"restricted_actions": ["replace"]}}}})
    assert reg.resolve("My::Alias", env).__name__ == "NoneResource"
    assert reg.resolve("My::Alias", env, "special").__name__ == "RandomString"
    assert reg.resolve("OS::Fake::Value", env).__name__ == "Value"
    assert reg.resolve("My::Server", env) == ProviderTemplate("My::Server", "server.yaml")
    assert reg.resolve("nested.yaml") == ProviderTemplate("nested.yaml", "nested.yaml")
    assert env.resource_hooks("web_1") == {"restricted_actions": ["replace"]}
    with pytest.raises(exception.ResourceTypeNotFound, match=r"\(My::Nope\)"):
        reg.resolve("My::Nope", env)
    loop = Environment({"resource_registry": {"A::A": "B::B", "B::B": "A::A"}})
    with pytest.raises(exception.StackValidationFailed, match="aliases loop"):
        reg.resolve("A::A", loop)

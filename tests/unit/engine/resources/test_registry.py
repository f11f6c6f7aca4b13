import pytest

from heatlite.common import exception
from heatlite.engine import resource
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import DuplicateResourceType, Registry, from_entry_points


def test_builtin_types():
    assert {"OS::Heat::Delay", "OS::Heat::None", "OS::Heat::RandomString",
            "OS::Heat::TestResource", "OS::Heat::Value"} <= set(builtin_types())


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
    from heatlite.engine.template.environment import Environment
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


PLUGIN_DIR = __import__("os").path.join(
    __import__("os").path.dirname(__file__), "..", "..", "..", "functional", "plugins")


def test_plugin_dirs_add_their_types(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("raise ImportError('missing dependency')\n")
    reg = from_entry_points(builtin_types, [PLUGIN_DIR, str(tmp_path), "/nonexistent"])
    echo = reg.get("Test::Plugin::Echo")
    assert echo.__name__ == "Echo"
    assert "OS::Heat::None" in reg


def test_plugin_dir_clashing_with_a_builtin_is_refused(tmp_path):
    (tmp_path / "clash.py").write_text(
        "from heatlite.engine import resource\n"
        "class X(resource.Resource):\n    pass\n"
        "def resource_mapping():\n    return {'OS::Heat::None': X}\n")
    with pytest.raises(DuplicateResourceType):
        from_entry_points(builtin_types, [str(tmp_path)])


def test_a_mapping_of_non_plugins_is_refused(tmp_path):
    (tmp_path / "bad.py").write_text("def resource_mapping():\n    return {'A::B': object}\n")
    with pytest.raises(TypeError, match="not a heatlite.engine.resource.Resource"):
        from_entry_points(builtin_types, [str(tmp_path)])


def test_the_facade_is_the_type_without_the_winning_entry():
    from heatlite.engine.template.environment import Environment
    from heatlite.engine.resources.registry import ProviderTemplate

    reg = Registry([("builtin", builtin_types())])
    env = Environment({"resource_registry": {
        "OS::Thingy": "facade.yaml",
        "OS::Heat::RandomString": "random.yaml",
        "resources": {"one": {"OS::Thingy": "concrete.yaml"}}}})
    assert reg.resolve("OS::Thingy", env, "one") == ProviderTemplate("OS::Thingy",
                                                                     "concrete.yaml")
    assert reg.facade("OS::Thingy", env, "one") == ProviderTemplate("facade.yaml",
                                                                    "facade.yaml")
    # The global entry won: nothing else maps OS::Thingy.
    assert reg.facade("OS::Thingy", env, "two") is None
    # A built-in type a template overrides stands behind it.
    assert reg.facade("OS::Heat::RandomString", env, "r").__name__ == "RandomString"
    assert reg.facade("t.yaml", env, "r") is None

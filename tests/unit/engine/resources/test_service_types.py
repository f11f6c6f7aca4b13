"""Heat's types that need another OpenStack service: known, and refused as
Heat refuses a type whose service is not in the catalog."""

import pytest

from heatlite.common import exception
from heatlite.engine import resource
from heatlite.engine.resources import builtin_types, service_types
from heatlite.engine.resources.registry import Registry


def test_placeholders_only_for_heats_service_types():
    assert service_types.placeholder("OS::Nova::Server").SERVICE == "nova"
    assert service_types.placeholder("AWS::EC2::Volume").SERVICE == "cinder"
    assert service_types.placeholder("OS::Nope::Thing") is None
    # heatlite implements the heat client's own types: none is a placeholder
    assert not set(builtin_types()) & {n for _, names in service_types.SERVICES.values()
                                       for n in names}


def test_check_available_words_it_as_heat():
    plugin = service_types.placeholder("OS::Manila::Share")
    with pytest.raises(exception.ResourceTypeUnavailable) as raised:
        plugin.check_available("OS::Manila::Share")
    assert str(raised.value) == (
        "HEAT-E99001 Service manila is not available for resource type OS::Manila::Share, "
        "reason: manila sharev2 endpoint is not in service catalog.")
    assert raised.value.http_status == 400 and raised.value.error_code == "99001"
    resource.Resource.check_available("OS::Heat::None")  # a plugin of ours: no error


def test_registry_falls_back_to_placeholders_but_never_lists_them():
    reg = Registry([("builtin", builtin_types())])
    assert issubclass(reg.get("OS::Neutron::Net"), service_types.ServiceResource)
    assert issubclass(reg.resolve("OS::Neutron::Net"), service_types.ServiceResource)
    assert "OS::Neutron::Net" not in reg.names()
    assert "OS::Neutron::Net" not in reg


def test_a_plugin_that_implements_the_type_wins():
    class Server(resource.Resource):
        pass

    reg = Registry([("builtin", builtin_types()), ("mine", {"OS::Nova::Server": Server})])
    assert reg.get("OS::Nova::Server") is Server

import pytest

from heatlite.engine import properties
from heatlite.engine.resource import Cancelled, ResourceContext
from heatlite.engine.resources.test_resource import TestResource

UUID = "b7ffb0d1-eba2-4c12-9c00-70d1d829a152"


def plugin(sleeps=None, cancel_after=None, **props):
    resolved = properties.Properties(TestResource.PROPERTIES, props).checked()

    def sleep(secs):
        sleeps.append(secs)
        if cancel_after is not None and len(sleeps) >= cancel_after:
            raise Cancelled("Operation cancelled")

    return TestResource(ResourceContext(name="boom", stack_name="st", stack_id="sid",
                                        uuid=UUID, action="CREATE", properties=resolved,
                                        sleep=sleep))


def test_defaults_match_heat():
    r = plugin([])
    assert r.properties == {"constraint_prop_secs": 0, "attr_wait_secs": 0,
                            "value": "test_string", "update_replace_value": None,
                            "fail": False, "update_replace": False, "wait_secs": 0,
                            "action_wait_secs": None, "client_name": "", "entity_name": ""}


def test_create_stores_value():
    r = plugin([], value="v")
    assert r.check_create_complete(r.handle_create())
    assert r.get_attribute("output") == "v"
    assert r.resource_id == "st-boom-" + r.physical_resource_name()[-12:]


def test_fail_raises_heats_error_after_wait():
    sleeps = []
    r = plugin(sleeps, fail=True, wait_secs=2)
    cookie = r.handle_create()
    with pytest.raises(ValueError, match="^Test Resource failed boom$"):
        r.check_create_complete(cookie)
    assert sleeps == [2] and r.resource_id is None


def test_action_wait_secs_override_and_delete_never_fails():
    sleeps = []
    r = plugin(sleeps, fail=True, wait_secs=5, action_wait_secs={"delete": 1})
    assert r.check_delete_complete(r.handle_delete())
    assert sleeps == [1]


def test_infinite_wait_ends_only_by_cancel():
    sleeps = []
    r = plugin(sleeps, cancel_after=3, wait_secs=-1)
    with pytest.raises(Cancelled):
        r.check_create_complete(r.handle_create())
    assert len(sleeps) == 3


def test_attr_wait_uses_injected_sleep():
    sleeps = []
    r = plugin(sleeps, attr_wait_secs=0.5)
    r.check_create_complete(r.handle_create())
    assert r.get_attribute("output") == "test_string" and sleeps == [0.5]


def test_client_polling_is_logged_and_the_wait_completes(caplog):
    sleeps = []
    r = plugin(sleeps, client_name="nova", entity_name="servers", wait_secs=2)
    caplog.set_level("DEBUG", logger="heatlite.engine.resources.test_resource")
    r.validate()
    assert r.check_create_complete(r.handle_create())
    assert sleeps == [2]
    assert "nova.servers" in caplog.text



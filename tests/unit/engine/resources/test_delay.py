import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import Cancelled, ResourceContext
from heatlite.engine.resources.delay import Delay
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle


def plugin(sleeps, action="CREATE", **props):
    resolved = properties.Properties(Delay.PROPERTIES, props).checked()

    def sleep(secs):
        sleeps.append(secs)

    return Delay(ResourceContext(name="d", stack_name="st", stack_id="sid", uuid="u",
                                 action=action, properties=resolved, sleep=sleep))


def test_defaults_are_heats():
    assert plugin([]).properties == {"min_wait": 0, "max_jitter": 0,
                                     "jitter_multiplier": 1.0, "actions": ["CREATE"]}


def test_waits_min_plus_jitter_on_create_only_by_default():
    sleeps = []
    r = plugin(sleeps, min_wait=2, max_jitter=1, jitter_multiplier=0.5)
    assert r.check_create_complete(r.handle_create())
    assert len(sleeps) == 1 and 1.9 < sleeps[0] <= 2.5
    sleeps.clear()
    assert r.check_delete_complete(r.handle_delete()) and sleeps == []


def test_chosen_actions_wait():
    sleeps = []
    r = plugin(sleeps, min_wait=1, actions=["DELETE", "SUSPEND", "RESUME"])
    for handle, check in ((r.handle_delete, r.check_delete_complete),
                          (r.handle_suspend, r.check_suspend_complete),
                          (r.handle_resume, r.check_resume_complete)):
        assert check(handle())
    assert len(sleeps) == 3
    assert r.check_create_complete(r.handle_create()) and len(sleeps) == 3


def test_cancel_ends_the_wait():
    def sleep(secs):
        raise Cancelled("Operation cancelled")

    resolved = properties.Properties(Delay.PROPERTIES, {"min_wait": 100}).checked()
    r = Delay(ResourceContext(name="d", stack_name="st", stack_id="sid", uuid="u",
                              action="CREATE", properties=resolved, sleep=sleep))
    with pytest.raises(Cancelled):
        r.check_create_complete(r.handle_create())


def test_bad_values_are_refused():
    with pytest.raises(exception.StackValidationFailed):
        properties.Properties(Delay.PROPERTIES, {"actions": ["UPDATE"]}).checked()
    with pytest.raises(exception.StackValidationFailed):
        properties.Properties(Delay.PROPERTIES, {"min_wait": -1}).checked()


def _with_timeout(timeout, **props):
    resolved = properties.Properties(Delay.PROPERTIES, props).checked()
    return Delay(ResourceContext(name="d", stack_name="st", stack_id="sid", uuid="u",
                                 action="INIT", properties=resolved,
                                 stack_timeout_secs=timeout))


def test_longest_delay_must_fit_the_stack_timeout():
    _with_timeout(60, min_wait=30, max_jitter=15, jitter_multiplier=2).validate()
    _with_timeout(None, min_wait=10000).validate()  # timeout unknown: not checked
    with pytest.raises(exception.StackValidationFailed) as err:
        _with_timeout(60, min_wait=30, max_jitter=16, jitter_multiplier=2).validate()
    assert str(err.value) == "OS::Heat::Delay maximum delay 62.0s exceeds stack timeout."


def test_create_and_update_refuse_a_delay_longer_than_timeout_mins(service, ctxt):
    def template(secs):
        return hot({"d": {"type": "OS::Heat::Delay", "properties": {"min_wait": secs}}})

    with pytest.raises(exception.StackValidationFailed) as err:
        service.create_stack(ctxt, "too-slow", template(61), {}, {}, {"timeout_mins": 1})
    assert "OS::Heat::Delay maximum delay 61.0s exceeds stack timeout." in str(err.value)
    ident = service.create_stack(ctxt, "fits", template(0), {}, {}, {"timeout_mins": 1})
    wait_idle(service, ident["stack_id"])
    with pytest.raises(exception.StackValidationFailed):
        StackUpdateService(service).update_stack(ctxt, ident, template(90), {}, {}, {})
    with pytest.raises(exception.StackValidationFailed):  # the default: 3600 s
        service.create_stack(ctxt, "way-too-slow", template(3601), {}, {}, {})

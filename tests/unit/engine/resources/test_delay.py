import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import Cancelled, ResourceContext
from heatlite.engine.resources.delay import Delay


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

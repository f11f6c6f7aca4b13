import uuid

from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources.none import NoneResource


def test_none_creates_a_uuid_and_answers_any_attribute():
    r = NoneResource(ResourceContext(name="n", stack_name="st", stack_id="sid",
                                     uuid=str(uuid.uuid4()), action="CREATE",
                                     properties={"anything": 1}))
    r.handle_create()
    assert uuid.UUID(r.resource_id)
    assert r.get_reference_id() == r.resource_id
    assert r.get_attribute("whatever") is None
    assert NoneResource.ANY_PROPERTIES and NoneResource.ANY_ATTRIBUTES

from heatlite.engine import resource


def test_short_id_matches_heat_derivation():
    # Heat's short_id of this UUID (see sample 20's physical ids' shape).
    sid = resource.short_id("00000000-0000-4000-8000-000000000000")
    assert sid == "aaaaaaaaaaaa"
    sid = resource.short_id("ffffffff-ffff-4fff-bfff-ffffffffffff")
    assert len(sid) == 12 and sid == sid.lower()


def test_base_reference_id():
    ctx = resource.ResourceContext(name="r", stack_name="s", stack_id="i",
                                   uuid="00000000-0000-4000-8000-000000000000",
                                   action="CREATE", properties={})
    r = resource.Resource(ctx)
    assert r.get_reference_id() == "r"
    r.resource_id_set("phys")
    assert r.get_reference_id() == "phys"

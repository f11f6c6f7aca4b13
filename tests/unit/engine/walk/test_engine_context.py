"""EngineContext: the one set of engine-wide pieces operations start with."""


def test_service_and_nested_runner_share_one_context(service):
    assert service.nested.engine is service.context
    assert service.context.nested is service.nested
    assert service.context.registry is service.registry
    assert service.context.threads is service.threads


def test_timeout_comes_from_the_stack_or_the_configured_default(service, conf):
    assert service.context.timeout_secs(2) == 120.0
    assert service.context.timeout_secs(None) == float(conf.stack_action_timeout)


def test_recorder_uses_the_engines_event_limits(service, conf):
    recorder = service.context.recorder("sid", "name")
    assert recorder.stack_id == "sid"
    assert recorder.max_events == (conf.max_events_per_stack or None)


def test_gate_hands_the_nested_runner_to_resources(service):
    gate = service.context.gate({"resource_registry": {}})
    assert gate.board is service.context.hook_board
    assert gate.nested is service.nested

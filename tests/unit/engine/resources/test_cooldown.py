"""The autoscaling cooldown kept in a group's metadata."""

from __future__ import annotations

from heatlite.engine.resources import cooldown

NOW = "2030-01-01T12:00:00.000001"


def test_finished_sets_the_end_and_clears_the_flag():
    meta = cooldown.finished({"scaling_in_progress": True, "x": 1}, 60, "why", NOW)
    assert meta == {"x": 1, "scaling_in_progress": False,
                    "cooldown_end": {"2030-01-01T12:01:00.000001": "why"}}
    # A shorter cooldown never moves the end earlier; no change, no new end.
    assert cooldown.finished(meta, 0, "again", NOW)["cooldown_end"] == {
        "2030-01-01T12:01:00.000001": "again"}
    assert cooldown.finished(meta, 0, "none", NOW, size_changed=False)[
        "cooldown_end"] == meta["cooldown_end"]


def test_refusal_in_cooldown_or_while_scaling():
    meta = cooldown.finished({}, 60, "why", NOW)
    assert cooldown.refusal(meta, 60, NOW) == "due to cooldown, cooldown 60"
    assert cooldown.refusal(meta, None, "2030-01-01T12:01:00.5") is None
    assert cooldown.refusal(cooldown.started(meta), 0, "2031-01-01T00:00:00") == \
        "due to scaling activity"
    assert cooldown.refusal({}, 60, NOW) is None
    assert cooldown.sanitized(-5) == 0 and cooldown.sanitized(None) == 0

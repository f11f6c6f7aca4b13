"""EventController against Heat's samples."""

from __future__ import annotations

from tests.unit.api import fakes
from tests.unit.api import samples

BASE = "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID)


def test_stack_events_match_sample(app, engine):
    resp = fakes.request(app, BASE + "/events")
    assert resp.status_int == 200
    assert resp.json == samples.EVENT_LIST["body"]
    assert engine.last("list_events") == {"stack_identity": fakes.IDENTITY, "filters": None}


def test_paging_and_filters_are_passed(app, engine):
    fakes.request(app, BASE + "/events?limit=2&marker=m&sort_dir=asc&sort_keys=event_time"
                              "&nested_depth=1&resource_status=COMPLETE")
    assert engine.last("list_events") == {
        "stack_identity": fakes.IDENTITY, "filters": {"resource_status": "COMPLETE"},
        "limit": 2, "marker": "m", "sort_dir": "asc", "sort_keys": ["event_time"],
        "nested_depth": 1}


def test_bad_limit_is_400(app):
    resp = fakes.request(app, BASE + "/events?limit=two")
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == "Only integer is acceptable by 'limit'."


def test_resource_events_match_sample(app, engine):
    resp = fakes.request(app, BASE + "/resources/rand/events")
    assert resp.json == samples.RESOURCE_EVENT_LIST["body"]
    assert engine.last("list_events")["filters"] == {"resource_name": "rand"}


def test_resource_without_events_is_404(app):
    resp = fakes.request(app, BASE + "/resources/ghost/events")
    assert resp.status_int == 404
    assert resp.json["error"]["message"] == "No events found for resource ghost"


def test_event_show_matches_sample(app, engine):
    event_id = samples.EVENT_SHOW["body"]["event"]["id"]
    resp = fakes.request(app, BASE + "/resources/rand/events/" + event_id)
    assert resp.json == samples.EVENT_SHOW["body"]
    assert engine.last("list_events")["filters"] == {"resource_name": "rand",
                                                     "uuid": event_id}


def test_event_show_ignores_a_non_matching_answer(app):
    resp = fakes.request(app, BASE + "/resources/rand/events/other-id")
    assert resp.status_int == 404
    assert resp.json["error"]["message"] == "No event other-id found"

"""heatlite.common.messaging: option defaults without the broker drivers."""

from __future__ import annotations

import datetime

from oslo_config import cfg
from oslo_serialization import jsonutils

from heatlite.common import messaging
from tests.unit import fresh_python


def test_set_defaults_gives_fake_transport_and_heat_exchange() -> None:
    conf = cfg.ConfigOpts()
    messaging.set_defaults(conf)
    conf([], default_config_files=[])
    assert conf.transport_url == messaging.DEFAULT_URL
    assert conf.control_exchange == "heat"


def test_configured_transport_url_wins(tmp_path) -> None:
    path = tmp_path / "heat.conf"
    path.write_text("[DEFAULT]\ntransport_url = rabbit://u:p@host:5672/\n")
    conf = cfg.ConfigOpts()
    messaging.set_defaults(conf)
    conf(["--config-file", str(path)], default_config_files=[])
    assert conf.transport_url == "rabbit://u:p@host:5672/"


def test_set_defaults_loads_no_broker_driver() -> None:
    # In a fresh interpreter: this test process may have kombu already.
    code = ("import sys\n"
            "from oslo_config import cfg\n"
            "from heatlite.common import messaging\n"
            "messaging.set_defaults(cfg.ConfigOpts())\n"
            "print(sorted(m for m in ('kombu', 'amqp') if m in sys.modules))\n")
    assert fresh_python.run(code) == "[]"


def test_plain_json_is_sent_as_it_is_and_the_rest_made_primitive() -> None:
    serializer = messaging.RequestContextSerializer()
    plain = {"stacks": [{"id": "x", "tags": None, "n": 1, "f": 2.5, "ok": True}]}
    assert serializer.serialize_entity(None, plain) is plain
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    for value in ({"when": when}, [("a", 1)], {1: "x"}, {"set": {1}}):
        assert not messaging.is_plain_json(value)
        assert serializer.serialize_entity(None, value) == \
            jsonutils.to_primitive(value, convert_instances=True)


def test_display_url_hides_every_hosts_password() -> None:
    assert messaging.display_url(
        "rabbit://heat:s3cret@mq1:5672,heat:other%40pw@mq2:5672/heat?ssl=1") == (
        "rabbit://heat:***@mq1:5672,heat:***@mq2:5672/heat?ssl=1")
    assert messaging.display_url("rabbit://guest:@127.0.0.1:5672/") == (
        "rabbit://guest:***@127.0.0.1:5672/")
    assert messaging.display_url("rabbit://mq1:5672/") == "rabbit://mq1:5672/"
    assert messaging.display_url(None) == "fake://"

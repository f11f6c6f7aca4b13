"""Signal tokens and URLs: one resource only, unforgeable without the key."""

import os
import stat

import pytest

from heatlite.common import exception
from heatlite.engine.software import signal_urls
from tests.unit.db import fixtures


@pytest.fixture
def conf(tmp_path):
    conf = fixtures.make_conf(state_path=str(tmp_path))
    conf.set_override("bind_host", "0.0.0.0", group="heat_api")
    conf.set_override("host", "engine.example")
    return conf


def test_generated_key_is_kept_private_and_reused(conf, tmp_path):
    first = signal_urls.token(conf, "t", "sid", "handle", "uuid-1")
    path = tmp_path / signal_urls.SECRET_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    signal_urls._keys.clear()
    assert signal_urls.token(conf, "t", "sid", "handle", "uuid-1") == first


def test_token_binds_every_part(conf):
    base = ("t", "sid", "handle", "uuid-1")
    good = signal_urls.token(conf, *base)
    signal_urls.verify(conf, good, *base)
    for changed in (("t2", "sid", "handle", "uuid-1"), ("t", "sid2", "handle", "uuid-1"),
                    ("t", "sid", "other", "uuid-1"), ("t", "sid", "handle", "uuid-2")):
        with pytest.raises(exception.HeatSignatureError):
            signal_urls.verify(conf, good, *changed)
    for bad in (None, "", good[:-1], "é" + good[1:]):
        with pytest.raises(exception.HeatSignatureError):
            signal_urls.verify(conf, bad, *base)


def test_configured_secret_wins(conf):
    before = signal_urls.token(conf, "t", "s", "r", "u")
    conf.set_override("signal_url_secret", "from heat.conf")
    assert signal_urls.token(conf, "t", "s", "r", "u") != before


def test_urls(conf):
    url = signal_urls.signed_url(conf, "ten ant", "st", "sid", "r/x", "u")
    assert url.startswith("http://engine.example:8004/v1/signal/ten%20ant/stacks/st/sid/"
                          "resources/r%2Fx?token=")
    assert signal_urls.parse_signed_url(url) == ("ten ant", "st", "sid", "r/x")
    assert signal_urls.parse_signed_url("http://h/v1/t/stacks/s") is None
    conf.set_override("url", "https://heat.example/v1/%(tenant_id)s", group="clients_heat")
    assert signal_urls.native_signal_url(conf, "t", "st", "sid", "r") == \
        "https://heat.example/v1/t/stacks/st/sid/resources/r/signal"
    assert signal_urls.endpoint(conf, "t", "st", "sid", "r") == \
        "https://heat.example/v1/signal/t/stacks/st/sid/resources/r"

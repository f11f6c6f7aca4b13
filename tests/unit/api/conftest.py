"""Fixtures for the API tests: a parsed CONF and a fake engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import cfg
from oslo_config import fixture as config_fixture

from tests.unit.api import fakes


@pytest.fixture
def conf() -> Iterator[config_fixture.Config]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


@pytest.fixture
def engine() -> fakes.FakeEngine:
    return fakes.FakeEngine()


@pytest.fixture
def app(conf: cfg.ConfigOpts, engine: fakes.FakeEngine) -> object:
    return fakes.pipeline_app(engine)

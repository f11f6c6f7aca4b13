"""Fixtures for the common tests: the API tests' parsed CONF, which a test
may change (``conf.config(...)``)."""

from tests.unit.api.conftest import conf

__all__ = ["conf"]

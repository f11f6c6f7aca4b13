"""Custom constraints that need no other service, with Heat's messages."""

import pytest

from heatlite.common import exception
from heatlite.engine import constraints
from heatlite.engine import custom_constraints as custom


@pytest.mark.parametrize("name, good, bad", [
    ("ip_addr", ["10.0.0.1", "::1"], ["10.0.0.300", "x", 5]),
    ("mac_addr", ["00:11:22:33:44:55"], ["zz", "not a mac"]),
    ("net_cidr", ["10.0.0.0/24", "fd00::/8"], ["10.0.0.1/24", "10.0.0.0", "x/8"]),
    ("ip_or_cidr", ["10.0.0.1", "10.0.0.0/8"], ["10.0.0.0/33", "nope"]),
    ("dns_name", ["host.example.com", "a-b.c."], ["-a.com", "a..b", "x.123", "a" * 64]),
    ("rel_dns_name", ["host", "", "a.b"], ["host.example.com.", "a" * 253]),
    ("dns_domain", ["example.com.", ""], ["example.com", "-x.com."]),
    ("iso_8601", ["2020-01-02T03:04:05Z", "2020-01-02"], ["yesterday", "2020-13-01"]),
    ("cron_expression", ["*/5 * * * *", "0 0 1 jan mon", "", "0 0 * * * *"],
     ["* * *", "61 * * * *", "a b c d e"]),
    ("timezone", ["Europe/Paris", "UTC", ""], ["Mars/Olympus"]),
    ("json_string", ['{"a": 1}', ""], ["{a"]),
    ("expiration", ["2999-01-01T00:00:00Z", ""], ["2000-01-01T00:00:00Z", "soon"]),
])
def test_checks(name, good, bad):
    c = constraints.CustomConstraint(name)
    for value in good:
        c.validate(value)
    for value in bad:
        with pytest.raises(ValueError, match="Error validating value"):
            c.validate(value)


def test_messages():
    with pytest.raises(ValueError) as err:
        constraints.CustomConstraint("dns_domain").validate("example.com")
    assert str(err.value) == ("Error validating value 'example.com': 'example.com' must end "
                              "with '.'.")
    with pytest.raises(ValueError, match="Invalid timezone"):
        constraints.CustomConstraint("timezone").validate("Nowhere/Land")
    with pytest.raises(ValueError, match='"x" does not validate nope .constraint not found.'):
        constraints.CustomConstraint("nope").validate("x")
    with pytest.raises(ValueError, match="^described$"):
        constraints.CustomConstraint("ip_addr", "described").validate("x")


def test_service_backed_constraints_are_501():
    with pytest.raises(exception.NotImplementedYet, match="nova.flavor"):
        constraints.CustomConstraint("nova.flavor")


def test_dns_rules():
    assert custom.dns_format_error("a" * 256) is not None
    assert custom.dns_format_error("ok.example") is None

"""The custom constraints that need no other service, by Heat's names.

``custom_constraint: ip_addr`` and the like, on parameters and properties.
A check returns None when the value is valid, else the reason; the
constraint wraps it in Heat's "Error validating value '...': ..." text.
Constraints that ask another service (``nova.flavor``, ``neutron.network``
...) cannot be checked here and are refused with a clear 501.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

import iso8601
import netaddr

Check = Callable[[Any], "str | None"]

FQDN_MAX_LEN = 255
_DNS_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
# Value of a check that failed without a reason of its own.
NO_REASON = ""


def _ip(value: Any) -> str | None:
    if not isinstance(value, str):
        return "Invalid IP address"
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return "Invalid IP address"
    return None


def _mac(value: Any) -> str | None:
    try:
        return None if netaddr.valid_mac(value) else "Invalid MAC address."
    except Exception:  # netaddr refuses non-strings with assorted errors
        return "Invalid MAC address."


def dns_format_error(value: str) -> str | None:
    """Why ``value`` is not a DNS name (Heat's rules and messages), or None."""
    if not value:
        return None
    trimmed = value[:-1] if value.endswith(".") else value
    if len(trimmed) > FQDN_MAX_LEN:
        return "'%s' exceeds the %s character FQDN limit" % (trimmed, FQDN_MAX_LEN)
    names = trimmed.split(".")
    for name in names:
        if not name:
            return "Encountered an empty component."
        if name.startswith("-") or name.endswith("-"):
            return "Name '%s' must not start or end with a hyphen." % name
        if not _DNS_LABEL.match(name):
            return ("Name '%s' must be 1-63 characters long, each of which can only be "
                    "alphanumeric or a hyphen." % name)
    if len(names) > 1 and re.match("^[0-9]+$", names[-1]):
        return "TLD '%s' must not be all numeric" % names[-1]
    return None


def _dns_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return "'%s' not in valid format. Reason: not a string" % (value,)
    reason = dns_format_error(value)
    if reason:
        return "'%s' not in valid format. Reason: %s" % (value, reason)
    return None


def _rel_dns_name(value: Any) -> str | None:
    if not value:
        return None
    if isinstance(value, str) and value.endswith("."):
        return "'%s' is a FQDN. It should be a relative domain name." % value
    if isinstance(value, str) and len(value) > FQDN_MAX_LEN - 3:
        return ("'%s' contains '%s' characters. Adding a domain name will cause it to "
                "exceed the maximum length of a FQDN of '%s'."
                % (value, len(value), FQDN_MAX_LEN))
    return _dns_name(value)


def _dns_domain(value: Any) -> str | None:
    if not value:
        return None
    reason = _dns_name(value)
    if reason:
        return reason
    if not value.endswith("."):
        return "'%s' must end with '.'." % value
    return None


def _subnet(value: str) -> str | None:
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "'%s' is not a valid IP subnet" % value
    if "/" not in value:
        return "'%s' is not a valid IP subnet" % value
    if str(net) != value:
        return "'%s' isn't a recognized IP subnet cidr, '%s' is recommended" % (value, net)
    return None


def _net_cidr(value: Any) -> str | None:
    if not isinstance(value, str):
        return "Invalid net cidr %s " % (value,)
    return _subnet(value)


def _ip_or_cidr(value: Any) -> str | None:
    if not isinstance(value, str):
        return "%s is not a valid IP or CIDR" % (value,)
    if "/" in value:
        return _subnet(value)
    return None if _ip(value) is None else "'%s' is not a valid IP address" % value


def _iso_8601(value: Any) -> str | None:
    try:
        iso8601.parse_date(value)
    except Exception:  # any failure to parse means "not a timestamp"
        return NO_REASON
    return None


def _cron(value: Any) -> str | None:
    if not value:
        return None
    reason = cron_error(value)
    return None if reason is None else "Invalid CRON expression: %s" % reason


_CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7), (0, 59), (1970, 2099))
_CRON_NAMES = {3: ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                   "nov", "dec"),
               4: ("sun", "mon", "tue", "wed", "thu", "fri", "sat")}


def cron_error(value: Any) -> str | None:
    """Why ``value`` is not a cron expression (5 to 7 fields), or None."""
    if not isinstance(value, str):
        return "Invalid type for cron expression"
    fields = value.split()
    if not 5 <= len(fields) <= 7:
        return "Exactly 5, 6 or 7 columns has to be specified for iterator expression."
    for index, field in enumerate(fields):
        for part in field.split(","):
            if not _cron_part_ok(index, part.lower()):
                return "[%s] is not acceptable" % value
    return None


def _cron_part_ok(index: int, part: str) -> bool:
    low, high = _CRON_FIELDS[index]
    names = _CRON_NAMES.get(index, ())
    body, _sep, step = part.partition("/")
    if step and not (step.isdigit() and int(step) > 0):
        return False
    if body in ("*", "?") or (index == 2 and body == "l"):
        return True

    def number(text: str) -> int | None:
        if text in names:
            return names.index(text) + (1 if index == 3 else 0)
        if text.isdigit() and low <= int(text) <= high:
            return int(text)
        return None

    first, dash, last = body.partition("-")
    if number(first) is None:
        return False
    return not dash or number(last) is not None


def _timezone(value: Any) -> str | None:
    if not value:
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except Exception as exc:  # ValueError, ZoneInfoNotFoundError, TypeError...
        return "Invalid timezone: %s" % exc
    return None


def _json_string(value: Any) -> str | None:
    if not value:
        return None
    try:
        json.loads(value)
    except (TypeError, ValueError) as exc:
        return "JSON string %s is invalid: %s" % (value, exc)
    return None


def _expiration(value: Any) -> str | None:
    if not value:
        return None
    try:
        when = iso8601.parse_date(value.strip())
        if when <= datetime.datetime.now(datetime.timezone.utc):
            raise ValueError("Expiration time is out of date.")
    except Exception as exc:  # unparsable or past: both are the value's fault
        return "Expiration %s is invalid: %s" % (value, exc)
    return None


CHECKS: dict[str, Check] = {
    "ip_addr": _ip, "mac_addr": _mac, "dns_name": _dns_name,
    "rel_dns_name": _rel_dns_name, "dns_domain": _dns_domain, "net_cidr": _net_cidr,
    "ip_or_cidr": _ip_or_cidr, "iso_8601": _iso_8601, "cron_expression": _cron,
    "timezone": _timezone, "json_string": _json_string, "expiration": _expiration,
}


def needs_service(name: str) -> bool:
    """Heat's service-backed constraints are named ``<service>.<entity>``."""
    return "." in name


def error_text(value: Any, reason: str) -> str:
    """Heat's message for a value that failed a custom constraint."""
    if reason:
        return "Error validating value '%s': %s" % (value, reason)
    return "Error validating value '%s'" % (value,)

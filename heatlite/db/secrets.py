"""Secrets at rest: which stored values are encrypted, with which key.

Two kinds of columns (doc/source/secrets.rst): those encrypted only when
``encrypt_parameters_and_properties`` is set (resource properties, Heat's
rule) and those always encrypted (resource and attribute data, which hold
OS::Heat::RandomString's value, events' properties, stack outputs,
snapshots). A sealed JSON document is stored as ``{SEALED: [method,
token]}``; a raw template's environment keeps Heat's own shape instead:
each hidden parameter's value is a ``[method, token]`` pair and
``encrypted_param_names`` lists them. Reads open whatever is sealed, so
flipping the option never strands a row. The key is the process's
(``configure``); heatlite-manage passes keys explicitly to rotate them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg
from oslo_log import log as logging

from heatlite.common import config, crypt, exception

SEALED = "__heatlite_encrypted__"
ENCRYPTED_NAMES = "encrypted_param_names"
DEFAULT_KEY = "notgood but just long enough i t"


@dataclasses.dataclass(slots=True)
class _Keyring:
    key: str = DEFAULT_KEY
    encrypt_all: bool = False


_KEYRING = _Keyring()
LOG = logging.getLogger(__name__)


class UnusableKey(ValueError):
    """The configured key cannot make a cipher key (a start-up error)."""


def configure(conf: cfg.ConfigOpts) -> None:
    """Take the key and the option from ``conf``; InvalidEncryptionKey when
    the key cannot make a cipher key (refused at start, not at first write)."""
    config.register_opts(conf)
    try:
        crypt.check_key(conf.auth_encryption_key)
    except exception.InvalidEncryptionKey:
        raise UnusableKey("auth_encryption_key must be at least %d bytes long (%d are "
                          "used; a shorter key is doubled)"
                          % (crypt.KEY_LENGTH // 2, crypt.KEY_LENGTH)) from None
    _KEYRING.key = conf.auth_encryption_key
    _KEYRING.encrypt_all = bool(conf.encrypt_parameters_and_properties)
    if _KEYRING.encrypt_all and conf.auth_encryption_key == DEFAULT_KEY:
        # Heat's default: anyone who has read its source can open the rows.
        LOG.warning("auth_encryption_key is the default one; set your own "
                    "(doc/source/secrets.rst) and rotate with heatlite-manage update_params")


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and SEALED in value


def seal(value: Any, always: bool, key: str | None = None) -> Any:
    """``value`` sealed when its column asks for it (``always``, or the
    option); empty values stay as they are (they hold nothing secret and
    are read on every walk)."""
    if not value or is_sealed(value) or not (always or _KEYRING.encrypt_all):
        return value
    return {SEALED: crypt.encrypt_json(value, key or _KEYRING.key)}


def unseal(value: Any, key: str | None = None) -> Any:
    """``value`` opened if it was sealed."""
    if not is_sealed(value):
        return value
    return crypt.decrypt_json(value[SEALED], key or _KEYRING.key)


def hidden_parameter_names(template: Any) -> list[str]:
    """The parameters a stored template declares hidden (HOT ``hidden``,
    CFN ``NoEcho``), read from the raw document: the db layer stores
    templates without parsing them."""
    if not isinstance(template, Mapping):
        return []
    params = template.get("parameters", template.get("Parameters"))
    if not isinstance(params, Mapping):
        return []
    names = []
    for name, schema in params.items():
        if isinstance(schema, Mapping):
            flag = schema.get("hidden", schema.get("NoEcho", False))
            if str(flag).lower() == "true":
                names.append(str(name))
    return names


def seal_environment(environment: Any, template: Any, key: str | None = None,
                     encrypt: bool | None = None) -> Any:
    """The environment to store: when encrypting (by default, with the
    option set), the template's hidden parameters' values encrypted and
    named in ``encrypted_param_names``; else clear."""
    if not isinstance(environment, Mapping):
        return environment
    env = dict(environment)
    params = env.get("parameters")
    if encrypt is None:
        encrypt = _KEYRING.encrypt_all
    if not encrypt or not isinstance(params, Mapping):
        return open_environment(env, key) if env.get(ENCRYPTED_NAMES) else env
    params = dict(params)
    done = set(env.get(ENCRYPTED_NAMES) or ())
    for name in hidden_parameter_names(template):
        if name in params and name not in done:
            params[name] = crypt.encrypt_json(params[name], key or _KEYRING.key)
            done.add(name)
    env["parameters"] = params
    env[ENCRYPTED_NAMES] = sorted(done)
    return env


def open_environment(environment: Any, key: str | None = None) -> Any:
    """The environment with its encrypted parameters opened (and
    ``encrypted_param_names`` emptied: nothing in it is encrypted now)."""
    if not isinstance(environment, Mapping) or not environment.get(ENCRYPTED_NAMES):
        return environment
    env = dict(environment)
    params = dict(env.get("parameters") or {})
    for name in env[ENCRYPTED_NAMES]:
        if crypt.is_pair(params.get(name)):
            params[name] = crypt.decrypt_json(params[name], key or _KEYRING.key)
    env["parameters"] = params
    env[ENCRYPTED_NAMES] = []
    return env


def hidden_values(template: Any, environment: Any) -> set[str]:
    """The clear values of a template's hidden parameters, as text (what
    events must never carry): given in the environment, else defaults."""
    env = open_environment(environment) if isinstance(environment, Mapping) else {}
    given = (env or {}).get("parameters") or {}
    declared = template.get("parameters", template.get("Parameters")) or {}
    values: set[str] = set()
    for name in hidden_parameter_names(template):
        value = given.get(name, (declared.get(name) or {}).get(
            "default", (declared.get(name) or {}).get("Default")))
        if value not in (None, ""):
            values.add(value if isinstance(value, str) else str(value))
    return values

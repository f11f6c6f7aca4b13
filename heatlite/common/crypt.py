"""The symmetric cipher of secrets at rest (hidden parameters, properties,
attribute and plugin data), keyed by ``auth_encryption_key``.

The stored form is Heat's: a pair ``[method, token]`` where method is
``cryptography_decrypt_v1`` and token a Fernet token (AES-128-CBC with an
HMAC-SHA256) whose key is the base64 of the first 32 bytes of the
configured key, so a value Heat wrote with the same key opens here and the
other way round (doc/source/secrets.rst says why that matters). Nothing here reads
configuration: callers pass the key.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from cryptography import fernet

from heatlite.common import exception

METHOD = "cryptography_decrypt_v1"
KEY_LENGTH = 32


@functools.lru_cache(maxsize=4)  # the configured key, and a previous one while rotating
def _fernet(key: str) -> fernet.Fernet:
    raw = key.encode("utf-8")
    if len(raw) < KEY_LENGTH:
        raw = raw * 2  # Heat's rule for a short key: doubled, then cut.
    raw = raw[:KEY_LENGTH]
    if len(raw) != KEY_LENGTH:
        raise exception.InvalidEncryptionKey()
    return fernet.Fernet(base64.urlsafe_b64encode(raw))


def check_key(key: str) -> None:
    """InvalidEncryptionKey unless ``key`` makes a 32-byte cipher key."""
    _fernet(key)


def encrypt(value: str, key: str) -> list[str]:
    """``[method, token]`` for the text ``value``."""
    return [METHOD, _fernet(key).encrypt(value.encode("utf-8")).decode("ascii")]


def decrypt(pair: Any, key: str) -> str:
    """The text sealed in ``pair``; InvalidEncryptionKey when the key does
    not open it (or the pair is not one this module wrote)."""
    if not is_pair(pair):
        raise exception.InvalidEncryptionKey()
    method, token = pair
    if method != METHOD:
        # Heat's pre-Liberty oslo_decrypt_v1 values: re-encrypt them with
        # heat-manage before moving the database.
        raise exception.InvalidEncryptionKey()
    try:
        return _fernet(key).decrypt(token.encode("ascii")).decode("utf-8")
    except (fernet.InvalidToken, UnicodeError):
        raise exception.InvalidEncryptionKey() from None


def is_pair(value: Any) -> bool:
    """Whether ``value`` has the shape of an encrypted pair."""
    return (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(item, str) for item in value)
            and value[0].endswith("_decrypt_v1"))


def encrypt_json(value: Any, key: str) -> list[str]:
    """``encrypt`` of any JSON value (Heat's properties_data form)."""
    return encrypt(json.dumps(value, separators=(",", ":")), key)


def decrypt_json(pair: Any, key: str) -> Any:
    """The JSON value ``encrypt_json`` sealed."""
    return json.loads(decrypt(pair, key))

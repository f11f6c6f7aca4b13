"""heatlite.common.crypt: Heat's stored form, wrong keys refused."""

from __future__ import annotations

import base64

import pytest
from cryptography import fernet

from heatlite.common import crypt, exception

KEY = "0123456789abcdef0123456789abcdef"


def test_round_trip_of_text_and_json():
    pair = crypt.encrypt("s3cret ü", KEY)
    assert pair[0] == "cryptography_decrypt_v1" and "s3cret" not in pair[1]
    assert crypt.decrypt(pair, KEY) == "s3cret ü"
    assert crypt.decrypt_json(crypt.encrypt_json({"a": [1, "b"]}, KEY), KEY) == {"a": [1, "b"]}


def test_same_token_format_as_heat():
    # Heat's key: base64 of the key's first 32 bytes, read by Fernet.
    token = fernet.Fernet(base64.b64encode(KEY.encode())).encrypt(b"from heat")
    assert crypt.decrypt(["cryptography_decrypt_v1", token.decode()], KEY) == "from heat"


def test_short_key_is_doubled_as_heat_does():
    short = "0123456789abcdef"
    assert crypt.decrypt(crypt.encrypt("x", short), short * 2) == "x"


@pytest.mark.parametrize("key", ["", "short"])
def test_unusable_key_refused(key):
    with pytest.raises(exception.InvalidEncryptionKey):
        crypt.check_key(key)


@pytest.mark.parametrize("pair", [["oslo_decrypt_v1", "abc"], "text", ["a", "b", "c"]])
def test_what_cannot_be_opened_is_refused(pair):
    with pytest.raises(exception.InvalidEncryptionKey):
        crypt.decrypt(pair, KEY)


def test_wrong_key_refused():
    with pytest.raises(exception.InvalidEncryptionKey):
        crypt.decrypt(crypt.encrypt("x", KEY), KEY[::-1])

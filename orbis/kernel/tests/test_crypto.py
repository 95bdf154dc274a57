"""AES-GCM tokens: round trip, tampering, AAD binding, wrong key; keyring rules; blind index."""

import base64
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from orbis.kernel import crypto


def key_text() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def fresh_keyring(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "keyring.json"
    with override_settings(KEYRING_JSON="", KEYRING_FILE=str(path), KEYRING_GENERATE=True):
        crypto.reset_keyring()
        yield path
    crypto.reset_keyring()


def test_round_trip_and_a_fresh_nonce_each_time(fresh_keyring: Path) -> None:
    first = crypto.encrypt("anna.muller@example.de", "emea", "customers.contactpoint.value")
    second = crypto.encrypt("anna.muller@example.de", "emea", "customers.contactpoint.value")

    assert first.startswith("enc1$emea-1$")
    assert first != second
    assert "anna" not in first
    assert crypto.decrypt(first, "customers.contactpoint.value") == "anna.muller@example.de"
    assert crypto.decrypt(second, "customers.contactpoint.value") == "anna.muller@example.de"


def test_development_keyring_file_is_private_and_keeps_one_key_per_region(
    fresh_keyring: Path,
) -> None:
    crypto.encrypt("x", "emea")
    crypto.encrypt("y", "apac")
    crypto.blind_index("email", "a@b.c")

    document = json.loads(fresh_keyring.read_text())
    assert oct(os.stat(fresh_keyring).st_mode & 0o777) == "0o600"
    assert document["current"] == {"emea": "emea-1", "apac": "apac-1"}
    assert set(document["keys"]) == {"emea-1", "apac-1"}
    assert document["index_key"]


def test_a_tampered_token_is_refused(fresh_keyring: Path) -> None:
    token = crypto.encrypt("+4930123456", "emea")
    prefix, body = token.rsplit("$", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]

    with pytest.raises(crypto.DecryptionError, match="altered"):
        crypto.decrypt(f"{prefix}${flipped}")
    with pytest.raises(crypto.DecryptionError, match="malformed"):
        crypto.decrypt("enc1$emea-1")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("enc1$emea-1$!!!")
    with pytest.raises(crypto.DecryptionError, match="too short"):
        crypto.decrypt("enc1$emea-1$AAAA")


def test_the_aad_binds_a_token_to_its_field(fresh_keyring: Path) -> None:
    token = crypto.encrypt("Hauptstraße 1", "emea", "customers.contact.addresses")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "customers.contact.birth_date")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_a_token_naming_another_regions_key_does_not_open(fresh_keyring: Path) -> None:
    token = crypto.encrypt("secret", "emea")
    crypto.encrypt("other", "apac")
    forged = token.replace("$emea-1$", "$apac-1$")

    with pytest.raises(crypto.DecryptionError, match="apac-1"):
        crypto.decrypt(forged)
    with pytest.raises(crypto.KeyNotFound):
        crypto.decrypt(token.replace("$emea-1$", "$emea-9$"))


def test_rotation_seals_new_values_with_the_new_key_and_old_tokens_still_open(
    fresh_keyring: Path,
) -> None:
    old = crypto.encrypt("before", "emea")
    ring = crypto.keyring()
    assert isinstance(ring, crypto.LocalKeyring)

    assert ring.add_key("emea") == "emea-2"
    new = crypto.encrypt("after", "emea")

    assert crypto.token_key_id(old) == "emea-1"
    assert crypto.token_key_id(new) == "emea-2"
    assert crypto.decrypt(old) == "before"
    crypto.reset_keyring()  # another process reading the file sees the same
    assert crypto.decrypt(new) == "after"
    assert crypto.decrypt(old) == "before"


def test_production_keyring_without_a_key_for_a_region_is_a_clear_error() -> None:
    document = {"keys": {"emea-1": key_text()}, "current": {"emea": "emea-1"}}
    with override_settings(
        KEYRING_JSON=json.dumps(document), KEYRING_FILE="", KEYRING_GENERATE=False
    ):
        crypto.reset_keyring()
        try:
            assert crypto.decrypt(crypto.encrypt("ok", "emea")) == "ok"
            with pytest.raises(crypto.KeyNotFound, match="no key for 'apac'"):
                crypto.encrypt("x", "apac")
            with pytest.raises(crypto.KeyNotFound, match="index_key"):
                crypto.blind_index("email", "a@b.c")
        finally:
            crypto.reset_keyring()


def test_a_malformed_keyring_is_refused() -> None:
    with pytest.raises(crypto.CryptoError, match="32 bytes"):
        crypto.LocalKeyring(data=json.dumps({"keys": {"emea-1": "c2hvcnQ="}}))
    with pytest.raises(crypto.CryptoError, match="not in keys"):
        crypto.LocalKeyring(data=json.dumps({"keys": {}, "current": {"emea": "emea-1"}}))
    with pytest.raises(crypto.CryptoError, match="does not exist"):
        crypto.LocalKeyring(path="/nonexistent/keyring.json")


def test_blind_index_normalises_emails_and_phones(fresh_keyring: Path) -> None:
    email = crypto.blind_index("email", "anna@example.de")

    assert crypto.blind_index("email", "  Anna@EXAMPLE.de ") == email
    assert crypto.blind_index("email", "anna@example.com") != email
    assert crypto.blind_index("email_domain", "example.de") != email  # separate per purpose
    phone = crypto.blind_index("phone", "+49 30 1234567")
    assert crypto.blind_index("phone", "0049 (30) 123-4567") == phone
    assert crypto.blind_index("phone", "+49301234567") == phone
    assert len(phone) == 64 and int(phone, 16) >= 0


def test_blind_index_depends_on_the_index_key(fresh_keyring: Path, tmp_path: Path) -> None:
    first = crypto.blind_index("email", "anna@example.de")
    with override_settings(KEYRING_FILE=str(tmp_path / "other.json")):
        crypto.reset_keyring()
        assert crypto.blind_index("email", "anna@example.de") != first

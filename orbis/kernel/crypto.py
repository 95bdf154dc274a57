"""Encryption of personal data at rest: per-region keys, AES-GCM tokens and keyed blind indexes.

A value is stored as a self-describing token, ``enc1$<key id>$<base64url(nonce + ciphertext)>``.
The key id names the key that sealed it, so after a rotation old tokens still decrypt (with the
old key) until `orbis keys rotate` re-encrypts them. The AAD (additional authenticated data)
binds a token to where it belongs (model and field): a token copied into another column fails
to decrypt instead of silently showing up there.

Keys come from a `Keyring`. The shipped one reads JSON from ``ORBIS_KEYRING`` or the file named
by ``ORBIS_KEYRING_FILE``; a KMS-backed keyring implements the same protocol and is named by
``ORBIS_KEYRING_BACKEND``. In development the keyring file is created in the data directory and
a key is generated the first time a region needs one.

Exact lookups on encrypted columns go through `blind_index`: a keyed HMAC of the normalised value,
equal for equal values, useless to anyone without the index key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import phonenumbers
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.module_loading import import_string

TOKEN_PREFIX = "enc1$"
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"^[a-z0-9_-]+-[0-9]+$")


class CryptoError(Exception):
    """Base of the errors this module raises on purpose."""


class KeyNotFound(CryptoError):
    """The keyring has no key for a domain or a key id."""


class DecryptionError(CryptoError):
    """A token that is malformed, tampered with, moved to another field or sealed by another key."""


@runtime_checkable
class Keyring(Protocol):
    """What encryption needs from a key store; a KMS-backed keyring implements the same."""

    def current_key_id(self, domain: str) -> str:
        """The id of the key new values of `domain` (a data-region code) are sealed with."""
        ...

    def key(self, key_id: str) -> bytes:
        """The 32 key bytes of `key_id`; `KeyNotFound` if the keyring does not hold it."""
        ...

    def index_key(self) -> bytes:
        """The key of the blind indexes (one for all regions, so lookups work across them)."""
        ...

    def key_ids(self) -> list[str]:
        """Every key id the keyring holds, current or not."""
        ...


def _b64decode_key(text: str, name: str) -> bytes:
    try:
        raw = base64.b64decode(text.encode(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CryptoError(f"Keyring: key {name!r} is not valid base64.") from exc
    if len(raw) != KEY_BYTES:
        raise CryptoError(f"Keyring: key {name!r} must be {KEY_BYTES} bytes, not {len(raw)}.")
    return raw


def _new_key_text() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


class LocalKeyring:
    """A keyring held as JSON in the environment (ORBIS_KEYRING) or a file (ORBIS_KEYRING_FILE).

    The JSON is ``{"keys": {"emea-1": "<base64 of 32 bytes>"}, "current": {"emea": "emea-1"},
    "index_key": "<base64 of 32 bytes>"}``. With `generate` (development) a missing file, index
    key or domain key is created on first use; the file is written 0600 under an exclusive lock,
    so two processes starting at once agree on one key.
    """

    def __init__(self, data: str = "", path: str | Path = "", generate: bool = False) -> None:
        self.path = Path(path) if path else None
        self.generate = generate and self.path is not None
        self._lock = threading.Lock()
        self._keys: dict[str, bytes] = {}
        self._current: dict[str, str] = {}
        self._index_key = b""
        if data:
            self._load(json.loads(data))
        elif self.path is not None:
            if self.path.exists():
                self._load(json.loads(self.path.read_text()))
            elif not self.generate:
                raise CryptoError(f"Keyring file {self.path} does not exist.")
        else:
            raise CryptoError("No keyring: set ORBIS_KEYRING or ORBIS_KEYRING_FILE.")

    def _load(self, document: dict[str, Any]) -> None:
        keys = {str(k): _b64decode_key(str(v), str(k)) for k, v in document.get("keys", {}).items()}
        current = {str(d): str(k) for d, k in document.get("current", {}).items()}
        for domain, key_id in current.items():
            if key_id not in keys:
                raise CryptoError(f"Keyring: current key {key_id!r} of {domain!r} is not in keys.")
        for key_id in keys:
            if not _KEY_ID.match(key_id):
                raise CryptoError(f"Keyring: key id {key_id!r} must look like 'emea-1'.")
        index = document.get("index_key", "")
        self._keys, self._current = keys, current
        self._index_key = _b64decode_key(index, "index_key") if index else b""

    @contextlib.contextmanager
    def _locked_file(self) -> Iterator[dict[str, Any]]:
        """Read-modify-write of the keyring file under an exclusive lock; yields the document."""
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with self._lock, open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                document: dict[str, Any] = (
                    json.loads(self.path.read_text()) if self.path.exists() else {}
                )
                document.setdefault("keys", {})
                document.setdefault("current", {})
                yield document
                temporary = self.path.with_name(self.path.name + ".tmp")
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w") as out:
                    json.dump(document, out, indent=2, sort_keys=True)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
                self._load(document)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def current_key_id(self, domain: str) -> str:
        key_id = self._current.get(domain)
        if key_id is None and self.generate:
            with self._locked_file() as document:
                if domain not in document["current"]:
                    key_id = f"{domain}-1"
                    document["keys"].setdefault(key_id, _new_key_text())
                    document["current"][domain] = key_id
            key_id = self._current.get(domain)
        if key_id is None:
            raise KeyNotFound(
                f"The keyring has no key for {domain!r}: add one to ORBIS_KEYRING "
                f"(or ORBIS_KEYRING_FILE) and make it current for {domain!r}."
            )
        return key_id

    def key(self, key_id: str) -> bytes:
        found = self._keys.get(key_id)
        if found is None and self.path is not None and self.path.exists():
            # Another process may have added it (a rotation, a new region in development).
            self._load(json.loads(self.path.read_text()))
            found = self._keys.get(key_id)
        if found is None:
            raise KeyNotFound(f"The keyring has no key {key_id!r}.")
        return found

    def index_key(self) -> bytes:
        if not self._index_key and self.generate:
            with self._locked_file() as document:
                document.setdefault("index_key", _new_key_text())
        if not self._index_key:
            raise KeyNotFound("The keyring has no index_key (the key of the blind indexes).")
        return self._index_key

    def key_ids(self) -> list[str]:
        return sorted(self._keys)

    def domains(self) -> dict[str, str]:
        """Each domain and its current key id."""
        return dict(self._current)

    def add_key(self, domain: str) -> str:
        """Add the next key version of `domain` and make it current (file keyrings only)."""
        if self.path is None:
            raise CryptoError(
                "This keyring comes from ORBIS_KEYRING; add the new key there and restart."
            )
        with self._locked_file() as document:
            versions = [
                int(k.rsplit("-", 1)[1]) for k in document["keys"] if k.rsplit("-", 1)[0] == domain
            ]
            key_id = f"{domain}-{max(versions, default=0) + 1}"
            document["keys"][key_id] = _new_key_text()
            document["current"][domain] = key_id
        return key_id


@cache
def keyring() -> Keyring:
    """The process's keyring, built from settings once."""
    backend = getattr(settings, "KEYRING_BACKEND", "")
    if backend and backend != "orbis.kernel.crypto.LocalKeyring":
        built: Keyring = import_string(backend)()
        return built
    return LocalKeyring(
        data=getattr(settings, "KEYRING_JSON", ""),
        path=getattr(settings, "KEYRING_FILE", ""),
        generate=bool(getattr(settings, "KEYRING_GENERATE", False)),
    )


def reset_keyring() -> None:
    """Forget the cached keyring (tests that change the settings, after a rotation)."""
    keyring.cache_clear()


@lru_cache(maxsize=64)
def _cipher(key: bytes) -> AESGCM:
    """One AESGCM per key: building it expands the key schedule, the same for every value."""
    return AESGCM(key)


def is_token(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def token_key_id(token: str) -> str:
    """The id of the key that sealed `token`."""
    parts = token.split("$")
    if len(parts) != 3 or parts[0] + "$" != TOKEN_PREFIX or not _KEY_ID.match(parts[1]):
        raise DecryptionError("Not an encrypted value (malformed token).")
    return parts[1]


def encrypt(plaintext: str, domain: str, aad: str = "") -> str:
    """Seal `plaintext` with the current key of `domain`; a fresh random nonce every time."""
    ring = keyring()
    key_id = ring.current_key_id(domain)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _cipher(ring.key(key_id)).encrypt(nonce, plaintext.encode(), aad.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_PREFIX}{key_id}${body}"


def decrypt(token: str, aad: str = "") -> str:
    """Open a token sealed by `encrypt` with the same `aad`; `DecryptionError` if it was altered."""
    key_id = token_key_id(token)
    body = token.rsplit("$", 1)[1]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("Not an encrypted value (its body is not base64).") from exc
    if len(raw) < NONCE_BYTES + 16:
        raise DecryptionError("Not an encrypted value (too short).")
    try:
        opened = _cipher(keyring().key(key_id)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode()
        )
    except InvalidTag as exc:
        raise DecryptionError(
            f"The encrypted value does not authenticate under key {key_id!r}: it was altered, "
            "moved from another record or field, or sealed with another key."
        ) from exc
    return opened.decode()


def normalise(purpose: str, value: str) -> str:
    """The form a blind index is computed over: equal for values that mean the same."""
    text = value.strip()
    if purpose == "phone":
        return normalise_phone(text)
    if purpose in {"email", "email_domain"}:
        return text.casefold().lstrip("@") if purpose == "email_domain" else text.casefold()
    return text.casefold()


def normalise_phone(text: str) -> str:
    """E.164 where the number carries its country code; else its digits behind a '+'."""
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        digits = digits[2:]
    try:
        parsed = phonenumbers.parse("+" + digits)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "+" + digits


def blind_index(purpose: str, value: str) -> str:
    """Keyed HMAC-SHA256 (hex) of the normalised value, separate per purpose."""
    message = purpose.encode() + b"\x00" + normalise(purpose, value).encode()
    return hmac.new(keyring().index_key(), message, hashlib.sha256).hexdigest()

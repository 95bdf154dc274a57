"""HTTP plumbing shared by API endpoints: JSON and problem+json responses, ETag preconditions
and Idempotency-Key replay. Imports no domain app; callers pass plain values in.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .errors import DomainError, PreconditionFailed, PreconditionRequired, ValidationError
from .models import IdempotencyRecord
from .versions import version_matches

JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# Long enough to cover a client's retries after an outage; short enough to keep the table small.
IDEMPOTENCY_TTL = datetime.timedelta(hours=24)
# Response headers worth replaying: the ones a client uses to find and revalidate the record.
_REPLAYED_HEADERS = ("ETag", "Location")


def _default(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default).encode()


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    return HttpResponse(dump_json(data), status=status, content_type=JSON, headers=headers)


def problem_response(
    body: dict[str, Any], headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """An RFC 9457 problem document; `body` carries at least type, title and status."""
    return HttpResponse(
        dump_json(body), status=body["status"], content_type=PROBLEM_JSON, headers=headers
    )


def error_response(error: DomainError, request: HttpRequest | None = None) -> HttpResponse:
    return problem_response(error.to_problem(request.path if request is not None else ""))


# --- ETag / If-Match ----------------------------------------------------------------------------


def if_match_allows(header: str, etag: str) -> bool:
    return version_matches(header, etag)


@contextmanager
def api_version(request: HttpRequest, *, required: bool = True) -> Iterator[str | None]:
    """The If-Match header, as the version a service compares (kernel.versions): 428 when it
    is required and missing; a stale version's 412 names the header."""
    header = request.headers.get("If-Match")
    if header is None and required:
        raise PreconditionRequired(
            "Send If-Match with the ETag you last read, so a concurrent change is not lost.",
            errors=[{"field": "If-Match", "message": "This header is required."}],
        )
    try:
        yield header
    except PreconditionFailed:
        raise PreconditionFailed(
            "The record changed since you read it; fetch it again and reapply your change.",
            errors=[{"field": "If-Match", "message": "Does not match the current ETag."}],
        ) from None


# --- Idempotency-Key ----------------------------------------------------------------------------


def _fingerprint(request: HttpRequest) -> str:
    """Hash of what the request asks for; JSON is canonicalised so key order does not matter."""
    try:
        body = json.dumps(json.loads(request.body), sort_keys=True, separators=(",", ":"))
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    material = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(material.encode()).hexdigest()


def _replay(stored: IdempotencyRecord, fingerprint: str) -> HttpResponse:
    if stored.request_hash != fingerprint:
        raise ValidationError(
            {IDEMPOTENCY_HEADER: "This key was already used with a different request."}
        )
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return json_response(stored.response_body, status=stored.status_code, headers=headers)


def _valid_key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > 255 or not key.isascii() or not key.isprintable():
        raise ValidationError({IDEMPOTENCY_HEADER: "Use 1 to 255 printable ASCII characters."})
    return key


def idempotent(
    request: HttpRequest, principal: str, produce: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run `produce` once per (principal, Idempotency-Key); replay its response on a retry.

    The record is written in the same transaction as the create, so a retry sees either both
    or neither. A concurrent twin fails on the unique key, rolls its own create back and
    replays the winner's response. Failed creates wrote nothing and are not remembered, so a
    client may correct the body and retry with the same key.
    """
    raw_key = request.headers.get(IDEMPOTENCY_HEADER)
    if raw_key is None:
        return produce()
    key = _valid_key(raw_key)
    fingerprint = _fingerprint(request)
    records = IdempotencyRecord.objects.filter(principal=principal, key=key)
    try:
        with transaction.atomic():
            stored = records.first()
            if stored is not None and stored.created_at < timezone.now() - IDEMPOTENCY_TTL:
                stored.delete()
                stored = None
            if stored is not None:
                return _replay(stored, fingerprint)
            response = produce()
            if response.status_code < 400:
                IdempotencyRecord.objects.create(
                    principal=principal,
                    key=key,
                    request_hash=fingerprint,
                    status_code=response.status_code,
                    response_body=json.loads(response.content),
                    headers={h: response[h] for h in _REPLAYED_HEADERS if response.has_header(h)},
                )
            return response
    except IntegrityError:
        stored = records.first()
        if stored is None:
            raise
        return _replay(stored, fingerprint)


def purge_idempotency_records(older_than: datetime.timedelta = IDEMPOTENCY_TTL) -> int:
    """Delete records past their useful life; returns how many went."""
    deleted, _ = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted

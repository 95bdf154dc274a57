"""Domain errors, each mapped to an RFC 9457 problem type with a stable URI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROBLEM_BASE = "https://orbis.dev/problems/"


class DomainError(Exception):
    """Base of every error a service raises on purpose; carries its problem type and status."""

    problem_type = "error"
    title = "Error"
    status = 400

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra

    def to_problem(self, instance: str = "") -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.problem_type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class ValidationError(DomainError):
    """Input broke a rule; `errors` maps each field name to its message(s)."""

    problem_type = "validation-error"
    title = "Invalid input"
    status = 422

    def __init__(self, errors: Mapping[str, str | list[str]], detail: str = "") -> None:
        self.errors = {k: ([v] if isinstance(v, str) else list(v)) for k, v in errors.items()}
        if not detail:
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items())
        super().__init__(detail)

    def to_problem(self, instance: str = "") -> dict[str, Any]:
        body = super().to_problem(instance)
        body["errors"] = [
            {"field": field, "message": message}
            for field, messages in self.errors.items()
            for message in messages
        ]
        return body

    def prefixed(self, prefix: str) -> ValidationError:
        """The same errors with field names nested under `prefix` (e.g. `emails.0.`)."""
        return ValidationError({prefix + k: v for k, v in self.errors.items()})


class NotFound(DomainError):
    """The record does not exist, or the caller may not see it (the two are indistinguishable)."""

    problem_type = "not-found"
    title = "Not found"
    status = 404


class PermissionDenied(DomainError):
    """The caller is known but lacks the permission for this action."""

    problem_type = "permission-denied"
    title = "Permission denied"
    status = 403


class Conflict(DomainError):
    """The request conflicts with the current state (e.g. an idempotency key reused)."""

    problem_type = "conflict"
    title = "Conflict"
    status = 409


class PreconditionFailed(DomainError):
    """The If-Match tag is stale: someone changed the record since it was read."""

    problem_type = "precondition-failed"
    title = "Precondition failed"
    status = 412


class PreconditionRequired(DomainError):
    """An update came without If-Match; lost updates are refused rather than risked."""

    problem_type = "precondition-required"
    title = "Precondition required"
    status = 428

"""Identity tasks: the password reset emails, sent by a worker off the request."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def send_password_reset_emails(
    user_ids: list[str], domain: str, use_https: bool, language: str
) -> dict[str, Any]:
    """Email each user their reset link (identity.password_reset); an empty list sends none."""
    from .password_reset import send_reset_emails

    return {"sent": send_reset_emails(user_ids, domain, use_https, language)}

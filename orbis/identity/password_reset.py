"""Resetting a forgotten password: who gets an email, how often, and in which language.

The page answers the same for every address, known or not, so it cannot tell anyone which
addresses have accounts. The emails are sent by a task (identity.tasks), enqueued for every
request, the empty ones too, so the page also takes the same time either way. Each email is
written in its user's language (their preference, else the language of the page that asked).

Requests are limited per address and per account (settings.PASSWORD_RESET_LIMIT within
PASSWORD_RESET_WINDOW seconds, counted in Django's cache): past the limit the answer stays the
same and nothing is sent, so a stranger cannot flood someone's mailbox. The cache keys hold a
keyed hash of the address, never the address itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from orbis.audit.context import Actor
from orbis.audit.services import record
from orbis.kernel.web.forms import StyledFormMixin
from orbis.kernel.web.ratelimit import count_once

from .middleware import ui_language
from .models import User

SUBJECT_TEMPLATE = "identity/password_reset/email_subject.txt"
BODY_TEMPLATE = "identity/password_reset/email_body.txt"


def _within_limit(key: str, limit: int | None = None) -> bool:
    """Count one request under `key`; False once the window holds more than the limit."""
    count = count_once(key, settings.PASSWORD_RESET_WINDOW)
    return count <= (limit if limit is not None else settings.PASSWORD_RESET_LIMIT)


def address_key(email: str) -> str:
    digest = salted_hmac(
        "orbis.password_reset.address", email.strip().casefold(), algorithm="sha256"
    ).hexdigest()
    return f"password-reset:address:{digest}"


def account_key(user: User) -> str:
    return f"password-reset:account:{user.pk}"


def client_key(client: str) -> str:
    return f"password-reset:client:{client}"


def users_to_email(email: str, client: str = "") -> list[User]:
    """The active accounts with a usable password under `email` that are within their limit;
    nobody when the address, or the client asking (its IP address), is past its limit."""
    if client and not _within_limit(client_key(client), settings.PASSWORD_RESET_CLIENT_LIMIT):
        return []
    if not _within_limit(address_key(email)):
        return []
    candidates = PasswordResetForm().get_users(email)
    return [user for user in candidates if _within_limit(account_key(user))]


def request_reset(
    email: str, *, domain: str, use_https: bool, language: str, client: str = ""
) -> None:
    """What the page does with an address: queue the emails (maybe none) and say nothing."""
    from .tasks import send_password_reset_emails

    ids = [str(user.pk) for user in users_to_email(email, client)]
    send_password_reset_emails.enqueue(ids, domain, use_https, language)


def send_reset_emails(
    user_ids: list[str], domain: str, use_https: bool, fallback_language: str
) -> int:
    """Send each user their reset link, in their language; the number sent."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        if not user.has_usable_password() or not user.email:
            continue
        language = ui_language(user.language) or ui_language(fallback_language) or "en"
        context = {
            "user": user,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        with translation.override(language):
            subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
            body = render_to_string(BODY_TEMPLATE, context)
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.extra_headers["Content-Language"] = language
        message.send()
        record(
            "identity.password_reset_sent",
            user,
            actor=Actor(label="system:password-reset"),
        )
        sent += 1
    return sent


class ResetRequestForm(StyledFormMixin, PasswordResetForm):
    """Django's reset form, sending through request_reset() instead of at once."""

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        use_https: bool = False,
        request: Any = None,
        **kwargs: Any,
    ) -> None:
        domain = domain_override or (request.get_host() if request is not None else "")
        language = translation.get_language() or settings.LANGUAGE_CODE
        client = request.META.get("REMOTE_ADDR", "") if request is not None else ""
        request_reset(
            self.cleaned_data["email"],
            domain=domain,
            use_https=use_https,
            language=language,
            client=client,
        )


class NewPasswordForm(StyledFormMixin, SetPasswordForm):
    """Django's set-password form (with the password validators), styled, and audited."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            record("identity.password_reset_completed", user, actor=Actor.of(user))
        return user

"""Shared steps of the password reset tests: an isolated cache, tasks run at once."""

from __future__ import annotations

import re
import uuid

import pytest


@pytest.fixture
def reset_cache(settings):
    """A cache of this test's own: the limits counted here start at zero and touch no other."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"password-reset-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def tasks_run_at_once(settings):
    """Tasks run as they are enqueued (the worker's part, without a worker process)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def reset_link(body: str) -> str:
    found = re.search(r"https?://testserver(/password-reset/[^/\s]+/[^/\s]+/)", body)
    assert found is not None, f"no reset link in {body!r}"
    return found.group(1)

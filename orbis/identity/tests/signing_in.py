"""Signing in as a person does, through the sign-in page: Client.login() calls authenticate()
without a request, which the sign-in throttle (django-axes) refuses to judge."""

from __future__ import annotations

from django.test import Client


def signs_in(username: str, password: str, client: Client | None = None) -> bool:
    response = (client or Client()).post("/login/", {"username": username, "password": password})
    return response.status_code == 302

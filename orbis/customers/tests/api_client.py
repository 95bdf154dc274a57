"""A thin wrapper over Django's test client that speaks to the API with a bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


class ApiClient:
    """Calls /api/v1 as one token; extra keyword arguments become request headers."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client()

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        kwargs.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        url = path if path.startswith("/") else f"/api/v1/{path}"
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params)}"
        return self.request("get", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("post", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("patch", path, body, **headers)

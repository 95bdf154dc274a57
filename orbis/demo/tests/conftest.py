"""A small demo load shared by this package's tests (the loader builds its own users)."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.demo.loader import LoadResult, load_demo

SMALL = 60


@pytest.fixture
def small_demo(db: Any) -> LoadResult:
    return load_demo(SMALL, seed=7, service_contacts=20, batch_size=16)

"""The query language is pure computation: these tests need no database or Redis cleanup."""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _isolate() -> Iterator[None]:
    # Overrides the project-wide fixture that truncates every table after each test: a few
    # hundred table-driven cases would otherwise spend their time in TRUNCATE.
    yield

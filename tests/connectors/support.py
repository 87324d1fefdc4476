"""Helpers for connector tests: collectors without waiting, and a served fake's handle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.connectors.http import HttpCollector, Politeness, RetryPolicy
from tests.fakes.control import Fake

F = TypeVar("F", bound=Fake)
C = TypeVar("C", bound=HttpCollector)

# Retries still happen (twice), only the backoff is shortened.
FAST_RETRY = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.01)


@dataclass
class Served(Generic[F]):
    fake: F
    url: str


def quick(cls: type[C], **kwargs: Any) -> C:
    """A collector with its own politeness, no spacing and short backoff."""
    kwargs.setdefault("politeness", Politeness())
    kwargs.setdefault("retry", FAST_RETRY)
    kwargs.setdefault("min_interval", 0)
    return cls(**kwargs)

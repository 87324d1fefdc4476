"""Helpers for the JSON cursors collectors hand back (all values are strings)."""

from __future__ import annotations

from collections.abc import Iterable


def split_ids(value: str | None) -> list[str]:
    """Ids stored space-separated in one cursor field."""
    return value.split() if value else []


def join_ids(ids: Iterable[str], limit: int) -> str:
    """Keep the first `limit` distinct ids (callers pass newest first) so cursors stay small."""
    kept: list[str] = []
    seen: set[str] = set()
    for item in ids:
        if item and item not in seen and " " not in item:
            kept.append(item)
            seen.add(item)
            if len(kept) >= limit:
                break
    return " ".join(kept)


def id_order(value: str) -> tuple[int, str]:
    """Sort key for numeric string ids (Mastodon snowflakes) without int overflow worries.

    A longer numeric id is larger; equal lengths compare as text, which is numeric order.
    """
    return (len(value), value) if value.isdigit() else (0, value)


def newer_id(a: str | None, b: str | None) -> str | None:
    if not a:
        return b
    if not b:
        return a
    return max(a, b, key=id_order)

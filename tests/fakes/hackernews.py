"""Fake HN Algolia search API: GET /api/v1/search and /api/v1/search_by_date.

Honours `tags` (comma = AND, parentheses = OR), `numericFilters` on created_at_i, points and
num_comments, `page`/`hitsPerPage`, and answers with hits, nbHits, page, nbPages, hitsPerPage.
`query` is recorded but not matched: the fixture hits all mention the demo brand.
Items are Algolia hits (data/hackernews_hits.json, one deliberately malformed).
"""

from __future__ import annotations

import operator
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, load_json

_NUMERIC = re.compile(r"^(created_at_i|points|num_comments)(>=|<=|>|<|=)(\d+)$")
_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
        "=": operator.eq}


def _tags_match(hit: dict[str, Any], tags: str) -> bool:
    have = set(hit.get("_tags") or [])
    for group in filter(None, (g.strip() for g in re.split(r",(?![^(]*\))", tags))):
        options = {t.strip() for t in group.strip("()").split(",")}
        if not have & options:
            return False
    return True


def _numeric_match(hit: dict[str, Any], filters: str) -> bool:
    for clause in filter(None, (c.strip() for c in filters.split(","))):
        match = _NUMERIC.match(clause)
        if match is None:
            continue
        value = hit.get(match[1])
        if not isinstance(value, int) or not _OPS[match[2]](value, int(match[3])):
            return False
    return True


class HackerNewsFake(Fake):
    def load(self) -> list[Any]:
        return list(load_json("hackernews_hits.json")["hits"])

    def routes(self) -> list[Route]:
        return [Route("/api/v1/search_by_date", self.search_by_date),
                Route("/api/v1/search", self.search_by_date)]

    async def search_by_date(self, request: Request) -> Response:
        q = request.query_params
        try:
            page = int(q.get("page", "0"))
            per_page = min(1000, int(q.get("hitsPerPage", "20")))
        except ValueError:
            return JSONResponse({"message": "invalid page", "status": 400}, status_code=400)
        tags, numeric = q.get("tags", ""), q.get("numericFilters", "")
        hits = [h for h in self.items if _tags_match(h, tags) and _numeric_match(h, numeric)]
        hits.sort(key=lambda h: h.get("created_at_i") or 0, reverse=True)
        nb_pages = (len(hits) + per_page - 1) // per_page
        return JSONResponse({
            "exhaustive": {"nbHits": True, "typo": True}, "exhaustiveNbHits": True,
            "hits": hits[page * per_page:(page + 1) * per_page], "hitsPerPage": per_page,
            "nbHits": len(hits), "nbPages": nb_pages, "page": page,
            "params": request.url.query, "processingTimeMS": 3, "query": q.get("query", ""),
        })

"""Answers already serialized, for hot read endpoints."""

from typing import Any

from pydantic_core import to_json
from starlette.responses import Response


def json_response(content: Any, status_code: int = 200) -> Response:
    """Plain dicts and lists written as JSON by pydantic-core, without building models.

    UUIDs, datetimes and enums come out exactly as pydantic writes them for a model; FastAPI
    neither validates nor serializes a Response again. For content whose types the code
    controls (rows of a known query): keep the model as the route's `response_model`, for
    the OpenAPI document, and a test holding the bytes equal to the model's serialization.
    """
    return Response(to_json(content), status_code=status_code, media_type="application/json")

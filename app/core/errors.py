"""Domain errors carry their HTTP status; one handler renders RFC 9457 problems."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://vigie.dev/problems/"


class VigieError(Exception):
    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None,
                 persist: bool = False, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers
        # Keep the writes made before the error (a revoked token family, an audit entry of a
        # failed login): the request session commits them instead of rolling back.
        self.persist = persist
        if "code" in extra:  # a more specific code than the class's
            self.code = extra.pop("code")
        self.extra = extra


class NotFound(VigieError):
    status, code, title = 404, "not_found", "Not found"


class Unauthorized(VigieError):
    status, code, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str | None = None, *, persist: bool = False, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, persist=persist, **extra)


class Forbidden(VigieError):
    status, code, title = 403, "forbidden", "Not allowed"


class Conflict(VigieError):
    status, code, title = 409, "conflict", "Conflict"


class Invalid(VigieError):
    status, code, title = 422, "invalid", "Invalid request"


class PlanLimit(VigieError):
    status, code, title = 402, "plan_limit", "Plan limit reached"


class RateLimited(VigieError):
    status, code, title = 429, "rate_limited", "Too many requests"


class Unavailable(VigieError):
    status, code, title = 503, "unavailable", "Service unavailable"


class Problem(BaseModel):
    """RFC 9457 problem details, with Vigie's stable `code`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable, machine-readable error code")
    instance: str | None = None


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(Problem):
    errors: list[ValidationIssue] = Field(default_factory=list)


def _documented(model: type[Problem], description: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"model": model, "description": description,
            "content": {PROBLEM_JSON: {"schema": schema}}}


# Declared on every API route, so the OpenAPI document says what errors look like.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented(Problem, "Malformed request"),
    401: _documented(Problem, "Missing, invalid or expired credentials"),
    403: _documented(Problem, "Your role does not allow this"),
    404: _documented(Problem, "Not found, or not yours"),
    409: _documented(Problem, "Conflict with the current state"),
    422: _documented(ValidationProblem, "Invalid request"),
    429: _documented(Problem, "Rate limit reached; see Retry-After"),
}


def problem(status: int, code: str, title: str, detail: str, *, instance: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": TYPE_BASE + code, "title": title, "status": status,
                            "detail": detail, "code": code}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


_HTTP_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("too_large", "Payload too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("invalid", "Invalid request"),
    429: ("rate_limited", "Too many requests"),
}


# character_not_in_repertoire, untranslatable_character, datetime_field_overflow,
# invalid_datetime_format... (SQLSTATE class 22: data exception).
_BAD_VALUE_STATES = frozenset({"22021", "22P05", "22008", "22007", "22003"})


def _clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VigieError)
    async def _vigie(request: Request, exc: VigieError) -> JSONResponse:
        return problem(exc.status, exc.code, exc.title, exc.detail, instance=request.url.path,
                       headers=exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_errors(list(exc.errors()))
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(str(p) for p in first["loc"])
        return problem(422, "validation_error", "Invalid request",
                       f"{where}: {first['msg']}" if where else first["msg"],
                       instance=request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _HTTP_CODES.get(exc.status_code, ("error", "Error"))
        return problem(exc.status_code, code, title, str(exc.detail), instance=request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # A value PostgreSQL cannot store (NUL in text, a date out of its range) that a
        # schema let through is still the caller's bad input: 422, and the request's
        # transaction was rolled back. Anything else is ours: 500.
        sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(
            getattr(exc.orig, "__cause__", None), "sqlstate", None)
        if sqlstate in _BAD_VALUE_STATES:
            return problem(422, "invalid_value", "Invalid request",
                           "A value cannot be stored (invalid characters or out of range)",
                           instance=request.url.path)
        logger.exception("database error on %s %s", request.method, request.url.path)
        return problem(500, "internal_error", "Internal error",
                       "Something went wrong on our side; it has been logged.",
                       instance=request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "internal_error", "Internal error",
                       "Something went wrong on our side; it has been logged.",
                       instance=request.url.path)

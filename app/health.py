"""Liveness and readiness, outside /api/v1 and outside authentication."""

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.core import jobs
from app.core.db import get_database

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check_database() -> None:
    async with get_database().engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def _check_redis() -> None:
    queue = await jobs.get_queue()
    await queue.ping()


@router.get("/readyz", summary="The database and Redis answer",
            responses={503: {"description": "A dependency is unreachable"}})
async def readyz() -> JSONResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            await asyncio.wait_for(check(), timeout=2)
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status_code=200 if ready else 503)

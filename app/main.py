"""create_app(): middleware, routers, error handlers. `app.main:app` is the ASGI app."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from app.api import api_router, health_router
from app.core import jobs
from app.core.db import close_database
from app.core.errors import PROBLEM_RESPONSES, install_error_handlers
from app.core.logging import configure_logging
from app.core.middleware import RequestContextMiddleware
from app.core.ratelimit import close_rate_limiter
from app.core.spa import spa_route
from app.idempotency.middleware import IdempotencyMiddleware
from app.listening.demo.feeds import router as demo_feeds_router


def _operation_id(route: APIRoute) -> str:
    """Stable `<tag>-<name>` ids, so the generated SPA client reads well."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # What start-up built (routes, schemas, SQLAlchemy metadata) lives as long as the process:
    # frozen, the garbage collector's full passes no longer walk it, which stalled requests.
    gc.freeze()
    yield
    await close_rate_limiter()
    await jobs.close_queue()
    await close_database()


def create_app() -> FastAPI:
    from app.core.embedded import resolve_settings

    settings = resolve_settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    app = FastAPI(
        title="Vigie API",
        version="1.0.0",
        description="Listen, publish and measure for the client brands an agency manages.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    install_error_handlers(app)
    jobs.discover()
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                            "RateLimit-Reset", "X-Request-ID"],
        )
    # Added last = outermost: the request id (and the RateLimit-* headers) wraps everything,
    # idempotency wraps the routes.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RequestContextMiddleware)

    app.include_router(health_router)
    app.include_router(demo_feeds_router)
    app.include_router(api_router, prefix="/api/v1", responses=PROBLEM_RESPONSES)
    if settings.spa_dir and (settings.spa_dir / "index.html").is_file():
        app.router.routes.append(spa_route(settings.spa_dir))  # last: only what nothing else took
    return app


app = create_app()

"""Mounts every domain router under /api/v1."""

from fastapi import APIRouter

from app.health import router as health_router

api_router = APIRouter()

# --- domain routers (one line each) ---
from app.alerts.endpoints import router as alerts_router  # noqa: E402
from app.api_keys.endpoints import router as api_keys_router  # noqa: E402
from app.auth.endpoints import router as auth_router  # noqa: E402
from app.auth.recovery_endpoints import router as recovery_router  # noqa: E402
from app.listening.inbox_endpoints import router as inbox_router  # noqa: E402
from app.listening.watch_endpoints import router as watches_router  # noqa: E402
from app.tenancy.endpoints import router as tenancy_router  # noqa: E402

api_router.include_router(auth_router)
api_router.include_router(recovery_router)
api_router.include_router(tenancy_router)
api_router.include_router(api_keys_router)
api_router.include_router(watches_router)
api_router.include_router(inbox_router)
api_router.include_router(alerts_router)

__all__ = ["api_router", "health_router"]

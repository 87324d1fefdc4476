"""Serve the built SPA from the API process, for the embedded default.

Client-side routes (/inbox, /invitations/accept?token=...) have no file of their own: any
GET outside the API's own paths that names no file answers index.html, and the SPA's
router takes it from there. Hashed assets are cached for good; index.html never is, so a
new build is picked up on the next load.
"""

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

# Paths owned by the API: a miss there is the API's 404, never the SPA's page.
API_PREFIXES = ("/api/", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz", "/demo/")
IMMUTABLE = "public, max-age=31536000, immutable"


def spa_route(root: Path) -> Route:
    root = root.resolve()
    index = root / "index.html"

    async def serve(request: Request) -> Response:
        path = request.url.path
        if path.startswith(API_PREFIXES):
            raise HTTPException(status_code=404)
        candidate = (root / path.lstrip("/")).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            cache = IMMUTABLE if candidate.parent.name == "assets" else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return Route("/{path:path}", serve, methods=["GET", "HEAD"], include_in_schema=False)

"""The built SPA served by the API (embedded default), and the OpenAPI its client comes from."""

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from app.core.config import get_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spa_dir(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('vigie')")
    (tmp_path / "config.js").write_text("window.VIGIE_CONFIG = {}")
    (tmp_path.parent / "secret.txt").write_text("outside the SPA folder")
    settings = get_settings()
    before = settings.spa_dir
    settings.spa_dir = tmp_path
    yield tmp_path
    settings.spa_dir = before


@pytest.fixture
async def spa_client(spa_dir: Path) -> AsyncIterator[AsyncClient]:
    from app.main import create_app

    transport = ASGITransport(app=create_app(), client=("127.0.0.1", 50000))
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_client_routes_answer_the_app_and_assets_are_cached_for_good(spa_client: AsyncClient):
    for path in ("/", "/workspaces/123/mentions", "/invitations/accept?token=abc"):
        response = await spa_client.get(path)
        assert response.status_code == 200, path
        assert 'id=root' in response.text
        assert response.headers["cache-control"] == "no-cache"
    asset = await spa_client.get("/assets/index-abc123.js")
    assert asset.text == "console.log('vigie')"
    assert "immutable" in asset.headers["cache-control"]
    assert (await spa_client.get("/config.js")).headers["cache-control"] == "no-cache"


async def test_the_api_keeps_its_own_paths(spa_client: AsyncClient):
    missing = await spa_client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert (await spa_client.get("/healthz")).json() == {"status": "ok"}
    assert (await spa_client.get("/openapi.json")).json()["info"]["title"] == "Vigie API"


async def test_no_file_outside_the_spa_folder(spa_client: AsyncClient):
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        response = await spa_client.get(path)
        assert "outside the SPA folder" not in response.text, path


async def test_without_a_build_there_is_no_spa(tmp_path: Path):
    from app.main import create_app

    settings = get_settings()
    before = settings.spa_dir
    settings.spa_dir = tmp_path  # no index.html
    try:
        app = create_app()
    finally:
        settings.spa_dir = before
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as http:
        assert (await http.get("/inbox")).status_code == 404


def test_the_spa_client_is_generated_from_the_current_api():
    """`vigie openapi` starts nothing and prints what the app serves; the SPA's checked-in copy
    matches it (else: `cd frontend && npm run api:generate`)."""
    printed = subprocess.run([sys.executable, "-m", "app.cli", "openapi"], cwd=ROOT, check=True,
                             capture_output=True, text=True, timeout=120).stdout
    from app.main import create_app

    assert json.loads(printed) == create_app().openapi()
    assert (ROOT / "frontend" / "openapi.json").read_text(encoding="utf-8") == printed

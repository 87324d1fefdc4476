"""Web page watcher against the fake website."""

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app.connectors.base import SourceConfig
from app.connectors.errors import ContentError, TransientError
from app.connectors.web import WebPageCollector
from tests.connectors.support import Served, quick
from tests.fakes.web import WebFake

NEWS = ("<article><h2>Nimbus recrute 200 mécaniciens</h2>"
        "<p>Les postes sont ouverts à Lyon, Nantes et Paris dès janvier.</p></article>")


def config(url: str, **options: str) -> SourceConfig:
    return SourceConfig(source="web", options={"url": url, **options})


async def test_first_run_records_a_baseline(web: Served[WebFake],
                                            http: httpx.AsyncClient) -> None:
    result = await quick(WebPageCollector).collect(http, config(f"{web.url}/page"), {})
    assert result.items == [] and not result.not_modified
    assert set(result.cursor) == {"page_hash", "blocks", "etag", "last_modified"}
    # Title, headings, paragraphs and footer; not the short nav, scripts or <noscript>.
    assert len(result.cursor["blocks"].split()) == 6


async def test_new_paragraphs_become_items(web: Served[WebFake],
                                           http: httpx.AsyncClient) -> None:
    collector, cfg = quick(WebPageCollector), config(f"{web.url}/page")
    baseline = await collector.collect(http, cfg, {})
    unchanged = await collector.collect(http, cfg, baseline.cursor)
    assert unchanged.not_modified and unchanged.items == []
    assert web.fake.requests[-1].headers["if-none-match"] == baseline.cursor["etag"]

    web.fake.add_items([NEWS])
    before = datetime.now(UTC)
    changed = await collector.collect(http, cfg, baseline.cursor)
    assert [i.text for i in changed.items] == [
        "Nimbus recrute 200 mécaniciens",
        "Les postes sont ouverts à Lyon, Nantes et Paris dès janvier."]
    item = changed.items[0]
    assert item.source == "web" and item.url == f"{web.url}/page"
    assert item.title == "Nimbus — Communiqués de presse"
    assert item.lang_hint == "fr"
    assert item.published_at >= before
    assert len(item.external_id) == 32 and item.author is None
    assert changed.cursor["page_hash"] != baseline.cursor["page_hash"]

    repeat = await collector.collect(http, cfg, baseline.cursor)
    assert [i.external_id for i in repeat.items] == [i.external_id for i in changed.items]


async def test_same_text_without_validators_is_not_modified(
        web: Served[WebFake], http: httpx.AsyncClient) -> None:
    web.fake.validators = False
    collector, cfg = quick(WebPageCollector), config(f"{web.url}/page")
    baseline = await collector.collect(http, cfg, {})
    again = await collector.collect(http, cfg, baseline.cursor)
    assert again.not_modified and again.items == []
    assert again.cursor["page_hash"] == baseline.cursor["page_hash"]


async def test_an_edited_paragraph_is_reported(web: Served[WebFake],
                                               http: httpx.AsyncClient) -> None:
    web.fake.validators = False
    collector, cfg = quick(WebPageCollector), config(f"{web.url}/page")
    baseline = await collector.collect(http, cfg, {})
    web.fake.page = web.fake.page.replace("avec 30 stations", "avec 45 stations")
    edited = await collector.collect(http, cfg, baseline.cursor)
    assert [i.text for i in edited.items] == [
        "Le service est disponible à Nantes depuis le 19 novembre, avec 45 stations."]


async def test_page_charset_from_meta(serve_app: Callable[[object], str],
                                      http: httpx.AsyncClient) -> None:
    pages = ["<html><head><meta charset='iso-8859-1'><title>Été</title></head><body>"
             "<p>Première version de la page, assez longue.</p></body></html>"]

    async def page(request: object) -> Response:
        # No charset in the header (Starlette's media_type would add utf-8): only <meta> says.
        return Response(pages[-1].encode("latin-1"), headers={"content-type": "text/html"})

    base = serve_app(Starlette(routes=[Route("/", page)]))
    collector, cfg = quick(WebPageCollector), config(f"{base}/")
    baseline = await collector.collect(http, cfg, {})
    pages.append(pages[0].replace("</body>", "<p>Deuxième paragraphe ajouté à l'été.</p></body>"))
    changed = await collector.collect(http, cfg, baseline.cursor)
    assert [i.text for i in changed.items] == ["Deuxième paragraphe ajouté à l'été."]
    assert changed.items[0].title == "Été"


async def test_errors(web: Served[WebFake], http: httpx.AsyncClient) -> None:
    collector = quick(WebPageCollector)
    with pytest.raises(ContentError, match="not an HTML page"):
        await collector.collect(http, config(f"{web.url}/page.json"), {})
    with pytest.raises(ContentError, match="HTTP 404"):
        await collector.collect(http, config(f"{web.url}/gone"), {})
    with pytest.raises(ContentError, match="no page url"):
        await collector.collect(http, SourceConfig(source="web"), {})
    web.fake.respond(500, times=3)
    with pytest.raises(TransientError):
        await collector.collect(http, config(f"{web.url}/page"), {})

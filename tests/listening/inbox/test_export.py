"""CSV export: content, Excel's BOM, quoting, formula injection, filters, many batches."""

import csv
import io
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from httpx import AsyncClient

from app.listening.export import BATCH, COLUMNS
from tests.listening.inbox.factories import Agency, seed_mentions


def parse(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), content[:10]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


async def test_export_content_and_escaping(client: AsyncClient, agency: Agency) -> None:
    ws = agency.workspace
    both = [uuid.UUID(agency.brand["id"]), uuid.UUID(agency.rival["id"])]
    await seed_mentions(
        ws, agency.brand, 1, watch_ids=both, lang="fr", sentiment_label="negative", reach=42,
        title='=HYPERLINK("http://evil.example.com","cliquez")', author="@attaquant",
        text='Il a dit "bonjour", puis\nau revoir. Café crème', tags=["promo", "-urgent"],
        published_at=datetime(2026, 3, 2, 12, 0, tzinfo=UTC), url="https://news.example.com/a")
    await seed_mentions(ws, agency.rival, 1, source="reddit", text="+33 6 12 34 56 78",
                        author="-moins", title=None,
                        published_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))

    response = await client.get(f"{agency.url}/mentions/export.csv", headers=agency.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    assert response.headers["content-disposition"] == \
        f'attachment; filename="mentions-cafe-soleil-{today}.csv"'
    header, first, second = parse(response.content)
    assert header == list(COLUMNS)
    row = dict(zip(header, first, strict=True))
    assert row == {
        "published_at": "2026-03-02T13:00:00+01:00",  # the workspace's time zone
        "source": "news", "author": "'@attaquant", "url": "https://news.example.com/a",
        "title": "'=HYPERLINK(\"http://evil.example.com\",\"cliquez\")",
        "text": 'Il a dit "bonjour", puis\nau revoir. Café crème', "lang": "fr",
        "sentiment": "negative", "reach": "42", "status": "new", "tags": "promo, -urgent",
        "watches": "Brandy, Rival"}
    row = dict(zip(header, second, strict=True))
    assert (row["text"], row["author"], row["title"], row["watches"]) == \
        ("'+33 6 12 34 56 78", "'-moins", "", "Rival")


async def test_export_applies_the_filters(client: AsyncClient, agency: Agency) -> None:
    await seed_mentions(agency.workspace, agency.brand, 2, source="news")
    wanted = await seed_mentions(agency.workspace, agency.rival, 3, source="reddit")
    response = await client.get(f"{agency.url}/mentions/export.csv", headers=agency.headers,
                                params={"source": "reddit", "sort": "reach"})
    assert response.status_code == 200
    rows = parse(response.content)[1:]
    assert sorted(r[3] for r in rows) == sorted(m["url"] for m in wanted)
    bad = await client.get(f"{agency.url}/mentions/export.csv", headers=agency.headers,
                           params={"sort": "nope"})
    assert bad.status_code == 422


async def test_export_streams_many_batches(client: AsyncClient, agency: Agency) -> None:
    seeded = await seed_mentions(agency.workspace, agency.brand, BATCH * 2 + 7)
    response = await client.get(f"{agency.url}/mentions/export.csv", headers=agency.headers)
    rows = parse(response.content)[1:]
    assert len(rows) == len(seeded)
    assert {r[3] for r in rows} == {m["url"] for m in seeded}


async def test_empty_export_has_the_header(client: AsyncClient, agency: Agency) -> None:
    response = await client.get(f"{agency.url}/mentions/export.csv", headers=agency.headers)
    assert parse(response.content) == [list(COLUMNS)]

"""The mention pipeline end to end: collected items in, mentions out through the inbox API.

Batches of MIN_OFFLOAD items or more are scored (language, sentiment) in a child process
while the database works, and stored in chunks; smaller ones in place. Both must store the
same thing as scoring in place would, nothing twice, and survive a killed child.
"""

import asyncio
import csv
import os
import signal
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from httpx import AsyncClient

from app.connectors.base import CollectedItem
from app.core.db import tenant_session
from app.listening import enrichment, pipeline
from app.listening.collection import worker_scope
from app.listening.enrichment import Entry, get_scorer, score
from tests.listening.inbox.factories import Agency, make_agency

DATA = Path(__file__).parent / "sentiment" / "data"
NOW = datetime.now(UTC).replace(microsecond=0)


def _texts() -> list[str]:
    texts = []
    for name in ("eval_en", "eval_fr"):
        with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts


TEXTS = _texts()


def _item(i: int, *, text: str | None = None, url: str | None = None,
          lang_hint: str | None = None, minutes_ago: int = 0) -> CollectedItem:
    return CollectedItem(
        source="rss", external_id=f"item-{i}",
        url=url or f"https://news.example.com/{i}?utm_source=feed",
        title=None, text=text or TEXTS[i % len(TEXTS)], author=f"author{i % 7}", author_url=None,
        published_at=NOW - timedelta(minutes=minutes_ago + i), lang_hint=lang_hint)


async def _ingest(agency: Agency, items: list[CollectedItem],
                  brand_terms: tuple[str, ...] = (), watch: dict | None = None
                  ) -> pipeline.IngestResult:
    """A collection run of `watch` (the brand watch by default)."""
    org, ws = uuid.UUID(agency.workspace["organization_id"]), uuid.UUID(agency.workspace["id"])
    watch_id = uuid.UUID((watch or agency.brand)["id"])
    async with tenant_session(worker_scope(org)) as session:
        return await pipeline.ingest(session, organization_id=org, workspace_id=ws,
                                     watch_id=watch_id, items=items, brand_terms=brand_terms)


async def _stored(client: AsyncClient, agency: Agency) -> dict[str, dict]:
    """Every mention of the workspace, by URL."""
    out: dict[str, dict] = {}
    params: dict[str, str | int] = {"limit": 200}
    while True:
        response = await client.get(f"{agency.url}/mentions", params=params,
                                    headers=agency.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        out.update({m["url"]: m for m in page["items"]})
        if not page["next_cursor"]:
            return out
        params["cursor"] = page["next_cursor"]


async def test_a_large_batch_stores_what_scoring_in_place_gives(client: AsyncClient) -> None:
    agency = await make_agency(client)
    items = [_item(i, lang_hint="en" if i % 3 == 0 else None) for i in range(230)]
    assert get_scorer().offloads(len(items)) and len(items) > 2 * pipeline.CHUNK

    result = await _ingest(agency, items)

    assert (result.received, result.inserted, result.duplicates) == (230, 230, 0)
    assert get_scorer().child_pids(), "the batch was scored in a child process"
    expected = score([Entry(i.lang_hint, "" if i.lang_hint else f"{i.title or ''} {i.text}",
                            pipeline.sentiment_text(i, None)) for i in items])
    stored = await _stored(client, agency)
    assert len(stored) == 230
    for item, scores in zip(items, expected, strict=True):
        mention = stored[item.url]
        assert (mention["lang"], mention["sentiment_score"], mention["sentiment"]) == (
            scores.lang, scores.score, scores.label), item.text
    assert {m["sentiment"] for m in stored.values()} == {"negative", "neutral", "positive"}

    # Collected again, with other tracking parameters: nothing stored twice.
    again = [_item(i, url=f"https://news.example.com/{i}?utm_medium=social&fbclid=x")
             for i in range(230)]
    rerun = await _ingest(agency, again)
    assert (rerun.inserted, rerun.duplicates) == (0, 230)
    assert len(await _stored(client, agency)) == 230


async def test_a_small_batch_is_scored_in_place(client: AsyncClient) -> None:
    agency = await make_agency(client)
    item = _item(1, text="Brandy customer service is a scam, still no refund after 3 weeks")
    assert not get_scorer().offloads(1)

    result = await _ingest(agency, [item], brand_terms=("Brandy",))

    assert result.inserted == 1
    [mention] = (await _stored(client, agency)).values()
    assert mention["sentiment"] == "negative" and mention["lang"] == "en"


async def test_a_killed_scoring_process_loses_nothing(client: AsyncClient) -> None:
    agency = await make_agency(client)
    scorer = get_scorer()
    await scorer.submit([Entry("en", "", "warm up")] * enrichment.MIN_OFFLOAD)
    killed = scorer.child_pids()
    assert killed
    for pid in killed:
        os.kill(pid, signal.SIGKILL)

    items = [_item(i) for i in range(150)]
    result = await _ingest(agency, items)

    assert result.inserted == 150
    stored = await _stored(client, agency)
    assert len(stored) == 150
    assert any(m["sentiment"] != "neutral" for m in stored.values())
    # The next batch starts a new child.
    more = await _ingest(agency, [_item(i) for i in range(150, 300)])
    assert more.inserted == 150
    assert scorer.child_pids() and not set(scorer.child_pids()) & set(killed)


STORY = ("Le constructeur Brandy rappelle 40 000 trottinettes électriques après plusieurs "
         "incendies de batteries signalés à Lyon, Paris et Marseille, selon un communiqué "
         "publié mardi par la direction")


async def test_syndicated_copies_are_grouped_with_the_first_story(client: AsyncClient
                                                                  ) -> None:
    agency = await make_agency(client)
    original = _item(1, text=STORY, url="https://lequotidien.example.fr/brandy-rappel",
                     minutes_ago=120)
    await _ingest(agency, [original])

    copies = [
        _item(2, text=f"AFP - {STORY}", url="https://ouest-matin.example.fr/eco/rappel"),
        _item(3, text=f"{STORY} (mise à jour)", url="https://lyon-actu.example.fr/a/9"),
        _item(4, text="Brandy ouvre une boutique à Nantes avec un atelier de réparation "
                      "pour les vélos et trottinettes de toutes marques, dès lundi",
              url="https://nantes.example.fr/brandy-boutique"),
    ]
    # Enough other items for the batch to go through the child process and in chunks.
    filler = [_item(i) for i in range(10, 10 + pipeline.CHUNK + 20)]
    result = await _ingest(agency, [*filler, *copies])

    assert result.grouped >= 2
    stored = await _stored(client, agency)
    first = stored[original.url]
    assert first["group_id"] is None
    assert stored[copies[0].url]["group_id"] == first["id"]
    assert stored[copies[1].url]["group_id"] == first["id"]
    assert stored[copies[2].url]["group_id"] is None


async def test_a_copy_of_an_old_story_starts_its_own_group(client: AsyncClient) -> None:
    agency = await make_agency(client)
    old = _item(1, text=STORY, url="https://lequotidien.example.fr/old",
                minutes_ago=45 * 24 * 60)
    await _ingest(agency, [old])

    await _ingest(agency, [_item(2, text=f"AFP - {STORY}",
                                 url="https://ouest-matin.example.fr/new")])

    stored = await _stored(client, agency)
    assert stored["https://ouest-matin.example.fr/new"]["group_id"] is None


async def test_nul_characters_are_dropped_not_fatal(client: AsyncClient) -> None:
    agency = await make_agency(client)
    item = CollectedItem(source="reddit", external_id="t3_\x00abc",
                         url="https://www.reddit.com/r/france/comments/abc/\x00x",
                         title="Brandy\x00 SAV", text="Toujours pas de remboursement\x00 !",
                         author="bob\x00", author_url=None, published_at=NOW)

    result = await _ingest(agency, [item, _item(2)])

    assert result.inserted == 2
    stored = await _stored(client, agency)
    [mention] = [m for m in stored.values() if m["source"] == "reddit"]
    assert (mention["title"], mention["text"], mention["author"]) == (
        "Brandy SAV", "Toujours pas de remboursement !", "bob")
    assert "\x00" not in mention["url"] and mention["sentiment"] == "negative"


async def test_stored_items_found_again_only_gain_the_watch(client: AsyncClient) -> None:
    agency = await make_agency(client)
    brand, rival = agency.brand["id"], agency.rival["id"]
    first = await _ingest(agency, [_item(i) for i in range(120)])
    assert first.inserted == 120
    before = await _stored(client, agency)

    # The competitor watch finds 120 of them again (other tracking parameters) and 80 new.
    again = [_item(i, url=f"https://news.example.com/{i}?fbclid=abc") for i in range(200)]
    mixed = await _ingest(agency, watch=agency.rival, items=again)
    assert (mixed.received, mixed.inserted, mixed.duplicates) == (200, 80, 120)
    # Found again by each watch: nothing new is stored; the brand watch now also lists the
    # 80 mentions first found by the competitor watch.
    for watch in (agency.rival, agency.brand):
        rerun = await _ingest(agency, watch=watch, items=again)
        assert (rerun.inserted, rerun.duplicates) == (0, 200)

    stored = await _stored(client, agency)
    assert len(stored) == 200
    for i in range(200):
        mention = stored[f"https://news.example.com/{i}?utm_source=feed" if i < 120
                         else f"https://news.example.com/{i}?fbclid=abc"]
        assert mention["watch_ids"] == ([brand, rival] if i < 120 else [rival, brand])
        if i < 120:  # stored as first scored, not scored again
            old = before[mention["url"]]
            assert (mention["id"], mention["sentiment_score"], mention["lang"]) == (
                old["id"], old["sentiment_score"], old["lang"])


async def test_two_runs_storing_the_same_items_at_once_store_them_once(client: AsyncClient
                                                                        ) -> None:
    agency = await make_agency(client)
    items = [_item(i) for i in range(150)]

    results = await asyncio.gather(_ingest(agency, watch=agency.brand, items=items),
                                   _ingest(agency, watch=agency.rival, items=items))

    assert sum(r.inserted for r in results) == 150
    assert all(r.received == 150 for r in results)
    stored = await _stored(client, agency)
    assert len(stored) == 150
    assert all(sorted(m["watch_ids"]) == sorted([agency.brand["id"], agency.rival["id"]])
               for m in stored.values())


async def test_a_small_batch_finds_the_same_candidates_through_the_band_index(
        client: AsyncClient) -> None:
    agency = await make_agency(client)
    original = _item(1, text=STORY, url="https://lequotidien.example.fr/brandy-rappel",
                     minutes_ago=300)
    await _ingest(agency, [original, *(_item(i, minutes_ago=300) for i in range(10, 40))])

    copy = _item(2, text=f"AFP - {STORY}", url="https://ouest-matin.example.fr/eco/rappel")
    rows = pipeline._prepare([copy, _item(50)])
    pipeline._fingerprint(rows)
    bands = sorted({b for r in rows for b in r.bands or ()})
    assert len(bands) <= pipeline._BY_BAND_MAX
    org, ws = uuid.UUID(agency.workspace["organization_id"]), uuid.UUID(agency.workspace["id"])
    values = {"workspace_id": ws, "bands": bands}
    async with tenant_session(worker_scope(org)) as session:
        by_band = (await session.execute(pipeline._BY_BAND, values)).all()
        scanned = (await session.execute(pipeline._CANDIDATES, values)).all()
    assert by_band and sorted(map(tuple, by_band)) == sorted(map(tuple, scanned))

    # Stored alone, the copy joins the story's group.
    assert (await _ingest(agency, [copy])).grouped == 1
    stored = await _stored(client, agency)
    assert stored[copy.url]["group_id"] == stored[original.url]["id"]

"""YouTube collector against the fake Data API v3."""

from datetime import UTC, datetime

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from app.connectors.youtube import PACIFIC, YouTubeCollector, seconds_until_quota_reset
from tests.connectors.support import Served, quick
from tests.fakes.youtube import VALID_KEY, YouTubeFake, google_error

SEARCH, VIDEOS = "/youtube/v3/search", "/youtube/v3/videos"


def config(served: Served[YouTubeFake], key: str | None = VALID_KEY,
           **params: str) -> SourceConfig:
    return SourceConfig(source="youtube", query="Nimbus", params=params, base_url=served.url,
                        options={"api_key": key} if key else {})


def video(video_id: str, published: str) -> dict[str, object]:
    return {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": video_id},
            "snippet": {"publishedAt": published, "channelId": "UCnew", "title": "Nimbus news",
                        "description": "", "channelTitle": "New"}}


async def test_first_run_normalises_videos_and_adds_statistics(
        youtube: Served[YouTubeFake], http: httpx.AsyncClient) -> None:
    result = await quick(YouTubeCollector).collect(http, config(youtube), {})

    assert len(result.items) == 4  # five results, one without videoId nor publishedAt
    official, review, news, _ = result.items
    assert official.external_id == "dQ9nimbus01"
    assert official.url == "https://www.youtube.com/watch?v=dQ9nimbus01"
    assert official.title == "Nimbus : le nouveau vélo en 60 secondes"
    assert official.text == "Découvrez le vélo Nimbus 2027 & ses nouveautés…"
    assert official.author == "Nimbus Officiel"
    assert official.author_url == "https://www.youtube.com/channel/UCx1Nimbus"
    assert official.published_at == datetime(2026, 11, 20, 11, 45, tzinfo=UTC)
    assert official.reach == {"views": 15230, "likes": 812, "comments": 96}
    assert review.title == "I rode a Nimbus for 30 days 'honest review'"
    assert review.author == "Bike Reviews & More"
    assert review.reach == {"views": 48211, "likes": 2301}  # comments disabled
    assert news.text == news.title  # empty description

    search, = youtube.fake.requests_to(SEARCH)
    assert search.params == {"part": "snippet", "type": "video", "order": "date",
                             "maxResults": "50", "key": VALID_KEY, "q": "Nimbus"}
    videos, = youtube.fake.requests_to(VIDEOS)
    assert videos.params["part"] == "statistics"
    assert videos.params["id"] == "dQ9nimbus01,aB3review02,cC5news0003,eE7old00004"
    assert result.cursor == {"published_after": "2026-11-20T11:45:00Z", "seen": "dQ9nimbus01"}


async def test_next_run_sends_published_after(youtube: Served[YouTubeFake],
                                              http: httpx.AsyncClient) -> None:
    collector = quick(YouTubeCollector)
    first = await collector.collect(http, config(youtube), {})
    youtube.fake.requests.clear()
    again = await collector.collect(http, config(youtube), first.cursor)
    assert again.items == [] and again.cursor == first.cursor
    assert youtube.fake.requests[0].params["publishedAfter"] == "2026-11-20T11:45:00Z"
    assert youtube.fake.requests_to(VIDEOS) == []  # nothing new, no quota spent on stats

    youtube.fake.add_items([video("zZ9newvid01", "2026-11-20T12:30:00Z")])
    later = await collector.collect(http, config(youtube), first.cursor)
    assert [i.external_id for i in later.items] == ["zZ9newvid01"]
    assert later.cursor["published_after"] == "2026-11-20T12:30:00Z"


async def test_pagination_is_followed_and_bounded(youtube: Served[YouTubeFake],
                                                  http: httpx.AsyncClient) -> None:
    everything = await quick(YouTubeCollector, max_pages=10).collect(
        http, config(youtube, maxResults="1"), {})
    assert [r.params.get("pageToken") for r in youtube.fake.requests_to(SEARCH)] == [
        None, "MQ==", "Mg==", "Mw==", "NA=="]  # the last page has no nextPageToken
    assert len(everything.items) == 4

    youtube.fake.reset()
    bounded = await quick(YouTubeCollector).collect(http, config(youtube, maxResults="1"), {})
    assert len(youtube.fake.requests_to(SEARCH)) == 2  # two pages by default: quota is dear
    assert len(bounded.items) == 2


async def test_quota_exceeded_is_rate_limited_until_pacific_midnight(
        youtube: Served[YouTubeFake], http: httpx.AsyncClient) -> None:
    youtube.fake.quota_exceeded()
    with pytest.raises(RateLimitedError, match="daily quota") as caught:
        await quick(YouTubeCollector).collect(http, config(youtube), {})
    assert 60 <= caught.value.retry_after <= 86400
    assert len(youtube.fake.requests) == 1


def test_quota_reset_time() -> None:
    at_ten_pm = datetime(2026, 11, 20, 22, 0, tzinfo=PACIFIC)
    assert seconds_until_quota_reset(at_ten_pm) == 2 * 3600


async def test_rate_limit_exceeded_is_short(youtube: Served[YouTubeFake],
                                            http: httpx.AsyncClient) -> None:
    youtube.fake.respond(403, body=google_error(403, "rateLimitExceeded", "Too fast"))
    with pytest.raises(RateLimitedError) as caught:
        await quick(YouTubeCollector).collect(http, config(youtube), {})
    assert caught.value.retry_after == 60


@pytest.mark.parametrize("key", ["AIzaSy-wrong", None])
async def test_bad_or_missing_key_is_an_auth_error(youtube: Served[YouTubeFake],
                                                   http: httpx.AsyncClient,
                                                   key: str | None) -> None:
    with pytest.raises(AuthError):
        await quick(YouTubeCollector).collect(http, config(youtube, key=key), {})
    assert len(youtube.fake.requests) == (1 if key else 0)


async def test_invalid_page_token_is_a_content_error(youtube: Served[YouTubeFake],
                                                     http: httpx.AsyncClient) -> None:
    with pytest.raises(ContentError, match="invalid page token"):
        await quick(YouTubeCollector).collect(http, config(youtube, pageToken="%%%"), {})


async def test_500_is_retried_then_transient(youtube: Served[YouTubeFake],
                                             http: httpx.AsyncClient) -> None:
    youtube.fake.respond(500, body=google_error(500, "backendError", "Backend Error"), times=3)
    with pytest.raises(TransientError):
        await quick(YouTubeCollector).collect(http, config(youtube), {})
    assert len(youtube.fake.requests) == 3


async def test_failing_statistics_keep_the_videos(youtube: Served[YouTubeFake],
                                                  http: httpx.AsyncClient) -> None:
    youtube.fake.respond(500, times=3, path=VIDEOS)
    result = await quick(YouTubeCollector).collect(http, config(youtube), {})
    assert len(result.items) == 4 and all(i.reach == {} for i in result.items)


async def test_malformed_body_raises_content_error(youtube: Served[YouTubeFake],
                                                   http: httpx.AsyncClient) -> None:
    youtube.fake.respond(200, body={"kind": "youtube#searchListResponse"})
    with pytest.raises(ContentError, match="no items list"):
        await quick(YouTubeCollector).collect(http, config(youtube), {})

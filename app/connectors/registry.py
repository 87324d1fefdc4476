"""Every listening collector by source name: the pipeline's one entry point to the networks."""

from __future__ import annotations

from app.connectors.base import Collector
from app.connectors.bluesky import BlueskyCollector
from app.connectors.errors import ContentError
from app.connectors.hackernews import HackerNewsCollector
from app.connectors.mastodon import MastodonCollector
from app.connectors.reddit import RedditCollector
from app.connectors.rss import RssCollector
from app.connectors.web import WebPageCollector
from app.connectors.youtube import YouTubeCollector

COLLECTORS: dict[str, Collector] = {
    collector.source: collector
    for collector in (
        RssCollector(),
        HackerNewsCollector(),
        RedditCollector(),
        MastodonCollector(),
        BlueskyCollector(),
        YouTubeCollector(),
        WebPageCollector(),
    )
}


def get_collector(source: str) -> Collector:
    """The collector of a source; an unknown name is a configuration the user must fix."""
    try:
        return COLLECTORS[source]
    except KeyError:
        raise ContentError(source, f"unknown listening source {source!r}") from None

"""Detection and throttling rules on known series (pure functions, no database)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.alerts.detection import (
    KeywordMatcher,
    KeywordScan,
    WindowCounts,
    baseline_average,
    merge_evidence,
    merge_facts,
    negative_spike,
    next_notification_at,
    slack_backoff,
    volume_spike,
    within_cooldown,
)
from app.alerts.schemas import KeywordParams, NegativeParams, VolumeParams

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_the_baseline_is_an_average_per_window_of_the_same_size() -> None:
    # 7 days of hourly windows = 168 windows; 336 mentions = 2 per hour.
    assert baseline_average(336, 60, 7) == pytest.approx(2.0)
    assert baseline_average(96, 15, 1) == pytest.approx(1.0)
    assert baseline_average(0, 60, 7) == 0


@pytest.mark.parametrize(("current", "baseline", "fires"), [
    (30, 336, True),    # 2/h usually, threshold max(10, 3 x 2) = 10
    (9, 336, False),    # under min_mentions, however quiet the baseline
    (10, 336, True),    # exactly the threshold
    (40, 3360, False),  # 20/h usually: threshold 60
    (60, 3360, True),
])
def test_volume_spike_against_the_watchs_own_baseline(current: int, baseline: int,
                                                      fires: bool) -> None:
    facts = volume_spike(WindowCounts(current=current, baseline=baseline), VolumeParams())
    assert (facts is not None) is fires
    if facts:
        assert facts["count"] == current
        assert facts["threshold"] == max(10, 3 * baseline / 168)


def test_with_no_history_min_mentions_decides() -> None:
    params = VolumeParams(min_mentions=5)
    assert volume_spike(WindowCounts(current=4, baseline=0), params) is None
    facts = volume_spike(WindowCounts(current=5, baseline=0), params)
    assert facts is not None and facts["baseline"] == 0 and facts["threshold"] == 5


def test_negative_spike_needs_both_the_count_and_the_share() -> None:
    params = NegativeParams(min_mentions=5, min_negative_share=0.4)
    spike = WindowCounts(current=20, current_negative=10, baseline_negative=0)
    facts = negative_spike(spike, params)
    assert facts is not None
    assert (facts["count"], facts["total"], facts["negative_share"]) == (10, 20, 0.5)
    # Same number of negative mentions, drowned in a big neutral volume: no bad buzz.
    assert negative_spike(WindowCounts(current=100, current_negative=10), params) is None
    # A high share of very few mentions is not a spike either.
    assert negative_spike(WindowCounts(current=4, current_negative=4), params) is None
    # Usually negative at this level: factor x baseline is not reached.
    usual = WindowCounts(current=20, current_negative=10, baseline_negative=168 * 4)
    assert negative_spike(usual, params) is None
    assert negative_spike(WindowCounts(), params) is None


@pytest.mark.parametrize(("text", "found"), [
    ("C'est une ARNAQUE totale", {"arnaque"}),
    ("Quelle arnâque !", {"arnaque"}),
    ("l'arnaque du siècle", {"arnaque"}),
    ("Les arnaques se multiplient", set()),     # whole words only
    ("superarnaque", set()),
    ("Un SCANDALE, appel au Boycott", {"scandale", "boycott"}),
    ("bad\n  BUZZ en vue", {"bad buzz"}),
    ("Scandalé par le service", {"scandale"}),  # accents ignored both ways
    ("cœur brisé", {"coeur"}),
    ("Rien à signaler", set()),
])
def test_keywords_match_ignoring_case_and_accents_on_word_boundaries(text: str,
                                                                      found: set[str]) -> None:
    matcher = KeywordMatcher(("arnaque", "Scandale", "boycott", "bad buzz", "cœur"))
    canonical = {"Scandale": "scandale", "cœur": "coeur"}
    assert {canonical.get(k, k) for k in matcher.find(None, text)} == found


def test_keywords_are_searched_in_title_and_text() -> None:
    matcher = KeywordMatcher(("boycott",))
    assert matcher.find("Appel au boycott", "rien dans le texte") == {"boycott"}


def test_keyword_params_refuse_empty_lists_and_dedupe_by_case() -> None:
    assert KeywordParams(keywords=["Arnaque", "arnaque", " boycott "]).keywords == \
        ["Arnaque", "boycott"]
    with pytest.raises(ValueError):
        KeywordParams(keywords=[])
    with pytest.raises(ValueError):
        KeywordParams(keywords=["w"] * 51)


def test_a_keyword_scan_counts_matches_and_keeps_the_most_recent_as_evidence() -> None:
    scan = KeywordScan(KeywordMatcher(("arnaque",)))
    ids = [uuid.uuid4() for _ in range(30)]
    for i, mention_id in enumerate(ids):
        scan.add(mention_id, None, "arnaque" if i % 2 == 0 else "rien", NOW + timedelta(
            minutes=i))
    trigger = scan.trigger()
    assert trigger is not None
    assert trigger.count == trigger.new_count == 15
    assert trigger.evidence == [ids[i] for i in range(28, -1, -2)]
    assert trigger.facts == {"count": 15, "keywords": ["arnaque"]}
    assert KeywordScan(KeywordMatcher(("x",))).trigger() is None


def test_evidence_merges_newest_first_without_duplicates_up_to_50() -> None:
    old = [uuid.uuid4() for _ in range(40)]
    new = [uuid.uuid4() for _ in range(20)] + old[:5]
    merged = merge_evidence(new, old)
    assert len(merged) == 50
    assert merged[:20] == new[:20] and merged[20:] == old[:30]


def test_facts_keep_every_keyword_seen() -> None:
    merged = merge_facts({"count": 3, "keywords": ["arnaque"]},
                         {"count": 2, "keywords": ["boycott", "arnaque"]})
    assert merged == {"count": 2, "keywords": ["arnaque", "boycott"]}


def test_the_cooldown_decides_whether_a_trigger_joins_the_open_alert() -> None:
    assert within_cooldown(NOW - timedelta(minutes=59), NOW, 60)
    assert within_cooldown(NOW - timedelta(minutes=60), NOW, 60)
    assert not within_cooldown(NOW - timedelta(minutes=61), NOW, 60)


def test_notifications_go_at_once_then_at_most_once_per_cooldown() -> None:
    def due(occurrences: int, notified: int, notified_at: datetime | None) -> datetime | None:
        return next_notification_at(occurrences=occurrences, notified_occurrences=notified,
                                    notified_at=notified_at, cooldown_minutes=30, now=NOW)

    assert due(3, 0, None) == NOW  # first trigger: at once
    assert due(3, 3, NOW - timedelta(minutes=1)) is None  # nothing new to tell
    # A storm within the cooldown waits for its end, then goes out as one summary.
    assert due(103, 3, NOW - timedelta(minutes=10)) == NOW + timedelta(minutes=20)
    assert due(103, 3, NOW - timedelta(minutes=45)) == NOW


def test_slack_retries_back_off() -> None:
    assert [slack_backoff(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 240, 480]

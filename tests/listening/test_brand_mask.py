"""A brand named with an everyday word must not colour the sentiment of what is said of it."""

from datetime import UTC, datetime

from app.connectors.base import CollectedItem
from app.listening.pipeline import brand_mask, sentiment_text
from app.listening.sentiment import get_analyzer


def _item(text: str) -> CollectedItem:
    return CollectedItem(source="rss", external_id="1", url="https://x.example.com/1",
                         title=None, text=text, author=None, author_url=None,
                         published_at=datetime.now(UTC))


def test_brand_terms_are_removed_on_word_boundaries_only() -> None:
    mask = brand_mask(["café soleil", "Soleil"])
    assert mask is not None
    text = sentiment_text(_item("Café Soleil, soleil levant et Soleils"), mask)
    assert "oleil," not in text and "levant" in text and "Soleils" in text
    assert brand_mask([]) is None


def test_a_sunny_brand_name_does_not_make_a_complaint_positive() -> None:
    mask = brand_mask(["café soleil"])
    complaint = _item("Café Soleil devrait vraiment revoir ses prix, le latte à 6€ c'est abusé")
    assert get_analyzer().analyze(sentiment_text(complaint, mask), "fr").label != "positive"

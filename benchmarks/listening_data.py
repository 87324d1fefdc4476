"""Realistic mentions for benchmarks/listening_bench.py: French and English posts and articles
with controlled search-term frequencies, as COPY records (the 1M-row load) or as collected
items (the pipeline's input).

Sentences come from the labelled posts of tests/listening/sentiment/data/ (real-sounding
French and English customer talk: complaints, praise, questions, news), composed into social
posts (1-2 sentences) and articles (a title and 3-6 sentences), with the long tail a social
inbox has: handles, hashtags, datelines, outlet names. Three invented names set the
full-text-search frequencies, whatever the rest of the text says:

- `orivane`, the brand: in half of the mentions (the "broad" term);
- `kalydo`, a product: in 1 %;
- `zephyrin`, a spokesman: in 0.01 %.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

TERMS = {"broad": "orivane", "medium": "kalydo", "rare": "zephyrin"}
RATES = {"broad": 0.5, "medium": 0.01, "rare": 0.0001}

SOURCES = ("rss", "web", "reddit", "hackernews", "mastodon", "bluesky", "youtube")
SOURCE_WEIGHTS = (0.30, 0.05, 0.20, 0.05, 0.15, 0.15, 0.10)
LONG_FORM = frozenset({"rss", "web", "youtube"})
LANG_HINT_RATE = {"mastodon": 0.8, "bluesky": 0.8, "rss": 0.7, "web": 0.5}

COLUMNS = ("id", "organization_id", "workspace_id", "watch_ids", "source", "external_id",
           "dedup_key", "url", "canonical_url", "title", "text", "author", "author_url",
           "published_at", "collected_at", "lang", "sentiment_score", "sentiment_label",
           "sentiment_corrected", "reach", "reach_details", "group_id", "minhash_bands",
           "status", "assignee_id", "tags", "created_at", "updated_at")

_DATA = Path(__file__).resolve().parent.parent / "tests" / "listening" / "sentiment" / "data"
_FILES = {"fr": ("dev_fr", "eval_fr"), "en": ("dev_en", "eval_en", "dev2_en", "dev3_en")}
_SITES = {
    "fr": ("lequotidien.fr", "journal-eco.fr", "ouest-matin.fr", "conso-info.fr",
           "retail-mag.fr", "tech-hebdo.fr", "lyon-actu.fr", "marseille-infos.fr",
           "les-echos-du-net.fr", "blog.maison-deco.fr", "forum-conso.fr", "le-progres-eco.fr"),
    "en": ("dailyledger.com", "techweekly.com", "retaildive.example.com", "consumerwatch.org",
           "the-gazette.co.uk", "citypost.com", "gadgetreview.net", "marketpulse.io",
           "homeblog.example.net", "newswire.example.com", "reviews-hub.com", "metro-news.com"),
}
_INSTANCES = ("mastodon.social", "piaille.fr", "mamot.fr", "mastodon.online", "framapiaf.org",
              "fosstodon.org", "mstdn.social", "social.coop")
_SUBREDDITS = ("france", "europe", "technology", "gadgets", "BuyItForLife", "paris",
               "AskFrance", "personalfinance", "CustomerService", "smarthome")
_FIRST = ("camille", "lea", "tom", "marc", "julie", "sam", "anne", "nico", "karim", "jenny",
          "lucas", "emma", "hugo", "chloe", "ines", "paul", "sarah", "yanis", "alex", "zoe",
          "mike", "kate", "david", "laura", "omar", "nina", "theo", "manon", "jules", "lina")
_TAGS = {"fr": ("#conso", "#sav", "#arnaque", "#bonplan", "#avis", "#tech", "#lyon", "#paris",
                "#livraison", "#service", "#nouveauté", "#promo"),
         "en": ("#customerservice", "#review", "#tech", "#deal", "#fail", "#shipping",
                "#newproduct", "#support", "#love", "#scam", "#london", "#nyc")}
_CITIES = {"fr": ("Lyon", "Paris", "Marseille", "Lille", "Nantes", "Bordeaux", "Toulouse"),
           "en": ("London", "New York", "Dublin", "Boston", "Manchester", "Toronto")}
_BROAD = {
    "fr": ("@Orivane {s}", "{s} #Orivane", "{s} (Orivane)", "Orivane : {s}",
           "{s} Merci Orivane.", "Chez Orivane, {s}"),
    "en": ("@Orivane {s}", "{s} #Orivane", "Orivane: {s}", "{s} Thanks Orivane.",
           "{s} (Orivane)", "At Orivane, {s}"),
}
_BROAD_ARTICLE = {"fr": "Le groupe Orivane n'a pas souhaité commenter.",
                  "en": "Orivane declined to comment."}
_MEDIUM = {"fr": ("{s} #Kalydo", "La gamme Kalydo : {s}", "{s} (modèle Kalydo)"),
           "en": ("{s} #Kalydo", "The Kalydo range: {s}", "{s} (Kalydo model)")}
_RARE = {"fr": "{s} Selon Zephyrin, porte-parole, le dossier est suivi.",
         "en": "{s} Spokesman Zephyrin said the matter is being handled."}
_WORDS = re.compile(r"[^\W\d_]{4,}")
SWAP_RATE = 0.5
_SCORES = {"negative": (-0.95, -0.06), "neutral": (-0.05, 0.05), "positive": (0.06, 0.95)}


@dataclass(frozen=True)
class Draft:
    """One mention as a collector would hand it over, plus what the load stores as computed."""

    source: str
    external_id: str
    url: str
    title: str | None
    text: str
    author: str | None
    author_url: str | None
    lang: str  # the language the text was written in
    label: str  # the sentiment label of its main sentence
    reach: dict[str, int]


def dedup_key(canonical: str) -> str:
    """app.listening.pipeline._prepare's key, for a URL that is already canonical."""
    return hashlib.sha256(canonical.encode()).hexdigest()[:40]


def reach_number(reach: dict[str, int]) -> int:
    for key in ("followers", "views", "score", "likes", "reposts", "comments"):
        if reach.get(key):
            return min(int(reach[key]), 2**31 - 1)
    return 0


class Corpus:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences: dict[str, list[tuple[str, str]]] = {"fr": [], "en": []}
        for lang, names in _FILES.items():
            for name in names:
                with open(_DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
                    self.sentences[lang] += [(r["text"], r["label"]) for r in csv.DictReader(f)]
        # Words of each language, as often as the posts use them: swapped into sentences so
        # that two posts built on the same sentence are related, not near-duplicates.
        self.vocab = {lang: [w for t, _ in pool for w in _WORDS.findall(t)]
                      for lang, pool in self.sentences.items()}
        self.counter = 0
        self.slugs: dict[str | None, str] = {}

    # --- texts --------------------------------------------------------------------------

    def _sentence(self, lang: str) -> tuple[str, str]:
        """A sentence of the corpus with about half of its longer words swapped for other
        words of the same language (the label stays the original's)."""
        rng, vocab = self.rng, self.vocab[lang]
        text, label = rng.choice(self.sentences[lang])
        words = text.split(" ")
        for i, word in enumerate(words):
            if len(word) > 3 and word.isalpha() and rng.random() < SWAP_RATE:
                words[i] = rng.choice(vocab)
        return " ".join(words), label

    def _terms(self, text: str, lang: str, article: bool) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < RATES["broad"]:
            text = (f"{text} {_BROAD_ARTICLE[lang]}" if article and rng.random() < 0.5
                    else rng.choice(_BROAD[lang]).format(s=text))
        if rng.random() < RATES["medium"]:
            text = rng.choice(_MEDIUM[lang]).format(s=text)
        if rng.random() < RATES["rare"]:
            text = _RARE[lang].format(s=text)
        return text

    def _handle(self) -> str:
        return f"{self.rng.choice(_FIRST)}_{self.rng.randrange(10_000)}"

    def draft(self) -> Draft:
        rng = self.rng
        self.counter += 1
        n = self.counter
        lang = "fr" if rng.random() < 0.58 else "en"
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        main, label = self._sentence(lang)
        title: str | None = None
        if source in LONG_FORM or (source in ("reddit", "hackernews") and rng.random() < 0.7):
            title = main[:120]
            count = rng.randint(3, 6) if source in LONG_FORM else rng.randint(0, 2)
            body = [self._sentence(lang)[0] for _ in range(count)]
            if source == "rss":
                day = rng.randint(1, 28)
                body.insert(0, f"{rng.choice(_CITIES[lang])}, le {day} —" if lang == "fr"
                            else f"{rng.choice(_CITIES[lang])}, {day} —")
            text = " ".join(body) or main
        else:
            parts = [main] + ([self._sentence(lang)[0]] if rng.random() < 0.4 else [])
            if rng.random() < 0.3:
                parts.insert(0, f"@{self._handle()}")
            if rng.random() < 0.35:
                parts.append(rng.choice(_TAGS[lang]))
            text = " ".join(parts)
        text = self._terms(text, lang, title is not None)
        url, external_id, author, author_url, reach = self._where(source, lang, n, title)
        return Draft(source, external_id, url, title, text, author, author_url, lang, label,
                     reach)

    def _where(self, source: str, lang: str, n: int, title: str | None
               ) -> tuple[str, str, str | None, str | None, dict[str, int]]:
        """URL (already canonical: https, no www, no tracking, no trailing slash), external
        id, author and counters, shaped like each source's."""
        rng = self.rng
        slug = self.slugs.get(title)
        if slug is None:
            slug = "-".join((title or "post").lower().split()[:5])
            slug = "".join(c for c in slug if c.isascii() and (c.isalnum() or c == "-"))
            slug = self.slugs[title] = slug or "post"
        if source in ("rss", "web"):
            site = rng.choice(_SITES[lang])
            url = f"https://{site}/{slug}-{n}"
            if source == "web":
                url += f"#block-{rng.randint(1, 6)}"
            return url, url, site, f"https://{site}", {}
        handle = self._handle()
        if source == "reddit":
            url = f"https://reddit.com/r/{rng.choice(_SUBREDDITS)}/comments/{n:x}/{slug}"
            return url, f"t3_{n:x}", handle, f"https://reddit.com/user/{handle}", {
                "score": int(rng.lognormvariate(2.5, 1.5)),
                "comments": int(rng.lognormvariate(1.5, 1.2))}
        if source == "hackernews":
            url = f"https://news.ycombinator.com/item?id={30_000_000 + n}"
            return url, str(30_000_000 + n), handle, None, {
                "score": int(rng.lognormvariate(2.0, 1.4)),
                "comments": int(rng.lognormvariate(1.0, 1.2))}
        if source == "mastodon":
            instance = rng.choice(_INSTANCES)
            url = f"https://{instance}/@{handle}/{110_000_000_000 + n}"
            return url, str(110_000_000_000 + n), f"@{handle}@{instance}", \
                f"https://{instance}/@{handle}", {
                    "likes": int(rng.lognormvariate(1.0, 1.3)),
                    "reposts": int(rng.lognormvariate(0.3, 1.2))}
        if source == "bluesky":
            rkey = f"3k{n:011x}"
            url = f"https://bsky.app/profile/{handle}.bsky.social/post/{rkey}"
            return url, f"at://{handle}/app.bsky.feed.post/{rkey}", f"{handle}.bsky.social", \
                f"https://bsky.app/profile/{handle}.bsky.social", {
                    "likes": int(rng.lognormvariate(1.2, 1.4)),
                    "reposts": int(rng.lognormvariate(0.2, 1.2))}
        video = f"v{n:010x}"
        url = f"https://youtube.com/watch?v={video}"
        return url, video, f"Chaîne {handle}", f"https://youtube.com/@{handle}", {
            "views": int(rng.lognormvariate(6.0, 2.0)),
            "likes": int(rng.lognormvariate(2.5, 1.6))}

    # --- the 1M-row load ---------------------------------------------------------------

    def records(self, count: int, *, organization_id: uuid.UUID, workspace_id: uuid.UUID,
                watch_id: uuid.UUID, now: datetime):
        """COPY records in COLUMNS order, oldest first (rows arrive in time order in real
        life, so the heap is correlated with published_at as in production)."""
        rng = self.rng
        span = timedelta(days=365)
        start = now - span
        step = span / count
        watch_ids = [watch_id]
        for i in range(count):
            d = self.draft()
            published = start + step * i - timedelta(minutes=rng.random() * 240)
            collected = published + timedelta(minutes=1 + rng.random() * 30)
            bands = band_hashes(f"{d.title or ''} {d.text}")
            lang = d.lang if rng.random() >= 0.06 else None
            label = d.label
            lo, hi = _SCORES[label]
            status = "new" if rng.random() < 0.85 else rng.choice(("answered", "ignored",
                                                                  "to_answer"))
            corrected = None if rng.random() >= 0.005 else rng.choice(tuple(_SCORES))
            yield (uuid.uuid4(), organization_id, workspace_id, watch_ids, d.source,
                   d.external_id, dedup_key(d.url), d.url, d.url, d.title, d.text, d.author,
                   d.author_url, published, collected, lang, rng.uniform(lo, hi), label,
                   corrected, reach_number(d.reach), json.dumps(d.reach), None, bands, status,
                   None, [], collected, collected)


# --- MinHash bands: the app's own (app.listening.neardup) --------------------------------


def band_hashes(text: str) -> list[int] | None:
    from app.listening import neardup

    return neardup.band_hashes(neardup.word_set(text))


def check_band_hashes(corpus: Corpus, samples: int = 300) -> None:
    """A row's bands must not depend on the batch it was computed in (the load computes
    them one row at a time, the pipeline per batch)."""
    from app.listening import neardup

    sets = [neardup.word_set(f"{d.title or ''} {d.text}")
            for d in (corpus.draft() for _ in range(samples))]
    if neardup.band_hashes_many(sets) != [neardup.band_hashes(w) for w in sets]:
        raise AssertionError("batched bands differ from one-at-a-time bands")

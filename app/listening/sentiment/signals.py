"""Language-independent social-media signals: emojis, emoticons and ratings.

Valences are on VADER's -4..+4 scale and were set by hand for how the symbols are used
about brands. Laughing and ironic faces are kept weak on purpose: "😂" under a complaint is
usually mockery, and a lexicon cannot tell sarcasm apart, so it should not pretend to.
"""

import re

_EMOJI_GROUPS: dict[float, str] = {
    -3.2: "🤬",
    -3.0: "🤮",
    -2.8: "😡",
    -2.5: "😠💩🤢",
    -2.2: "👎😤💔",
    -2.0: "🤡😞",
    -1.8: "😢😔😒🙄😩😫🤦☹❌🚫",
    -1.5: "🙁😟😱😨😰🐌",
    -1.2: "😭😑😕",
    -1.0: "🙃😬",
    -0.8: "⚠",
    -0.3: "🤔🤷",
    0.5: "😂🤣😅",
    1.0: "😉🙂🎁",
    1.2: "🙏✨✅",
    1.5: "😎🚀⭐💪👑",
    1.8: "🔥😀🌟🤤",
    2.0: "👍👌👏😊😃😄😁🎉😋🏆🥇🤗🖤",
    2.2: "💯🙌🥳😘🧡💛💚💙💜🤍💗",
    2.5: "❤💕💖💝",
    2.8: "🤩",
    3.0: "😍🥰",
}
EMOJI_VALENCE: dict[str, float] = {
    char: valence for valence, chars in _EMOJI_GROUPS.items() for char in chars
}

EMOTICON_VALENCE: dict[str, float] = {
    ":)": 1.5, ":-)": 1.5, "=)": 1.5, ":]": 1.5, ":D": 2.0, ":-D": 2.0, "xD": 1.0, "XD": 1.0,
    ";)": 1.0, ";-)": 1.0, "<3": 2.5, ":(": -1.8, ":-(": -1.8, ":'(": -2.0, ":/": -1.0,
    ":-/": -1.0, ":@": -2.5, "</3": -2.2, ":|": -0.5, ":P": 0.8, ":p": 0.8,
}

# One emoji with its modifiers (variation selector, skin tone, ZWJ gender/profession tail).
EMOJI_PATTERN = (
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
    r"(?:[\uFE0F\U0001F3FB-\U0001F3FF]|\u200D[\U0001F000-\U0001FAFF\u2600-\u27BF])*"
)
EMOTICON_PATTERN = "|".join(
    re.escape(e) for e in sorted(EMOTICON_VALENCE, key=len, reverse=True)
)
# "10/10", "2/5", "4,5/5": a rating out of 5, 10, 20 or 100.
RATING_PATTERN = r"\b\d{1,3}(?:[.,]\d)?\s?/\s?(?:5|10|20|100)\b"
# "5 étoiles", "1 star", "zero stars": a rating out of 5.
STARS_PATTERN = (
    r"\b(?:[0-5]|zero|zéro|one|two|three|four|five|un|une|deux|trois|quatre|cinq)"
    r"\s?(?:étoiles?|stars?)\b"
)
_STAR_WORDS = {
    "zero": 0, "zéro": 0, "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3,
    "trois": 3, "four": 4, "quatre": 4, "five": 5, "cinq": 5,
}
_STARS_COUNT = re.compile(r"([0-5]|[a-zé]+?)\s?(?:étoile|star)")
# A perfect rating is about as strong as "excellent"; a zero as strong as "horrible".
_RATING_SPAN = 3.0


def emoji_valence(cluster: str) -> float:
    """Valence of one emoji cluster, judged by its base character (skin tones ignored)."""
    return EMOJI_VALENCE.get(cluster[0], 0.0)


def rating_valence(text: str) -> float:
    """Map a rating like "8/10" or "2 étoiles" to a valence centred on the scale's middle."""
    if "/" in text:
        given, scale = text.replace(" ", "").replace(",", ".").split("/")
        ratio = min(float(given) / float(scale), 1.0)
    else:
        count = _STARS_COUNT.match(text.lower())
        word = count.group(1) if count else "0"
        ratio = (int(word) if word.isdigit() else _STAR_WORDS.get(word, 0)) / 5
    return round((ratio - 0.5) * 2 * _RATING_SPAN, 3)

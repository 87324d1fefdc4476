"""Accuracy and speed of the default sentiment analyzer and of language detection.

    .venv/bin/python benchmarks/sentiment_bench.py [--split eval] [--texts 20000]

Quality on the labelled sets of tests/listening/sentiment/data/ (`eval` is held out: it was
written before any tuning and never used for it; `dev` is what the lexicon and thresholds
were tuned on, and `dev2`/`dev3` the later English-only tuning batches, shown only for
comparison; a language without a file for the split is skipped). Each language is scored
with the language given, then end to end with `lang=None` (detection first), then without
Vigie's domain layer, and English also with vaderSentiment's own analyzer as the baseline.
Speed is measured on one core over `--texts` posts cycled from the dev and eval sets of both
languages (the same pool as before the English batches, so rates stay comparable).
"""

import os

# One core, as a worker process would get: keep numpy's BLAS from spreading out.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from itertools import cycle, islice  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.listening import language  # noqa: E402
from app.listening.sentiment import LABELS, LexiconSentimentAnalyzer, Sentiment  # noqa: E402
from app.listening.sentiment.evaluation import Example, Report, load_examples  # noqa: E402
from app.listening.sentiment.lexicons import compiled_rules  # noqa: E402
from app.listening.sentiment.tokenize import fold  # noqa: E402

DATA = ROOT / "tests" / "listening" / "sentiment" / "data"
LANGS = ("fr", "en")


class VaderBaseline:
    """vaderSentiment 3.3.2 as published, with its documented ±0.05 compound cut-offs."""

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader = SentimentIntensityAnalyzer()

    def analyze_many(self, texts: Sequence[str], langs: object = None) -> list[Sentiment]:
        out = []
        for text in texts:
            compound = self._vader.polarity_scores(text)["compound"]
            label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 \
                else "neutral"
            out.append(Sentiment(compound, label))  # type: ignore[arg-type]
        return out


def report(analyzer: object, examples: list[Example], lang: str | None) -> Report:
    sentiments = analyzer.analyze_many(  # type: ignore[attr-defined]
        [e.text for e in examples], [lang] * len(examples))
    return Report([e.label for e in examples], [s.label for s in sentiments])


def print_report(title: str, r: Report, detail: bool) -> None:
    print(f"  {title:<38} accuracy {r.accuracy:.3f}   macro-F1 {r.macro_f1:.3f}   "
          f"(n={len(r.gold)})")
    if not detail:
        return
    print(f"    {'class':<9} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for label in LABELS:
        support = sum(r.confusion[label].values())
        print(f"    {label:<9} {r.precision(label):>9.3f} {r.recall(label):>7.3f} "
              f"{r.f1(label):>6.3f} {support:>8}")
    print("    confusion (rows = gold, columns = predicted)")
    print("    " + " " * 9 + "".join(f"{p[:3]:>6}" for p in LABELS))
    for gold in LABELS:
        print(f"    {gold:<9}" + "".join(f"{r.confusion[gold][p]:>6}" for p in LABELS))


def quality(split: str) -> None:
    lexicon = LexiconSentimentAnalyzer()
    bare = LexiconSentimentAnalyzer(domain=False)
    for lang in LANGS:
        if not (DATA / f"{split}_{lang}.csv").exists():
            continue
        examples = load_examples(DATA / f"{split}_{lang}.csv")
        print(f"\n[{lang}] {split}_{lang}.csv")
        print_report("lexicon + domain, lang given", report(lexicon, examples, lang), True)
        print_report("lexicon + domain, lang detected", report(lexicon, examples, None), False)
        print_report("lexicon without domain layer", report(bare, examples, lang), False)
        if lang == "en":
            print_report("vaderSentiment 3.3.2 as published", report(
                VaderBaseline(), examples, lang), False)
        detected = [language.detect_language(e.text) for e in examples]
        right = sum(d == lang for d in detected)
        unsure = sum(d is None for d in detected)
        print(f"  language detection on these texts: {right} right, {unsure} None, "
              f"{len(detected) - right - unsure} wrong")


def rate(label: str, func: Callable[[], object], count: int) -> None:
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    print(f"  {label:<46} {count / elapsed:>9,.0f} texts/s  ({elapsed:.2f} s for {count:,})")


def speed(total: int) -> None:
    pool = [(e.text, lang) for lang in LANGS for split in ("dev", "eval")
            for e in load_examples(DATA / f"{split}_{lang}.csv")]
    sample = list(islice(cycle(pool), total))
    texts = [t for t, _ in sample]
    langs = [lang for _, lang in sample]
    analyzer = LexiconSentimentAnalyzer()

    print(f"\nspeed, one core, {total:,} texts (mean {sum(map(len, texts)) / total:.0f} chars)")
    start = time.perf_counter()
    compiled_rules.cache_clear()
    fold.cache_clear()
    for lang in LANGS:
        compiled_rules(lang)
    print(f"  {'lexicon load + compile (fr and en, once)':<46} {time.perf_counter() - start:.2f} s")
    language._model.cache_clear()  # measure a cold load, as in a fresh worker
    start = time.perf_counter()
    language.warm_up()
    print(f"  {'language model load (once)':<46} {time.perf_counter() - start:.2f} s")
    analyzer.analyze_many(texts[:500], langs[:500])  # warm caches

    rate("sentiment, language given", lambda: analyzer.analyze_many(texts, langs), total)
    rate("sentiment, language detected (lang=None)", lambda: analyzer.analyze_many(texts),
         total)
    rate("language detection alone", lambda: [language.detect_language(t) for t in texts],
         total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("eval", "dev", "dev2", "dev3"), default="eval")
    parser.add_argument("--texts", type=int, default=20_000)
    args = parser.parse_args()
    quality(args.split)
    speed(args.texts)


if __name__ == "__main__":
    main()

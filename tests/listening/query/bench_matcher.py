"""Matcher throughput on short French/English texts (not a test: timings vary by machine).

Run: .venv/bin/python -m tests.listening.query.bench_matcher
"""

import random
import time

from app.listening.query import MatchDoc, compile_query, parse

QUERIES = {
    "5 words": 'vigie OR "vigie app" OR agence -spam -"bad buzz"',
    "typical": '(vigie OR #vigie OR "vigie app") (agence OR agency OR client*) -spam lang:fr',
    "words only": "vigie agence client marque avis",
}
_TEXT = ("le café de la marque est très apprécié par les clients l'agence publie un avis "
         "the brand posted a new video about coffee and customers love it réseaux sociaux "
         "vigie veille e-réputation bad buzz campagne lancement produit")
WORDS = _TEXT.split()


def _docs(count: int, seed: int = 7) -> list[MatchDoc]:
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40)))
        if rng.random() < 0.3:
            text += " #vigie @agence https://example.com/x"
        docs.append(MatchDoc(text=text.capitalize() + ".", title=None, lang="fr",
                             url="https://www.example.com/post", source="web"))
    return docs


def main() -> None:
    docs = _docs(50_000)
    for name, text in QUERIES.items():
        matcher = compile_query(parse(text))
        # CPU time of this process: on a shared machine, wall time measures the neighbours.
        start = time.process_time()
        hits = sum(matcher.matches(doc) for doc in docs)
        elapsed = time.process_time() - start
        print(f"{name:10} {len(docs) / elapsed:10,.0f} docs/CPU-s  ({hits} matches)  {text}")


if __name__ == "__main__":
    main()

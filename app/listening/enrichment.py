"""Language and sentiment of collected items, scored beside the pipeline's database work.

Both are pure CPU (a few hundred microseconds a mention in Python) and need nothing from the
database, so `ingest` hands them to a separate process and, meanwhile, has PostgreSQL look up
near-duplicate candidates and store the chunks already scored. A process rather than a
thread: a scoring thread would hold the GIL, every wake-up of the event loop (a query's answer)
would wait up to the interpreter's switch interval (5 ms) for it, and the pipeline's own Python
work would take turns with it instead of running beside it.

Small batches (a quiet feed, a test) are scored in the caller's process: handing them over
costs more than it saves, and the first hand-over starts the process and loads the models
(about two seconds).
"""

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from app.listening.language import detect_languages, warm_up
from app.listening.sentiment import get_analyzer

logger = logging.getLogger(__name__)

# Below this many items a batch is scored in place (see the module docstring).
MIN_OFFLOAD = 64


class Entry(NamedTuple):
    """What scoring needs of one item; small, since it crosses a process boundary."""

    lang_hint: str | None
    lang_text: str  # read only when there is no hint
    sentiment_text: str


class Scores(NamedTuple):
    lang: str | None
    score: float
    label: str


def score(entries: Sequence[Entry]) -> list[Scores]:
    """Language (the hint when the source gave one) and sentiment of each entry."""
    missing = [e.lang_text for e in entries if not e.lang_hint]
    detected = iter(detect_languages(missing) if missing else [])
    langs = [e.lang_hint or next(detected) for e in entries]
    results = get_analyzer().analyze_many([e.sentiment_text for e in entries], langs)
    return [Scores(lang, s.score, s.label) for lang, s in zip(langs, results, strict=True)]


def _start_child() -> None:
    warm_up()
    get_analyzer().analyze_many(["warm up"], ["en"])


class Scorer:
    """Scores batches in up to `processes` child processes (0: always in place)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def offloads(self, size: int) -> bool:
        return self.processes > 0 and size >= MIN_OFFLOAD

    def submit(self, entries: Sequence[Entry]) -> "asyncio.Future[list[Scores]]":
        """Score `entries` in a child process; scored in place if the pool is broken.
        Cancelling the returned future cancels the work if it has not started."""
        try:
            future = self._executor().submit(score, list(entries))
        except (BrokenProcessPool, RuntimeError):
            logger.warning("scoring process gone; scoring in place")
            self._discard()
            return self.in_place(entries)
        return asyncio.ensure_future(self._result(future, entries))

    async def _result(self, future: "Future[list[Scores]]", entries: Sequence[Entry]
                      ) -> list[Scores]:
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # A child killed (OOM, signal) takes its work with it: score again here rather
            # than lose the batch.
            logger.warning("scoring process died; scoring in place")
            self._discard()
            return score(entries)

    @staticmethod
    def in_place(entries: Sequence[Entry]) -> "asyncio.Future[list[Scores]]":
        """Score `entries` now, in this process; the result as an already finished future."""
        result: asyncio.Future[list[Scores]] = asyncio.get_running_loop().create_future()
        result.set_result(score(entries))
        return result

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the parent runs an event loop and holds open connections
                # that a forked child must not share.
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_child)
            return self._pool

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def child_pids(self) -> list[int]:
        """The running child processes (for monitoring and the benchmark's CPU figures)."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        self._discard()


_scorer: Scorer | None = None


def get_scorer() -> Scorer:
    global _scorer
    if _scorer is None:
        from app.core.config import get_settings

        _scorer = Scorer(get_settings().scoring_processes)
    return _scorer


def close() -> None:
    """Stop the child processes (worker shutdown)."""
    global _scorer
    if _scorer is not None:
        _scorer.close()
        _scorer = None

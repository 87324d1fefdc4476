"""Canonical URLs: one article shared with other tracking tags is one mention."""

import random
from collections.abc import Callable

import pytest

from app.listening.urls import _canonical_general, canonical_url


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


@pytest.mark.parametrize(("url", "keep_fragment", "expected"), [
    ("https://www.Example.com/a/b/?utm_source=x&b=2&a=1", False,
     "https://example.com/a/b?a=1&b=2"),
    ("HTTP://EXAMPLE.com", False, "https://example.com"),
    ("http://example.com:80/x/", False, "https://example.com/x"),
    ("https://example.com:8443/x", False, "https://example.com:8443/x"),
    # w3lib's url_query_cleaner also drops repeated keys once it removes tracking ones
    ("https://example.com/x?a=1&a=2&fbclid=3", False, "https://example.com/x?a=1"),
    ("https://example.com/x?b=2&a=1&a=0", False, "https://example.com/x?a=0&a=1&b=2"),
    ("https://example.com/x?a&b=", False, "https://example.com/x?a=&b="),
    ("https://example.com/caf%c3%a9/?q=%e9t%C3%A9", False,
     "https://example.com/caf%C3%A9?q=%E9t%C3%A9"),
    ("https://example.com/café?q=a b", False, "https://example.com/caf%C3%A9?q=a+b"),
    ("https://bücher.de/straße", False, "https://xn--bcher-kva.de/stra%C3%9Fe"),
    ("https://example.com/a/./b/../c", False, "https://example.com/a/c"),
    ("https://example.com/page#section-2", False, "https://example.com/page"),
    ("https://example.com/page#section-2", True, "https://example.com/page#section-2"),
    ("https://example.com/page?utm_medium=x#top", True, "https://example.com/page#top"),
    (" https://example.com/x ", False, "https://example.com/x"),
    ("ftp://example.com/x", False, "ftp://example.com/x"),
    ("not a url", False, "not a url"),
])
def test_canonical_url(url: str, keep_fragment: bool, expected: str) -> None:
    assert canonical_url(url, keep_fragment=keep_fragment) == expected


def test_fast_path_gives_what_w3lib_gives() -> None:
    """URLs near the fast path's edges: mostly of parts it takes, some of parts it leaves."""
    rng = random.Random(3)
    parts = {  # (parts the fast path takes, parts it leaves to w3lib)
        "scheme": (["https", "http", "HTTPS", "Http"], ["ftp", "https:", "mailto"]),
        "host": (["example.com", "www.example.com", "WWW.Example.COM", "www.www.a.b",
                  "a-b.c-d.io", "a..b", "-a.", "1.2.3.4", "xn--bcher-kva.de"],
                 ["[::1]", "bücher.de", "user@example.com", "example.com:443", "example.com:",
                  "exa mple.com", ""]),
        "path": (["", "/", "//", "/a/", "/a//b", "/a-b_c.d~e", "/x.html", "/a.", "/~a",
                  "/a'b(c)*d,e+f=g:h@i!j$k&l"],
                 ["/a/./b", "/a/../b", "/.well-known", "/a;p", "/a%2Fb", "/a%7e", "/a b",
                  "/é", "/a|b", "/a[1]", "/a\\b"]),
        "key": (["a", "A", "b", "B", "utm_source", "UTM_Medium", "fbclid", "share", "shared",
                 "at_", "at_x", "spm", "ref", "a.b", "~"],
                ["", "x y", "é", "%41", "k+1", "a[]"]),
        "value": (["", "1", "2", "a.b", "~", "-_"], ["a b", "a+b", "%20", "%e9", "é", "x=y", "'"]),
        "fragment": (["", "#", "#top", "#a/b", "#a-b:c@d"], ["#a b", "#é", "#a?b", "#a#b"]),
    }

    def part(name: str) -> str:
        return rng.choice(parts[name][rng.random() < 0.05])

    for _ in range(20_000):
        pairs = [f"{part('key')}={part('value')}" if rng.random() < 0.95 else part("key")
                 for _ in range(rng.randrange(5))]
        separator = "&" if rng.random() < 0.95 else rng.choice(["&&", ";"])
        query = "?" + separator.join(pairs) if pairs or rng.random() < 0.05 else ""
        url = f"{part('scheme')}://{part('host')}{part('path')}{query}{part('fragment')}"
        for keep_fragment in (False, True):
            assert _outcome(canonical_url, url, keep_fragment=keep_fragment) \
                == _outcome(_canonical_general, url, keep_fragment), url


def _outcome(function: Callable[..., str], *args: object, **kwargs: object) -> object:
    try:
        return function(*args, **kwargs)
    except ValueError as error:  # w3lib refuses some URLs: both paths must then refuse
        return repr(error)

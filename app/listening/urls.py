"""Canonical URLs, so one article shared with other tracking tags is one mention."""

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref_src|ref_url|cmpid|"
    r"xtor|at_\w+|s_cid|_hsenc|_hsmi|mkt_tok|ocid|spm|share|smid|sr_share)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Most URLs need none of w3lib's work (~15 µs): an http(s) URL with a plain ASCII host, no
# port or user, a path (and fragment) of characters w3lib keeps as they are, the path
# without dot segments, and a query of key=value pairs made of unreserved characters,
# which w3lib only sorts. `_canonical_simple` gives the same result for those; anything
# else, down to a "%" or a "+" in the query, takes the general path.
_UNRESERVED = r"[A-Za-z0-9\-._~]"
_KEPT = r"[A-Za-z0-9\-._~/!$&'()*+,=:@]"
_SIMPLE = re.compile(
    rf"(?i:https?)://(?P<host>[A-Za-z0-9.-]+)(?P<path>/{_KEPT}*)?"
    rf"(?:\?(?P<query>{_UNRESERVED}+={_UNRESERVED}*(?:&{_UNRESERVED}+={_UNRESERVED}*)*))?"
    rf"(?:#(?P<fragment>{_KEPT}*))?"
)


def canonical_url(url: str, *, keep_fragment: bool = False) -> str:
    """Lowercase host without `www.`, https, no default port, sorted query without
    tracking parameters, no trailing slash; the fragment only when it names the item."""
    url = url.strip()
    simple = _SIMPLE.fullmatch(url)
    if simple and "/." not in (simple["path"] or ""):
        canonical = _canonical_simple(simple["host"], simple["path"] or "", simple["query"])
        return canonical + "#" + simple["fragment"] \
            if keep_fragment and simple["fragment"] else canonical
    return _canonical_general(url, keep_fragment)


def _canonical_general(url: str, keep_fragment: bool) -> str:
    """`canonical_url` of any stripped URL, through w3lib."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url
    query_keys = [pair.split("=", 1)[0] for pair in parts.query.split("&") if pair]
    tracking = [k for k in query_keys if _TRACKING.match(k)]
    cleaned = url_query_cleaner(url, tracking, remove=True, keep_fragments=keep_fragment) \
        if tracking else url
    normalized = canonicalize_url(cleaned, keep_fragments=keep_fragment)
    parts = urlsplit(normalized)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(parts.scheme)) else f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("https", netloc, path, parts.query,
                       parts.fragment if keep_fragment else ""))


def _canonical_simple(host: str, path: str, query: str | None) -> str:
    """`canonical_url` of a URL `_SIMPLE` matches (path without dot segments)."""
    canonical = "https://" + host.lower().removeprefix("www.") + path.rstrip("/")
    if not query:
        return canonical
    pairs = query.split("&")
    if any(_TRACKING.match(pair.partition("=")[0]) for pair in pairs):
        # as w3lib's url_query_cleaner does: tracking keys go, and so do repeated keys
        seen: set[str] = set()
        kept = []
        for pair in pairs:
            key = pair.partition("=")[0]
            if key not in seen:
                seen.add(key)
                if not _TRACKING.match(key):
                    kept.append(pair)
        pairs = kept
        if not pairs:
            return canonical
    # w3lib sorts (key, value) pairs; these are ASCII, so str order is its bytes order
    pairs = sorted(pair.partition("=")[::2] for pair in pairs)
    return canonical + "?" + "&".join(f"{key}={value}" for key, value in pairs)

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


def canonical_url(url: str, *, keep_fragment: bool = False) -> str:
    """Lowercase host without `www.`, https, no default port, sorted query without
    tracking parameters, no trailing slash; the fragment only when it names the item."""
    url = url.strip()
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

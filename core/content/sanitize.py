"""What an editor may put in a page: a small set of formatting tags, links that cannot run script.

nh3 (the Rust `ammonia` sanitizer) parses like a browser does, so tricks that fool regexes fail here.
"""
from __future__ import annotations

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "code",
        "pre", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Editor HTML reduced to safe formatting; scripts, styles, event handlers and javascript: links removed."""
    return nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def plain(text: str, limit: int) -> str:
    """Single-line text (titles, SEO fields), kept as text (templates escape it): control characters
    dropped, whitespace collapsed, cut to `limit`."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    return " ".join(printable.split())[:limit]

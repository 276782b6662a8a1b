"""File names and anchors from arbitrary text, stable across runs and platforms."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_MAX_SLUG_WORDS_LENGTH = 60


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; a short hash when nothing ASCII is left.

    The hash keeps "新闻" and "报道" apart, where a fixed fallback would collide.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > _MAX_SLUG_WORDS_LENGTH:
        slug = slug[:_MAX_SLUG_WORDS_LENGTH].rsplit("-", 1)[0]
    if not slug:
        slug = "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug

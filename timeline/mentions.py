"""TimeML event mentions, found by a linear model learned from TimeBank and AQUAINT.

Every word TimeBank would tag as an EVENT (verbs, event nouns such as "flight" or
"summit", event adjectives) with its class, polarity, modality, tense and aspect.
The weights were fitted by ``benchmarks/train_mentions.py`` (scikit-learn, at training
time only) and ship as JSON; here they are applied with numpy over the features
spaCy's parse already gives, so the layer costs a small fraction of the parse.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, POS, SHAPE, SUFFIX, TAG
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from timeline.contents import EventMention

MODEL_PATH = Path(__file__).parent / "models" / "event_mentions.json"

#: What the model decides for each token: whether it is an event, then its attributes
#: (named as ``EventMention``'s fields); modality, last, scores the event's auxiliaries.
HEADS = ("event", "cls", "polarity", "tense", "aspect", "modality")

#: Parts of speech an event can have; other tokens are never scored.
CANDIDATE_POS = frozenset(get_string_id(pos) for pos in ("VERB", "AUX", "NOUN", "PROPN", "ADJ", "ADV", "NUM", "ADP", "PRON"))

#: Children whose word says what a verb's tense, aspect, modality or polarity is.
_FUNCTION_DEPS = frozenset(get_string_id(dep) for dep in ("aux", "auxpass", "neg", "det", "mark", "prt", "advmod"))

#: Auxiliaries that may be a verb's modal word ("might supply", "could be sold").
_AUX_DEPS = frozenset(get_string_id(dep) for dep in ("aux", "auxpass"))

#: The feature templates, in the order of a key's first number.
TEMPLATES = (
    "lower", "lemma", "pos", "tag", "dep", "shape", "suffix", "ent", "morph",
    "lemma+pos", "head_lemma", "head_pos", "dep+head_pos", "dep+head_lemma",
    "child_dep", "child", "child_tag", "lemma+child_dep",
    "prev", "prev_tag", "next", "next_tag", "prev2_tag", "next2_tag",
    "aux_lemma", "aux_tag", "aux_lower",
)
_T = {name: number for number, name in enumerate(TEMPLATES)}
_COLUMNS = [LOWER, LEMMA, POS, TAG, DEP, SHAPE, SUFFIX, ENT_TYPE, MORPH, IS_SPACE]


def candidate_features(doc: Doc) -> list[tuple[int, list[tuple[int, ...]]]]:
    """Each token that could be an event, with its features: a template number and string ids.

    Ids of spaCy's analysis read as one array, not strings nor Token objects, because
    building those for every token would cost more than scoring them; ``readable_key``
    turns a key into the text the model file stores.
    """
    if not len(doc):
        return []
    lower, lemma, pos, tag, dep, shape, suffix, ent, morph, space = zip(*doc.to_array(_COLUMNS).tolist())
    heads = [i + offset for i, offset in enumerate(doc.to_array([HEAD]).astype("int64").tolist())]
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    words = [i for i in range(len(doc)) if not space[i]]
    before = dict(zip(words[1:], words))
    after = dict(zip(words, words[1:]))
    features = []
    for i in words:
        if pos[i] not in CANDIDATE_POS:
            continue
        h = heads[i]
        keys = [
            (0, lower[i]), (1, lemma[i]), (2, pos[i]), (3, tag[i]), (4, dep[i]), (5, shape[i]),
            (6, suffix[i]), (7, ent[i]), (8, morph[i]), (9, lemma[i], pos[i]),
            (10, lemma[h]), (11, pos[h]), (12, dep[i], pos[h]), (13, dep[i], lemma[h]),
        ]
        for c in children[i]:
            keys.append((14, dep[c]))
            keys.append((17, lemma[i], dep[c]))
            if dep[c] in _FUNCTION_DEPS:
                keys.append((15, dep[c], lemma[c]))
                keys.append((16, dep[c], tag[c]))
        b, a = before.get(i), after.get(i)
        b2, a2 = before.get(b), after.get(a)
        keys += [
            (18, 0 if b is None else lower[b]), (19, 0 if b is None else tag[b]),
            (20, 0 if a is None else lower[a]), (21, 0 if a is None else tag[a]),
            (22, 0 if b2 is None else tag[b2]), (23, 0 if a2 is None else tag[a2]),
        ]
        features.append((i, keys))
    return features


def modal_features(doc: Doc, i: int) -> list[tuple[int, list[tuple[int, ...]]]]:
    """Each auxiliary of token ``i`` that could be its modal word, with its features."""
    return [(c.i, [(24, c.lemma), (25, c.tag), (26, c.lower)]) for c in doc[i].children if c.dep in _AUX_DEPS]


def readable_key(key: tuple[int, ...], strings: StringStore) -> str:
    """``(2, id("say"))`` -> ``"lemma=say"``: the form the model file stores."""
    return TEMPLATES[key[0]] + "=" + " ".join(strings[v] if v else "" for v in key[1:])


def _key_of(readable: str) -> tuple[int, ...]:
    template, _, values = readable.partition("=")
    return (_T[template], *(get_string_id(v) if v else 0 for v in values.split(" ")))


@dataclass(frozen=True)
class MentionModel:
    """All heads' weights in one matrix: a token's scores are one gather and one sum."""

    rows: dict[tuple[int, ...], int]
    weights: np.ndarray  # features x columns of every head
    tensor: np.ndarray  # the width of spaCy's token vectors x columns
    bias: np.ndarray
    heads: tuple[tuple[str, tuple[str, ...], int, int], ...]  # head, labels, first and end column


def model_from_dict(data: dict) -> MentionModel:
    """The model ``benchmarks/train_mentions.py`` exported, ready to apply."""
    heads, columns, rows = [], 0, {}
    for name in HEADS:
        labels = tuple(data["heads"][name]["labels"])
        heads.append((name, labels, columns, columns + len(labels)))
        columns += len(labels)
        for feature in data["heads"][name]["weights"]:
            rows.setdefault(_key_of(feature), len(rows))
    weights = np.zeros((len(rows) + 1, columns), dtype=np.float32)  # the last row: unknown features
    tensor = np.zeros((len(data["heads"]["event"]["tensor"]), columns), dtype=np.float32)
    bias = np.zeros(columns, dtype=np.float32)
    for name, _, first, end in heads:
        head = data["heads"][name]
        bias[first:end] = head["bias"]
        if head["tensor"]:
            tensor[:, first:end] = head["tensor"]
        for feature, values in head["weights"].items():
            weights[rows[_key_of(feature)], first:end] = values
    return MentionModel(rows, weights, tensor, bias, tuple(heads))


@functools.lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> MentionModel:
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))


def find_event_mentions(doc: Doc, model: MentionModel | None = None) -> tuple[EventMention, ...]:
    """Every TimeML event mention of ``doc``, in text order, offsets into ``doc.text``."""
    model = load_model() if model is None else model
    features = candidate_features(doc)
    if not features:
        return ()
    if doc.tensor.shape != (len(doc), model.tensor.shape[0]):
        raise ValueError("the Doc has no token vectors of spaCy's tok2vec: parse it with timeline.nlp.parse")
    unknown = len(model.rows)
    candidates, indices, starts = [], [], []
    for i, keys in features:
        candidates.append(i)
        starts.append(len(indices))
        indices.extend(model.rows.get(key, unknown) for key in keys)
    scores = np.add.reduceat(model.weights[indices], starts, axis=0) + doc.tensor[candidates] @ model.tensor + model.bias
    _, event_labels, low, high = model.heads[0]
    is_event = scores[:, low:high].argmax(axis=1) == event_labels.index("YES")
    mentions = []
    for row in np.flatnonzero(is_event):
        token = doc[candidates[row]]
        values = {name: labels[int(scores[row, low:high].argmax())] for name, labels, low, high in model.heads[1:-1]}
        modality = _modal_word(doc, token.i, model)
        mentions.append(EventMention(token.text, token.idx, token.idx + len(token), modality=modality, **values))
    return tuple(mentions)


def _modal_word(doc: Doc, i: int, model: MentionModel) -> str:
    """The auxiliary of token ``i`` the modality head likes best, if it likes any."""
    _, labels, low, high = model.heads[-1]
    yes, no = low + labels.index("YES"), low + labels.index("NO")
    best, word = 0.0, ""
    for child, keys in modal_features(doc, i):
        scores = model.weights[[model.rows.get(key, len(model.rows)) for key in keys]].sum(axis=0) + model.bias
        if scores[yes] - scores[no] > best:
            best, word = scores[yes] - scores[no], doc[child].lower_
    return word

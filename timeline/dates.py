"""Find time expressions and normalise them to TIMEX3 values (placeholder: see issue #3)."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from .contents import TimeExpression


def find_time_expressions(doc: Doc, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression in ``doc``, in text order, normalised against ``published``."""
    raise NotImplementedError


def value_range(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and granularity covered by a TIMEX3 date value, or None."""
    raise NotImplementedError

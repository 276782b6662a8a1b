"""The visual timeline: a page that draws the entries on a time axis, and the data it draws.

``timeline/visual.md`` holds the controls and the text alternative; ``timeline/visual.json``
the entries; ``assets/timeline-visual.js`` draws them with the vendored vis-timeline
(``assets/vendor/vis-timeline/``), so nothing is fetched from another site.

vis-timeline renders an item's ``content`` and a group's as HTML, so every text taken
from an article is HTML-escaped here, once, before it reaches the browser.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from dataclasses import dataclass

from .contents import Entry

#: The page and its data, relative to the generated folder (docs/timeline/).
PAGE = "visual.md"
DATA = "visual.json"

#: Grouped by actor, the most-named actors get a row each and everyone else shares one:
#: 400 rows of one entry each would be a list, not a picture.
ACTOR_ROWS = 20
#: The row of entries with no type, or with none of the :data:`ACTOR_ROWS` actors.
OTHERS = "(others)"
#: The drawing opens on the newest this many entries: a longer story would open as a wall of
#: thousands of stacked boxes, slow to draw and unreadable. "Show all" and zooming out reach the
#: rest, and the home page's chart gives the story's shape.
FIRST_VIEW = 100

#: Granularities drawn as a range from the first to the last day; the others as a point,
#: unless their last day is after their first (a multi-day event).
RANGE_GRANULARITIES = frozenset({"week", "month", "year", "decade", "century"})

STATUS_LABELS = {"happened": "Happened", "planned": "Planned", "reported": "Reported"}


@dataclass(frozen=True)
class Drawn:
    """A dated entry as the pages show it: what the drawing needs, handed over by
    :mod:`timeline.writers` so that this module depends on no page's code."""

    entry: Entry
    link: str  # the Markdown link to its card from the generated folder ("2023.md#…")
    when: str  # its date as the pages write it
    last_day: dt.date | None  # the last day it spans, if any
    type_row: str  # the row of its type (the type page's name), or OTHERS


@dataclass(frozen=True)
class Rows:
    """What the drawing can be grouped by."""

    types: tuple[tuple[str, str], ...] = ()  # (row, label), in the pages' order
    actors: tuple[tuple[str, str, int], ...] = ()  # (name, row, how many entries name it)


def _escape(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _site_link(markdown_link: str, folder: str = ".") -> str:
    """A link written for MkDocs (``2023.md#x`` from a page in ``folder``) as the
    address of the built page, relative to ``folder``: ``2023/#x``. The browser resolves
    it against the data file's address, so it holds under any site path."""
    path, _, anchor = markdown_link.partition("#")
    target = posixpath.normpath(posixpath.join(folder, path)).removesuffix(".md")
    target = target.removesuffix("index").rstrip("/") + "/"
    return posixpath.relpath(target, folder) + "/" + (f"#{anchor}" if anchor else "")


def _actor_rows(rows: Rows) -> dict[str, str]:
    """The :data:`ACTOR_ROWS` most-named actors, most named first: name -> row."""
    named = sorted(rows.actors, key=lambda actor: (-actor[2], actor[0].casefold(), actor[0]))[:ACTOR_ROWS]
    return {name: row for name, row, _ in named}


def _item(number: int, drawn: Drawn, actor_rows: dict[str, str]) -> dict:
    """One entry as the browser draws it: where it goes, what it shows and where it leads."""
    event = drawn.entry.event
    status = event.status if event.status in STATUS_LABELS else "happened"
    classes = f"tl-vis--{status}" + (" tl-vis--denied" if event.negated else "")
    label = STATUS_LABELS[status] + (", denied" if event.negated else "")
    item = {"id": number, "start": event.date}
    last = drawn.last_day
    if last and (event.granularity in RANGE_GRANULARITIES or last.isoformat() > event.date):
        item["end"] = (last + dt.timedelta(days=1)).isoformat()  # vis-timeline's end is exclusive
    actors = sorted({actor_rows[n] for n in event.actors if n in actor_rows})
    item.update(
        content=_escape(event.title) or "Untitled event",
        when=_escape(drawn.when),
        status=_escape(label),
        className=classes,
        type=drawn.type_row,
        actors=actors or [OTHERS],
        link=_site_link(drawn.link),
    )
    return item


def visual_data(dated: list[Drawn], rows: Rows) -> dict:
    """The dated entries (in timeline order), the rows to group them by, and how many the first view shows."""
    actor_rows = _actor_rows(rows)
    items = [_item(number, drawn, actor_rows) for number, drawn in enumerate(dated)]
    data: dict = {
        "first_view": FIRST_VIEW,
        "items": items,
        "groups": {
            "type": [{"id": row, "content": _escape(label)} for row, label in rows.types],
            "actor": [{"id": row, "content": _escape(name)} for name, row in actor_rows.items()],
        },
    }
    for kind, rows in data["groups"].items():
        if any(OTHERS in ([item[kind]] if kind == "type" else item["actors"]) for item in items):
            rows.append({"id": OTHERS, "content": "No type" if kind == "type" else "Other actors, or none"})
    return data


def render_visual_page(drawn: int, undated: int) -> str:
    """``timeline/visual.md``: the drawing's controls, and the list pages as its text alternative,
    which is all a reader without JavaScript gets."""
    out = [
        "---\ntitle: Visual timeline\nhide:\n- navigation\n---\n\n",
        "# Visual timeline\n\n",
        "The same events as text: [the timeline by year](index.md) · [by actor](actors/index.md)"
        " · [by type](types/index.md)\n{ .tl-visual-alternative }\n\n",
    ]
    if not drawn:
        return "".join(out) + "No dated events yet: add articles to `seeds/` and run `timeline build`.\n"
    out.append(
        f"{_counted(drawn, 'event')} on a time axis. Drag to move through time; zoom with the buttons,"
        " Ctrl and the mouse wheel, or a pinch. Click an event to read it."
    )
    if drawn > FIRST_VIEW:
        out.append(f" It opens on the newest {FIRST_VIEW}; *Show all* fits the whole story.")
    if undated:
        out.append(f" {_counted(undated, 'undated event')} cannot be drawn: see [Undated](undated.md).")
    out.append("\n{ .tl-visual-intro }\n\n")
    out.append(
        "This drawing needs JavaScript, which is off or could not load here: the pages above"
        " list every event.\n{ .tl-visual-fallback }\n\n"
    )
    out.append(
        '<div class="tl-visual" hidden>\n'
        '<div class="tl-visual-controls">'
        '<label>Group by <select name="group"><option value="">nothing</option>'
        '<option value="type">type</option><option value="actor">actor</option></select></label> '
        '<button type="button" class="md-button" data-zoom="in">Zoom in</button> '
        '<button type="button" class="md-button" data-zoom="out">Zoom out</button> '
        '<button type="button" class="md-button" data-zoom="fit">Show all</button>'
        "</div>\n"
        '<p class="tl-visual-key"><span class="tl-vis-key tl-vis--happened">Happened</span> '
        '<span class="tl-vis-key tl-vis--planned">Planned</span> '
        '<span class="tl-vis-key tl-vis--reported">Reported</span> '
        '<span class="tl-vis-key tl-vis--happened tl-vis--denied">Denied</span></p>\n'
        '<p class="tl-visual-help" id="tl-visual-help">With the keyboard, in the drawing: ← and → go to the'
        " previous and next event, Home and End to the first and last, Enter opens it, + and − zoom.</p>\n"
        '<div class="tl-visual-canvas" tabindex="0" role="group" aria-roledescription="timeline"'
        ' aria-label="Events on a time axis" aria-describedby="tl-visual-help"></div>\n'
        '<p class="tl-visual-status" aria-live="polite"></p>\n'
        "</div>\n\n"
    )
    out.append(f"The drawing's data: [JSON]({DATA})\n{{ .tl-visual-data }}\n")
    return "".join(out)


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_visual(dated: list[Drawn], rows: Rows, undated: int) -> dict[str, str]:
    """The page and its data, by path relative to the generated folder."""
    data = visual_data(dated, rows)
    return {
        PAGE: render_visual_page(len(data["items"]), undated),
        DATA: json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
    }

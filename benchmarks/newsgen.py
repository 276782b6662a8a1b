"""A deterministic generator of realistic news articles, for measuring at scale.

Usage: ``python benchmarks/newsgen.py N FOLDER [--seed S]`` writes N Markdown articles.

Several stories run side by side (talks, a merger, an outbreak, an election, a
conflict), each a chain of dated happenings. Every article reports one happening of
its story as the lead, recalls earlier ones and announces later ones, in 300 to 800
words, with the date said in one of many ways (absolute, weekday, "yesterday", "last
week", "next month"), actors named in several forms, places, quotes and background.
Many articles of one story report the same happening, as wire services and papers do,
in other words: what the merge stage has to bring together. The same seed always
gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Story:
    name: str
    actors: tuple[tuple[str, ...], ...]  # each actor's forms: full name first
    places: tuple[str, ...]
    happenings: tuple[str, ...]  # "{a} met {b} in {place}"-style clauses, past tense
    plans: tuple[str, ...]  # future clauses
    topic: tuple[str, ...]  # nouns for background sentences


STORIES = (
    Story(
        "talks",
        (("Vladimir Putin", "Putin", "the Russian president"), ("Kim Jong Un", "Kim", "the North Korean leader"),
         ("Sergei Lavrov", "Lavrov"), ("Choe Son Hui", "Choe"), ("Russia",), ("North Korea", "Pyongyang")),
        ("Vladivostok", "Moscow", "Pyongyang", "the Vostochny Cosmodrome", "Khabarovsk"),
        ("{a} met {b} in {place}", "{a} held talks with {b} in {place}", "{a} signed a cooperation agreement with {b} in {place}",
         "{a} hosted {b} at a state dinner in {place}", "{a} visited an aircraft factory in {place}"),
        ("{a} will visit {place}", "{a} is expected to meet {b} in {place}", "{a} plans to sign a new treaty with {b}"),
        ("arms", "satellites", "grain", "sanctions", "rail links", "fuel"),
    ),
    Story(
        "merger",
        (("Northwind Air", "Northwind"), ("Coastal Air Holdings", "Coastal Air", "Coastal"), ("Maria Keller", "Keller", "the chief executive"),
         ("Tomas Brandt", "Brandt"), ("the Competition Authority", "the regulator")),
        ("Frankfurt", "Hamburg", "Brussels", "Lisbon"),
        ("{a} agreed to buy {b}", "{a} filed its merger plan with {b}", "{a} approved the takeover of {b}",
         "{a} cut 400 jobs in {place}", "{a} opened an inquiry into {b}"),
        ("{a} will decide on the deal", "{a} is due to publish its ruling on {b}", "{a} plans to close its base in {place}"),
        ("routes", "fares", "pilots", "slots", "shares", "pensions"),
    ),
    Story(
        "outbreak",
        (("the Health Ministry", "the ministry"), ("Amina Diallo", "Diallo", "the health minister"), ("the World Health Organization", "the WHO"),
         ("Red Cross",), ("Dr Lena Park", "Park")),
        ("Kindia", "Conakry", "Boke", "Mamou"),
        ("{a} confirmed new cases in {place}", "{a} opened a treatment centre in {place}", "{a} began vaccinating health workers in {place}",
         "{a} closed schools in {place}", "{a} sent a team of doctors to {place}"),
        ("{a} will reopen schools in {place}", "{a} is expected to declare the outbreak over", "{a} plans to vaccinate 50,000 people"),
        ("vaccines", "clinics", "cases", "quarantine", "testing", "funding"),
    ),
    Story(
        "election",
        (("Civic Alliance", "the Alliance"), ("Liberal Centre",), ("Hanna Volk", "Volk"), ("Piotr Nowak", "Nowak", "the prime minister"),
         ("the Electoral Commission", "the commission")),
        ("Warsaw", "Krakow", "Gdansk", "Poznan"),
        ("{a} won the most seats in {place}", "{a} opened coalition talks with {b}", "{a} conceded defeat in {place}",
         "{a} announced the results in {place}", "{a} signed a coalition deal with {b}"),
        ("{a} will form a government", "{a} is due to certify the results", "{a} plans to hold a vote of confidence"),
        ("turnout", "ballots", "seats", "coalition", "budget", "reform"),
    ),
    Story(
        "conflict",
        (("the Defence Ministry", "the ministry"), ("General Ivan Sokolov", "Sokolov"), ("the United Nations", "the UN"),
         ("Ukraine",), ("the United States", "Washington")),
        ("Donetsk", "Kharkiv", "Odesa", "Zaporizhzhia", "Kherson"),
        ("{a} shelled positions near {place}", "{a} launched drones at {place}", "{a} evacuated civilians from {place}",
         "{a} delivered aid to {place}", "{a} condemned the attack on {place}"),
        ("{a} will send more air defence systems", "{a} is expected to hold an emergency session", "{a} plans to rebuild the bridge at {place}"),
        ("shelling", "drones", "aid", "refugees", "artillery", "power lines"),
    ),
)

START = dt.date(2023, 1, 2)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
OUTLETS = ("Wire Service", "The Herald", "Evening Post", "Daily Courier", "Global News", "The Observer")
BACKGROUND = (
    "The {topic} question has dominated debate for months, analysts said.",
    "Critics argue that the plans for {topic} were drawn up in haste.",
    "According to figures released in {month}, spending on {topic} rose by {n} percent.",
    "Officials declined to give details about {topic}, citing security concerns.",
    "Some {n} people gathered outside the building, many of them carrying banners about {topic}.",
    "Observers noted that previous talks on {topic} had ended without agreement.",
    "The dispute over {topic} goes back at least {n} years.",
    "Local newspapers carried long reports on {topic} and on the reaction abroad.",
    "A spokesperson said the government remained committed to progress on {topic}.",
    "Markets reacted calmly, with traders focused on {topic} and on the wider economy.",
    "Residents interviewed on Thursday said they cared more about {topic} than about speeches.",
    "Experts warned that without new money for {topic} the plans could stall.",
)
QUOTES = (
    '"This is an important step for {topic}," {who} said.',
    '"We will not accept any pressure on {topic}," {who} told reporters.',
    '"Nobody expected the talks on {topic} to be easy," {who} said in a statement.',
    '{who} said the agreement on {topic} showed "real progress".',
)


def when(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """The date of ``day`` said as a reporter writing on ``published`` might say it."""
    gap = (published - day).days
    forms = [f"on {day.day} {MONTHS[day.month - 1]} {day.year}", f"on {MONTHS[day.month - 1]} {day.day}"]
    if gap == 0:
        forms += ["today", "on " + WEEKDAYS[day.weekday()]]
    elif gap == 1:
        forms += ["yesterday", "on " + WEEKDAYS[day.weekday()]]
    elif 1 < gap < 7:
        forms += ["on " + WEEKDAYS[day.weekday()], "last " + WEEKDAYS[day.weekday()]]
    elif 7 <= gap < 14:
        forms += ["last week"]
    elif gap < 0 and gap > -7:
        forms += ["on " + WEEKDAYS[day.weekday()], "next " + WEEKDAYS[day.weekday()]]
    elif gap <= -7:
        forms += [f"in {MONTHS[day.month - 1]}", "next month" if day.month != published.month else "later this month"]
    return rng.choice(forms)


def capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def article(n: int, rng: random.Random) -> tuple[str, str]:
    """The file name and Markdown text of article ``n``."""
    story = STORIES[n % len(STORIES)]
    # A story's happenings fall every 3 days; several articles report each one.
    happening = (n // len(STORIES)) // 3
    day = START + dt.timedelta(days=3 * happening + rng.randint(0, 1))
    published = day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 5, 9)))

    def actor() -> tuple[str, ...]:
        return rng.choice(story.actors)

    def fill(template: str, a: tuple[str, ...], b: tuple[str, ...]) -> str:
        return template.format(a=rng.choice(a), b=rng.choice(b), place=rng.choice(story.places))

    lead_a, lead_b = actor(), actor()
    lead_rng = random.Random(f"{story.name}-{happening}")  # the same happening in every article telling it
    lead = story.happenings[lead_rng.randrange(len(story.happenings))].format(
        a=lead_a[0], b=lead_b[0] if lead_b != lead_a else story.actors[-1][0], place=story.places[lead_rng.randrange(len(story.places))]
    )
    sentences = [f"{capitalised(lead)} {when(day, published, rng)}, officials said."]
    words = rng.randint(300, 800)
    while sum(len(s.split()) for s in sentences) < words:
        roll = rng.random()
        topic = rng.choice(story.topic)
        if roll < 0.25:
            earlier = published - dt.timedelta(days=rng.randint(3, 60))
            sentences.append(f"{capitalised(fill(rng.choice(story.happenings), actor(), actor()))} {when(earlier, published, rng)}.")
        elif roll < 0.4:
            later = published + dt.timedelta(days=rng.randint(1, 40))
            plan = fill(rng.choice(story.plans), actor(), actor())
            sentences.append(f"{capitalised(plan)} {when(later, published, rng)}.")
        elif roll < 0.55:
            sentences.append(rng.choice(QUOTES).format(topic=topic, who=rng.choice(actor())))
        else:
            sentences.append(rng.choice(BACKGROUND).format(topic=topic, month=rng.choice(MONTHS), n=rng.randint(2, 900)))
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.randint(2, 4):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    title = capitalised(lead)
    outlet = OUTLETS[n % len(OUTLETS)]
    front = f"---\ntitle: \"{title}\"\npublished: {published.isoformat()}\nsource: {outlet}\n---\n"
    return f"{published.isoformat()}-{story.name}-{n:05d}.md", front + "\n\n".join(paragraphs) + "\n"


def write_article(n: int, folder: Path, seed: int = 1) -> Path:
    """Write article ``n`` of the run ``seed`` into ``folder``."""
    name, text = article(n, random.Random(f"{seed}-{n}"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def generate(count: int, folder: Path, seed: int = 1) -> list[Path]:
    """Write ``count`` articles into ``folder``; the same ``seed`` gives the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_article(n, folder, seed) for n in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words:,} words, into {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

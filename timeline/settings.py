"""What a project may configure: ``timeline.yml``, checked, and the extraction settings.

No parser is loaded here: the cache, the command line and the pipeline read the
settings without spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import yaml

from .names import Aliases, build_aliases

CONFIG_NAME = "timeline.yml"
NUMERIC_DATE_ORDERS = ("month-first", "day-first")
#: Entries below this confidence stay out of the site (``timeline extract`` shows them all).
#: Confidence is calibrated (``timeline.calibration``); this is the lowest threshold at
#: which at least 85% of the entries kept were right on annotated news, as
#: ``benchmarks/calibration.py`` chooses it (rerun it when the map is rebuilt).
DEFAULT_MIN_CONFIDENCE = 0.84

#: The documented event taxonomy: type -> trigger lemmas (verbs and nouns).
#: Users extend it with ``event_types:`` in ``timeline.yml``.
EVENT_TYPES: Mapping[str, frozenset[str]] = {
    "talks": frozenset("talk talks meet meeting summit negotiate negotiation discuss discussion confer conference consultation".split()),
    "visit": frozenset("visit tour travel arrive arrival trip inspect depart fly show".split()),
    "ceremony": frozenset("toast ceremony celebrate celebration banquet reception dinner parade commemorate inaugurate inauguration award honour honor welcome".split()),
    "invitation": frozenset("invite invitation".split()),
    "agreement": frozenset("agree agreement sign deal accord treaty pact accept approve ratify settle settlement promise pledge".split()),
    "statement": frozenset("announce announcement declare declaration statement vow deny denial reject dismiss confirm warn urge reaffirm call speech address keynote presentation interview briefing".split()),
    "accusation": frozenset("accuse accusation allege allegation blame condemn criticise criticize sue lawsuit charge".split()),
    "military": frozenset("attack strike invade invasion bomb bombing shell shelling fire kill deploy drill offensive war missile".split()),
    "release": frozenset("launch release unveil introduce open debut".split()),
    "legal": frozenset(
        "arrest indict indictment convict conviction acquit acquittal guilty sentence plead testify testimony "
        "trial hearing verdict ruling jail imprison investigate investigation probe inquiry argument".split()  # not "appeal" (for witnesses) or "rule" (a country)
    ),
    "election": frozenset("elect election vote referendum poll ballot".split()),  # not "campaign" (a military one)
}


@dataclass(frozen=True)
class Settings:
    """What a project may configure about extraction."""

    event_types: Mapping[str, frozenset[str]]
    aliases: Aliases
    #: Read "03/04/2023" as 3 April when an article gives no clue (``numeric_dates: day-first``).
    day_first: bool = False

    @classmethod
    def from_config(cls, config: Mapping | None = None) -> "Settings":
        config = config or {}
        types = {name: set(lemmas) for name, lemmas in EVENT_TYPES.items()}
        for name, lemmas in (config.get("event_types") or {}).items():
            types.setdefault(str(name), set()).update(str(lemma).lower() for lemma in lemmas or ())
        day_first = config.get("numeric_dates") == "day-first"
        return cls({k: frozenset(v) for k, v in types.items()}, build_aliases(config.get("aliases")), day_first)


DEFAULT_SETTINGS = Settings.from_config()


class SettingsError(Exception):
    """A settings file the user must fix: the message names the file and what is wrong."""


def read_config(path: Path | None, warn: Callable[[str], None]) -> dict:
    """The optional ``timeline.yml``: aliases, event types, the confidence threshold, numeric dates, the size limit."""
    explicit = path is not None
    path = path or Path(CONFIG_NAME)
    if not path.exists():
        if explicit:
            raise SettingsError(f"{path}: no such settings file")
        return {}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    except OSError as error:  # a folder, or a file we may not read
        raise SettingsError(f"{path}: cannot read the settings file ({error.strerror or error})") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{path}: expected a mapping of settings (aliases, event_types, min_confidence, numeric_dates)")
    return _checked_config(config, path, warn)


def _checked_config(config: dict, path: Path, warn: Callable[[str], None]) -> dict:
    """Settings in the shapes the code expects, or a message saying which one is wrong."""
    checked = {}
    for key in ("aliases", "event_types"):
        table = config.get(key) or {}
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: {key} must map a name to a list of words")
        for name in table:
            if name is None or not str(name).strip():  # a blank name would swallow the names listed under it
                raise SettingsError(f"{path}: {key} has a blank name ({name!r}); write the name its words stand for")
        checked[key] = {str(name): _word_list(path, f"{key}.{name}", words) for name, words in table.items()}
    if "min_confidence" in config:
        value = config["min_confidence"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise SettingsError(f"{path}: min_confidence must be a number from 0 to 1, not {value!r}")
        checked["min_confidence"] = float(value)
    if "numeric_dates" in config:
        if config["numeric_dates"] not in NUMERIC_DATE_ORDERS:
            raise SettingsError(f"{path}: numeric_dates must be {' or '.join(NUMERIC_DATE_ORDERS)}, not {config['numeric_dates']!r}")
        checked["numeric_dates"] = config["numeric_dates"]
    if "max_article_bytes" in config:
        value = config["max_article_bytes"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(f"{path}: max_article_bytes must be a whole number of bytes, such as 500000, not {value!r}")
        checked["max_article_bytes"] = value
    for key in ("title", "description"):  # the story's, for the home page and the site's name
        if key in config:
            if not isinstance(config[key], str) or not config[key].strip():
                raise SettingsError(f"{path}: {key} must be a line of text, not {config[key]!r}")
            checked[key] = config[key].strip()
    for key in sorted(set(config) - {"aliases", "event_types", "min_confidence", "numeric_dates", "max_article_bytes", "title", "description"}):
        warn(f"{path}: unknown setting {key!r} ignored")
    return checked


def _word_list(path: Path, where: str, words: object) -> list[str]:
    """One word or a list of words: "Kim" and [Kim] mean the same, never the letters K, i, m."""
    if words is None:
        return []
    if isinstance(words, (str, int, float)):
        words = [words]
    if not isinstance(words, list) or not all(isinstance(w, (str, int, float)) for w in words):
        raise SettingsError(f"{path}: {where} must be a word or a list of words")
    if any(not str(w).strip() for w in words):  # a blank word names nothing: actors silently vanished
        raise SettingsError(f"{path}: {where} has a blank word; remove it or write the word")
    return [str(w) for w in words]

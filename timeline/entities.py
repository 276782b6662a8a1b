"""Names of people, organisations and places, resolved to one canonical form.

Within an article, "Mr Putin", "Putin" and "Vladimir Putin" are one person;
"DPRK" and "North Korea" are one country. Users add their own aliases in
``timeline.yml`` (see the README).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from spacy.tokens import Doc, Span

from .nlp import dateline_ends

#: Entity labels we keep, and what kind of name each is.
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "place", "FAC": "place"}

#: Honorifics and offices that precede a name but are not part of it.
TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president premier prime minister chancellor king queen "
    "prince princess general gen. gen col. colonel senator sen. sen rep. rep governor gov. secretary "
    "mayor chairman chairwoman pope sheikh ambassador judge justice comrade leader sheriff chief commissioner "
    "inspector sergeant sgt. captain capt. lieutenant lt. superintendent coroner detective executive director attorney".split()
)
#: Titles that also begin other names ("General Motors", "Lady Gaga"): stripped only before a
#: name of two words or more ("King Charles" stays), or as the second word of a title
#: ("Attorney General Merrick Garland", "Secretary General Guterres").
_NAME_OPENING_TITLES = frozenset("general king queen prince princess lord lady".split())

#: Widely used alternative names; a user's aliases add to these and win over them.
BUILTIN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "North Korea": ("DPRK", "Democratic People's Republic of Korea", "D.P.R.K."),
    "South Korea": ("Republic of Korea", "ROK"),
    "United States": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Russia": ("Russian Federation",),
    "China": ("People's Republic of China", "PRC"),
    "European Union": ("EU", "E.U."),
    "United Nations": ("UN", "U.N."),
}

#: Countries by the names news uses (after ``BUILTIN_ALIASES``), so that "the two countries"
#: means two of these rather than the capitals a story also names.
COUNTRIES = frozenset(
    """Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|
    Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia and Herzegovina|Bosnia|Botswana|Brazil|Brunei|
    Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|
    Colombia|Comoros|Congo|Democratic Republic of Congo|Costa Rica|Ivory Coast|Croatia|Cuba|Cyprus|Czech Republic|
    Czechia|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|
    Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|
    Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|
    Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|
    Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|
    Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|
    New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|
    Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Samoa|San Marino|
    Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|
    South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|
    Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|
    United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|
    Zambia|Zimbabwe""".replace("\n", "").replace("    ", "").split("|")
)

#: Nationality words for the countries news names most: "North Korean leader" speaks of
#: North Korea, so it counts among "the two countries".
DEMONYMS: Mapping[str, str] = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "Andorran": "Andorra",
    "Angolan": "Angola", "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia",
    "Australian": "Australia", "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Bahamian": "Bahamas",
    "Bahraini": "Bahrain", "Bangladeshi": "Bangladesh", "Barbadian": "Barbados", "Belarusian": "Belarus",
    "Belgian": "Belgium", "Belizean": "Belize", "Beninese": "Benin", "Bhutanese": "Bhutan",
    "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Botswanan": "Botswana", "Brazilian": "Brazil",
    "British": "United Kingdom", "Bruneian": "Brunei", "Bulgarian": "Bulgaria", "Burkinabe": "Burkina Faso",
    "Burmese": "Myanmar", "Burundian": "Burundi", "Cambodian": "Cambodia", "Cameroonian": "Cameroon",
    "Canadian": "Canada", "Cape Verdean": "Cape Verde", "Chadian": "Chad", "Chilean": "Chile",
    "Chinese": "China", "Colombian": "Colombia", "Comoran": "Comoros", "Congolese": "Congo",
    "Costa Rican": "Costa Rica", "Croatian": "Croatia", "Cuban": "Cuba", "Cypriot": "Cyprus", "Czech": "Czech Republic",
    "Danish": "Denmark", "Djiboutian": "Djibouti", "Dominican": "Dominican Republic", "Dutch": "Netherlands",
    "Ecuadorian": "Ecuador", "Egyptian": "Egypt", "Emirati": "United Arab Emirates", "Equatorial Guinean": "Equatorial Guinea",
    "Eritrean": "Eritrea", "Estonian": "Estonia", "Ethiopian": "Ethiopia", "Fijian": "Fiji", "Filipino": "Philippines",
    "Finnish": "Finland", "French": "France", "Gabonese": "Gabon", "Gambian": "Gambia", "Georgian": "Georgia",
    "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece", "Grenadian": "Grenada", "Guatemalan": "Guatemala",
    "Guinean": "Guinea", "Guyanese": "Guyana", "Haitian": "Haiti", "Honduran": "Honduras", "Hungarian": "Hungary",
    "Icelandic": "Iceland", "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq",
    "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy", "Ivorian": "Ivory Coast", "Jamaican": "Jamaica",
    "Japanese": "Japan", "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Kosovar": "Kosovo",
    "Kuwaiti": "Kuwait", "Kyrgyz": "Kyrgyzstan", "Lao": "Laos", "Laotian": "Laos", "Latvian": "Latvia",
    "Lebanese": "Lebanon", "Liberian": "Liberia", "Libyan": "Libya", "Lithuanian": "Lithuania",
    "Luxembourgish": "Luxembourg", "Malagasy": "Madagascar", "Malawian": "Malawi", "Malaysian": "Malaysia",
    "Maldivian": "Maldives", "Malian": "Mali", "Maltese": "Malta", "Mauritanian": "Mauritania",
    "Mauritian": "Mauritius", "Mexican": "Mexico", "Moldovan": "Moldova", "Monegasque": "Monaco",
    "Mongolian": "Mongolia", "Montenegrin": "Montenegro", "Moroccan": "Morocco", "Mozambican": "Mozambique",
    "Namibian": "Namibia", "Nepalese": "Nepal", "Nepali": "Nepal", "New Zealand": "New Zealand",
    "Nicaraguan": "Nicaragua", "Nigerien": "Niger", "Nigerian": "Nigeria", "North Korean": "North Korea",
    "North Macedonian": "North Macedonia", "Macedonian": "North Macedonia", "Norwegian": "Norway", "Omani": "Oman",
    "Pakistani": "Pakistan", "Palestinian": "Palestine", "Panamanian": "Panama", "Papua New Guinean": "Papua New Guinea",
    "Paraguayan": "Paraguay", "Peruvian": "Peru", "Polish": "Poland", "Portuguese": "Portugal", "Qatari": "Qatar",
    "Romanian": "Romania", "Russian": "Russia", "Rwandan": "Rwanda", "Salvadoran": "El Salvador", "Samoan": "Samoa",
    "Saudi": "Saudi Arabia", "Senegalese": "Senegal", "Serbian": "Serbia", "Sierra Leonean": "Sierra Leone",
    "Singaporean": "Singapore", "Slovak": "Slovakia", "Slovenian": "Slovenia", "Somali": "Somalia",
    "South African": "South Africa", "South Korean": "South Korea", "South Sudanese": "South Sudan",
    "Spanish": "Spain", "Sri Lankan": "Sri Lanka", "Sudanese": "Sudan", "Surinamese": "Suriname",
    "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria", "Taiwanese": "Taiwan", "Tajik": "Tajikistan",
    "Tanzanian": "Tanzania", "Thai": "Thailand", "Togolese": "Togo", "Tongan": "Tonga", "Tunisian": "Tunisia",
    "Turkish": "Turkey", "Turkmen": "Turkmenistan", "Ugandan": "Uganda", "Ukrainian": "Ukraine",
    "American": "United States", "Uruguayan": "Uruguay", "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela",
    "Vietnamese": "Vietnam", "Yemeni": "Yemen", "Zambian": "Zambia", "Zimbabwean": "Zimbabwe",
}

#: Capitals that news makes stand for their governments ("Tokyo and Seoul signed a pact"),
#: so that an article writing "Tokyo" and another writing "Japan" name one country.
#: Only ones news commonly uses so: not Victoria, Kingston, Tripoli or Sofia.
CAPITALS: Mapping[str, str] = {
    "Washington": "United States", "Moscow": "Russia", "Beijing": "China", "Tokyo": "Japan", "Seoul": "South Korea",
    "Pyongyang": "North Korea", "Kyiv": "Ukraine", "Kiev": "Ukraine", "London": "United Kingdom", "Paris": "France",
    "Berlin": "Germany", "Rome": "Italy", "Madrid": "Spain", "Lisbon": "Portugal", "Dublin": "Ireland",
    "The Hague": "Netherlands", "Vienna": "Austria", "Bern": "Switzerland", "Warsaw": "Poland", "Prague": "Czech Republic",
    "Budapest": "Hungary", "Bucharest": "Romania", "Athens": "Greece", "Ankara": "Turkey",
    "Belgrade": "Serbia", "Zagreb": "Croatia", "Minsk": "Belarus", "Vilnius": "Lithuania", "Riga": "Latvia",
    "Tallinn": "Estonia", "Helsinki": "Finland", "Stockholm": "Sweden", "Oslo": "Norway", "Copenhagen": "Denmark",
    "Chisinau": "Moldova", "Tbilisi": "Georgia", "Yerevan": "Armenia", "Baku": "Azerbaijan", "Tehran": "Iran",
    "Baghdad": "Iraq", "Damascus": "Syria", "Beirut": "Lebanon", "Amman": "Jordan", "Riyadh": "Saudi Arabia",
    "Doha": "Qatar", "Abu Dhabi": "United Arab Emirates", "Muscat": "Oman", "Sanaa": "Yemen", "Cairo": "Egypt",
    "Khartoum": "Sudan", "Addis Ababa": "Ethiopia", "Nairobi": "Kenya", "Pretoria": "South Africa", "Abuja": "Nigeria",
    "Kinshasa": "Democratic Republic of Congo", "Kigali": "Rwanda", "Kampala": "Uganda", "Rabat": "Morocco",
    "Algiers": "Algeria", "Tunis": "Tunisia", "Kabul": "Afghanistan", "Islamabad": "Pakistan", "New Delhi": "India",
    "Dhaka": "Bangladesh", "Kathmandu": "Nepal", "Colombo": "Sri Lanka", "Bangkok": "Thailand", "Hanoi": "Vietnam",
    "Manila": "Philippines", "Jakarta": "Indonesia", "Kuala Lumpur": "Malaysia", "Taipei": "Taiwan",
    "Ulaanbaatar": "Mongolia", "Astana": "Kazakhstan", "Tashkent": "Uzbekistan", "Canberra": "Australia",
    "Wellington": "New Zealand", "Ottawa": "Canada", "Mexico City": "Mexico", "Havana": "Cuba", "Caracas": "Venezuela",
    "Bogota": "Colombia", "Lima": "Peru", "Brasilia": "Brazil", "Buenos Aires": "Argentina", "Santiago": "Chile",
}

#: Dropping one of these from a name changes what it names ("North Korea" is not "Korea",
#: "Deschutes County Circuit Court" is not "Deschutes County", "Tollgate Loop" is not
#: "Tollgate"): a qualifier, or a word for an institution, a medium or a place.
NAME_QUALIFIERS = frozenset(
    "north south east west new upper lower central united old great "
    "court circuit county district department agency office board council committee commission ministry "
    "police sheriff army navy force university college school hospital center centre bank party church "
    "post times news journal herald gazette tribune radio tv television "
    "road street loop avenue lane drive highway way bridge forest park river lake mountain mount valley "
    "city town village state province region island bay port airport station fire "
    "foundation trust institute society fund".split()
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _key(name: str) -> str:
    return " ".join(name.translate(_APOSTROPHES).lower().split())


@dataclass(frozen=True)
class Aliases:
    """Maps every known alias (case-insensitively) to its canonical name."""

    table: Mapping[str, str] = field(default_factory=dict)
    #: The names a user listed, as written: found even where the language model misses them.
    listed: tuple[str, ...] = ()

    def canonical(self, name: str) -> str:
        return self.table.get(_key(name), name)


def build_aliases(user_aliases: Mapping[str, list[str] | tuple[str, ...]] | None = None) -> Aliases:
    """Aliases from the built-in table plus a user's ``{canonical: [alias, ...]}``."""
    table: dict[str, str] = {}
    for source in (BUILTIN_ALIASES, user_aliases or {}):
        for canonical, names in source.items():
            for name in (canonical, *names):
                table[_key(str(name))] = str(canonical)
    listed = {str(name) for canonical, names in (user_aliases or {}).items() for name in (canonical, *names)}
    return Aliases(table, tuple(sorted(listed, key=lambda name: (-len(name), name))))


@dataclass(frozen=True)
class Mention:
    """One name in the text, with its canonical form."""

    text: str
    start: int  # token index
    end: int  # token index, exclusive
    label: str
    name: str

    @property
    def kind(self) -> str:
        return KINDS[self.label]


#: A name ending in an abbreviation with dots: "U.S.", "Washington, D.C.".
_ABBREVIATION_END = re.compile(r"(?:^|\W)(?:[A-Z]\.)+[A-Z]$")
#: A share after a name, which the model may take into it: "Liberal Centre 6.3 per cent".
_SHARE_TAIL = re.compile(r"\s+[\d.,]+\s*(?:per\s*cent|percent|%).*$", re.I)
#: A company's legal form after its name, which articles write or leave out at will.
_COMPANY_SUFFIX = re.compile(r"(?:,| &)? (?:Inc|Corp|Ltd|LLC|L\.L\.C|PLC|plc|Co|GmbH|S\.A|N\.V)\.?$")


def clean_name(text: str) -> str:
    """Strip articles, honorifics and possessives: "the Kremlin's" -> "Kremlin", "Mr Putin" -> "Putin"."""
    text = " ".join(text.translate(_APOSTROPHES).split())
    text = re.sub(r"'s?$", "", text)
    text = _COMPANY_SUFFIX.sub("", text)  # "Coastal Air Holdings, Inc." is "Coastal Air Holdings"
    text = _SHARE_TAIL.sub("", text)  # "the Liberal Centre 6.3 per cent": a party's result, run into its name
    words = text.split(" ")
    in_title = False
    while len(words) > 1 and (words[0].lower() == "the" or _is_title_of(words[0], words[1:], in_title)):
        in_title = words.pop(0).lower() != "the"
    name = " ".join(words).strip(" -,.") if len(words) else text
    return name + "." if _ABBREVIATION_END.search(name) else name  # "U.S." keeps its last dot



def _is_title_of(word: str, rest: list[str], in_title: bool = False) -> bool:
    """Whether ``word`` is a title (or, ``in_title``, the next word of one) before the name
    ``rest``: not "Justice" of "Justice Department", "General" of "General Motors" or
    "Secretary" of "Secretary of State"."""
    word = word.lower()
    if word not in TITLES and word.rstrip(".") not in TITLES or not rest[0][:1].isupper() or rest[-1].lower() in NAME_QUALIFIERS:
        return False
    return in_title or word not in _NAME_OPENING_TITLES or len(rest) >= 2


def _extend_hyphenated(doc: Doc, ent: Span) -> Span:
    """Take in hyphen-joined parts of a place name: "Komsomolsk" -> "Komsomolsk-on-Amur"."""
    end = ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return doc[ent.start:end] if end != ent.end else ent


def _split_source_prefix(ent: Span, source: str | None) -> Span | None:
    """Drop the publisher's own name glued onto an entity ("told Sky News North Korea can")."""
    if not source:
        return ent
    words = source.split()
    if [t.text for t in ent[: len(words)]] == words:
        rest = ent[len(words):]
        return rest if len(rest) else None
    return ent


def _split_pair(span: Span, label: str, aliases: Aliases) -> list[tuple[Span, str]]:
    """ "Russia-DPRK" (as in "the Russia-DPRK friendship") is two known names, not one;
    so is "Cho, Iwaya" when the model runs a list of names a user listed into one."""
    hyphens = [t.i - span.start for t in span if t.text == "-" and not t.whitespace_ and not span.doc[t.i - 1].whitespace_]
    commas = [t.i - span.start for t in span if t.text == ","]
    for cuts, part_label in ((hyphens, "GPE"), (commas, label)):
        if len(cuts) == 1 and 0 < cuts[0] < len(span) - 1:
            left, right = span[: cuts[0]], span[cuts[0] + 1 :]
            if all(_key(clean_name(part.text)) in aliases.table for part in (left, right)):
                return [(left, part_label), (right, part_label)]
    return [(span, label)]


def find_mentions(doc: Doc, aliases: Aliases, source: str | None = None) -> list[Mention]:
    """Every kept name in ``doc``, canonicalised within the article.

    A short person name ("Putin", "Kim") becomes the one longer name in the same
    article it stands for ("Vladimir Putin", "Kim Jong Un"), by the same rule that
    joins names across articles (:func:`canonical_names`).
    """
    raw: list[tuple[Span, str, str]] = []
    text = doc.text  # rebuilt from every token on each access
    datelines = [(text.rfind("\n", 0, end) + 1, end) for end in dateline_ends(text)]
    for ent in doc.ents:
        if ent.label_ not in KINDS or any(start <= ent.start_char < end for start, end in datelines):
            continue  # "SEOUL, Sept 13 (Reuters) -" says where the copy was filed, not who did what
        span = _split_source_prefix(ent, source)
        if span is None:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            span = _extend_hyphenated(doc, span)
        for part, label in _split_pair(span, ent.label_, aliases):
            name = clean_name(part.text)
            if name and any(ch.isalpha() for ch in name):
                raw.append((part, label, aliases.canonical(name)))

    listed = _listed_names(doc, aliases, raw)
    covered = {i for span, _, _ in listed for i in range(span.start, span.end)}
    raw = [found for found in raw if found[0].start not in covered]  # "Kestrel Amankwah KC", listed, beats "Kestrel Amankwah" + "KC"
    raw = sorted(raw + listed, key=lambda found: found[0].start)
    # The model may tag one name a person in one sentence and a building in the next
    # ("the trial of Tobiah Wrenfield-Oduya"): each name takes the label it is given most,
    # and a name it also saw as a person counts its "buildings" without a building word
    # as person votes (Camp David, never a person here, stays a place). A tie goes to
    # the person, but never for a country ("Jordan", "Georgia").
    votes: dict[str, Counter] = defaultdict(Counter)
    for _, label, name in raw:
        votes[name][label] += 1
    for name, counts in votes.items():
        if counts["PERSON"] and counts["FAC"] and _reads_as_person(name):
            counts["PERSON"] += counts.pop("FAC")
    labels = {
        name: max(counts, key=lambda label: (counts[label], label == "PERSON" and name not in COUNTRIES))
        for name, counts in votes.items()
    }
    raw = [(span, labels[name], name) for span, _, name in raw]
    people = canonical_names(name for _, label, name in raw if label == "PERSON")
    return [Mention(span.text, span.start, span.end, label, people.get(name, name) if label == "PERSON" else name) for span, label, name in raw]


#: Words that name a building or a site: a "facility" without one is the model's mistake.
FACILITY_WORDS = frozenset(
    "airport avenue base bridge building castle cathedral centre center church cosmodrome court dam embassy factory "
    "gate hall harbour harbor highway hospital hotel house mosque museum palace park pier plant port prison road school "
    "square stadium station street temple terminal tower tunnel university wall".split()
)


def _reads_as_person(name: str) -> bool:
    """ "Tobiah Wrenfield-Oduya" tagged a facility: two or three capitalised words, none a building's."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(w.lower() in FACILITY_WORDS for w in words)


def _listed_names(doc: Doc, aliases: Aliases, found: list[tuple[Span, str, str]]) -> list[tuple[Span, str, str]]:
    """Known names the model did not tag, longest first: the user's listed names ("Cho,
    Iwaya and Wang"), and a name of two or more words the model tagged elsewhere in the
    article ("Meridian Airways agreed to buy", where it saw only "Coastal Air").

    Each takes the label the model gave the same name elsewhere in the article, else
    that of an organisation: an actor either way.
    """
    seen = {form for span, _, _ in found if len((form := clean_name(span.text)).split()) >= 2 and form.istitle()}
    forms = tuple(sorted(set(aliases.listed) | seen, key=lambda f: (-len(f), f)))
    if not forms:
        return []
    labels = {name: label for _, label, name in found}
    # A listed name may swallow the model's names it covers whole, never cut one in two.
    inside = {i: (span.start, span.end) for span, _, _ in found for i in range(span.start, span.end)}
    taken: set[int] = set()
    extra = []
    for match in _listed_pattern(forms).finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is None or taken & set(range(span.start, span.end)) or any(t.ent_type_ in ("DATE", "TIME") for t in span):
            continue  # "since May" is no Theresa May
        if any(not (span.start <= inside[i][0] and inside[i][1] <= span.end) for i in range(span.start, span.end) if i in inside):
            continue  # it would cut one of the model's names
        if inside.get(span.start) == (span.start, span.end):
            continue  # the model found it here too, with a label of its own
        name = aliases.canonical(match.group())
        extra.append((span, labels.get(name, "GPE" if name in COUNTRIES else "ORG"), name))
        taken.update(range(span.start, span.end))
    return extra


@functools.lru_cache(maxsize=64)
def _listed_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """One pattern for all known names, longest first, so a text is scanned once."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)")


def name_variants(mentions: list[Mention]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each canonical name with the other forms it was written in, sorted for stable output."""
    variants: dict[str, set[str]] = {}
    for mention in mentions:
        form = clean_name(mention.text)
        forms = variants.setdefault(mention.name, set())
        if form and form != mention.name:
            forms.add(form)
    return tuple((name, tuple(sorted(forms))) for name, forms in sorted(variants.items()))


def name_parts(name: str) -> list[str]:
    """The shorter names that can stand for ``name``: its leading and trailing word runs.

    "Vladimir Putin" -> ["Vladimir", "Putin"]; "Kim Jong Un" -> ["Kim", "Kim Jong",
    "Jong Un", "Un"]. A part must start with a letter ("iPhone 4" is never "4") and
    must not drop a qualifier ("North Korea" never gives "Korea").
    """
    words = name.split()
    parts = []
    for cut in range(1, len(words)):
        for kept, dropped in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
            if not kept[0][:1].isalpha() or " ".join(kept).casefold() in NAME_QUALIFIERS:
                continue
            if any(w.casefold().strip(".") in NAME_QUALIFIERS for w in dropped):
                continue
            parts.append(" ".join(kept))
    return parts


def canonical_names(names: Iterable[str], places: bool = False) -> dict[str, str]:
    """Map every name to its canonical form across articles.

    A leading title goes ("Mr Putin" is "Putin"). A name that is a leading or
    trailing part of exactly one longest name in the pool ("Putin" of "Vladimir
    Putin") takes that name; an ambiguous part ("Kim" with both "Kim Jong Un" and
    "Kim Yo Jong") stays as it is, unless a name in between is part of every one
    ("Coastal" of "Coastal Air", beside "Coastal Air Holdings" and "Coastal Air Pilots
    Association", is "Coastal Air"). Spellings that differ only in case or in a hyphen
    ("Kim Jong-un", "Kim Jong Un") take the most frequent one (then not all capitals,
    then the first in sort order).
    """
    counts = Counter(names)
    bare = {name: clean_name(name) or name for name in counts}
    spelling: dict[str, str] = {}
    for name, _ in sorted(Counter(bare[n] for n in counts.elements()).items(), key=lambda kv: (-kv[1], kv[0].isupper(), kv[0])):
        spelling.setdefault(_spelling_key(name), name)
    folded = sorted(spelling)
    longer_names: dict[str, set[str]] = defaultdict(set)  # part -> full names it can stand for
    acronyms: dict[str, set[str]] = defaultdict(set)  # written in capitals only: "Ira" is a name
    # Among places, "Boston Logan", the start of "Boston Logan International Airport", is a
    # short name of the airport, and so no longer name that "Boston" could stand for. (Not
    # among people: "Nelson Mandela" of the "Nelson Mandela Foundation" is still Mandela.)
    institution_openings = {
        " ".join(words[:cut])
        for full in folded
        if places and (words := full.split())[-1].strip(".") in NAME_QUALIFIERS
        for cut in range(1, len(words))
    }
    for full in folded:
        if full in institution_openings:
            continue
        for part in name_parts(spelling[full].casefold()):  # "Komsomolsk-on-Amur" never gives "Amur"
            longer_names[_spelling_key(part)].add(full)
        if initials := _initials(spelling[full]):  # "FEMA" stands for "Federal Emergency Management Agency"
            acronyms[_spelling_key(initials)].add(full)
    canonical: dict[str, str] = {}
    for key in folded:
        candidates = longer_names.get(key, set()) | (acronyms.get(key, set()) if spelling[key].isupper() else set())
        maximal = [c for c in candidates if not longer_names.get(c)]
        shared = sorted(c for c in candidates if c not in maximal and longer_names[c] >= set(maximal)) if len(maximal) > 1 else []
        target = maximal[0] if len(maximal) == 1 else max(shared, key=len, default=key)
        canonical[key] = spelling[target]
    return {name: canonical[_spelling_key(bare[name])] for name in counts}


def _initials(name: str) -> str | None:
    """The acronym a name of three or more capitalised words is known by, if it has one."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ("of", "and", "the", "for", "on", "in", "&")]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def _spelling_key(name: str) -> str:
    """One key for the spellings of a name: case, a hyphen inside it and the dots of
    initials ("U.S. Justice Department", "US Justice Department") do not count."""
    name = re.sub(r"(?<=\b\w)\.", "", name)
    return re.sub(r"(?<=\w)[-\u2010\u2011](?=\w)", " ", name).casefold()

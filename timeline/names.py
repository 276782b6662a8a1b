"""Names without a parser: the name tables, aliases and canonical forms.

"DPRK" and "North Korea" are one country, "Mr Putin" is "Putin", and across
articles "Putin" is "Vladimir Putin". Nothing here needs spaCy, so the pages can
be written (``merge``, ``writers``) without loading it; ``entities`` finds the
names in a parsed article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping


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

    def knows(self, name: str) -> bool:
        return _key(name) in self.table


def build_aliases(user_aliases: Mapping[str, list[str] | tuple[str, ...]] | None = None) -> Aliases:
    """Aliases from the built-in table plus a user's ``{canonical: [alias, ...]}``."""
    table: dict[str, str] = {}
    for source in (BUILTIN_ALIASES, user_aliases or {}):
        for canonical, names in source.items():
            for name in (canonical, *names):
                table[_key(str(name))] = str(canonical)
    listed = {str(name) for canonical, names in (user_aliases or {}).items() for name in (canonical, *names)}
    return Aliases(table, tuple(sorted(listed, key=lambda name: (-len(name), name))))


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


def name_parts(name: str, trailing_only: bool = False) -> list[str]:
    """The shorter names that can stand for ``name``: its leading and trailing word runs.

    "Vladimir Putin" -> ["Vladimir", "Putin"]; "Kim Jong Un" -> ["Kim", "Kim Jong",
    "Jong Un", "Un"]. A part must start with a letter ("iPhone 4" is never "4") and
    must not drop a qualifier ("North Korea" never gives "Korea"). ``trailing_only``
    keeps the runs that end the name: a surname, never the "Boeing" of "Boeing
    Commercial Airplanes".
    """
    words = name.split()
    parts = []
    for cut in range(1, len(words)):
        runs = ((words[:cut], words[cut:]), (words[cut:], words[:cut]))
        for kept, dropped in runs[1:] if trailing_only else runs:
            if not kept[0][:1].isalpha() or " ".join(kept).casefold() in NAME_QUALIFIERS:
                continue
            if any(w.casefold().strip(".") in NAME_QUALIFIERS for w in dropped):
                continue
            parts.append(" ".join(kept))
    return parts


#: Words after a company's name that say its corporate form, not another company:
#: "Coastal Air Holdings" is Coastal Air.
CORPORATE_WORDS = frozenset("holding holdings group corporation company incorporated limited".split())


def canonical_names(names: Iterable[str], places: bool = False, people: bool = False) -> dict[str, str]:
    """Map every name to its canonical form across articles.

    A name is never widened into another: "Boeing" stays "Boeing" beside "Boeing
    Commercial Airplanes", a division of its own. A longer name is shortened to a
    shorter one of the same entity in the pool: a title goes ("President Vladimir
    Putin" is "Vladimir Putin"), so does a legal form or corporate word ("Coastal Air
    Holdings, Inc" is "Coastal Air"), and the country before a name ("U.S. Air Force"
    is "Air Force") when no other country's goes with it. A short name takes a longer
    one only where the longer is a person's full name: a surname ("Putin" of
    "Vladimir Putin"), an acronym ("FEMA"), or, among ``people`` (names known to be
    people's, as within an article), any leading or trailing part ("Kim" of "Kim Jong
    Un"); among ``places`` (names known to be no person's: places, organisations),
    never ("Boston" is not "Boston Logan International Airport"). An ambiguous part ("Kim" with both "Kim Jong Un" and "Kim Yo Jong") stays as
    it is, unless a name in between is part of every one. Spellings that differ only
    in case, a hyphen or the dots of initials ("Kim Jong-un", "Kim Jong Un") take the
    most frequent one (then not all capitals, then the first in sort order).
    """
    counts = Counter(names)
    bare = {name: clean_name(name) or name for name in counts}
    spelling: dict[str, str] = {}
    for name, _ in sorted(Counter(bare[n] for n in counts.elements()).items(), key=lambda kv: (-kv[1], kv[0].isupper(), kv[0])):
        spelling.setdefault(_spelling_key(name), name)
    folded = sorted(spelling)
    shorter = _shorter_forms(folded)
    kept = [key for key in folded if key not in shorter]
    longer_names: dict[str, set[str]] = defaultdict(set)  # part -> full names it can stand for
    acronyms: dict[str, set[str]] = defaultdict(set)  # written in capitals only: "Ira" is a name
    for full in kept:
        # "Komsomolsk-on-Amur" never gives "Amur"
        parts = name_parts(spelling[full].casefold()) if people else [] if places else _surnames(spelling[full])
        for part in parts:
            longer_names[_spelling_key(part)].add(full)
        if initials := _initials(spelling[full]):  # "FEMA" stands for "Federal Emergency Management Agency"
            acronyms[_spelling_key(initials)].add(full)
    canonical: dict[str, str] = {}
    for key in kept:
        candidates = longer_names.get(key, set()) | (acronyms.get(key, set()) if spelling[key].isupper() else set())
        maximal = [c for c in candidates if not longer_names.get(c)]
        shared = sorted(c for c in candidates if c not in maximal and longer_names[c] >= set(maximal)) if len(maximal) > 1 else []
        target = maximal[0] if len(maximal) == 1 else max(shared, key=len, default=key)
        canonical[key] = spelling[target]
    for key in shorter:
        target = key
        while target in shorter:  # "U.S. Coastal Air Holdings" -> "Coastal Air Holdings" -> "Coastal Air"
            target = shorter[target]
        canonical[key] = canonical[target]
    return {name: canonical[_spelling_key(bare[name])] for name in counts}


#: Small words inside people's names: "Lula da Silva", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset("da de do dos das del della di du la le van von der den ter bin ibn al el".split())


def _surnames(name: str) -> list[str]:
    """The trailing parts of a name that reads as a person's ("Putin" of "Vladimir
    Putin", "Lula da Silva" of "Luiz Inacio Lula da Silva"): two to six capitalised
    words or name particles, none an institution's or a company's."""
    words = name.split()
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() or w in _NAME_PARTICLES for w in words):
        return []
    if any(w.casefold().strip(".,") in NAME_QUALIFIERS | CORPORATE_WORDS for w in words) or _spelling_key(words[0]) in _COUNTRY_ABBREVIATIONS:
        return []
    return name_parts(name.casefold(), trailing_only=True)


def _shorter_forms(keys: list[str]) -> dict[str, str]:
    """Each name's shorter name of the same entity in the pool, if it has one.

    "coastal air holdings" -> "coastal air" (a corporate word after it); "us air force"
    -> "air force" (a country before it), unless the pool also has another country's
    ("russia air force"): then "air force" is neither.
    """
    pool = set(keys)
    shorter: dict[str, str] = {}
    countries: dict[str, set[str]] = defaultdict(set)  # short name -> countries written before it
    for key in keys:
        words = key.split()
        cut = len(words)
        while cut > 1 and words[cut - 1].strip(".,") in CORPORATE_WORDS:
            cut -= 1
        if cut < len(words) and (short := " ".join(words[:cut])) in pool:
            shorter[key] = short
            continue
        for cut in range(1, len(words)):
            country, rest = " ".join(words[:cut]), " ".join(words[cut:])
            # "U.S. Air Force", "United States Air Force"; but "Jordan Peterson" is no Peterson of Jordan's
            institution = country in _COUNTRY_ABBREVIATIONS or any(w in NAME_QUALIFIERS for w in words[cut:])
            if country in _COUNTRY_KEYS and rest in pool and institution:
                countries[rest].add(_COUNTRY_KEYS[country])
                shorter[key] = rest
    return {key: short for key, short in shorter.items() if len(countries.get(short, ())) <= 1}


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


#: Spelling keys of the names of countries (and the EU and UN), for "U.S." in "U.S. Air Force".
_COUNTRY_KEYS: Mapping[str, str] = {
    _spelling_key(form): canonical
    for canonical, forms in ({c: () for c in COUNTRIES} | dict(BUILTIN_ALIASES)).items()
    for form in (canonical, *forms)
}
#: Those written in capitals ("US", "U.K."), which begin no person's name as "Jordan" may.
_COUNTRY_ABBREVIATIONS = frozenset(
    _spelling_key(form) for forms in BUILTIN_ALIASES.values() for form in forms if form.replace(".", "").isupper()
)

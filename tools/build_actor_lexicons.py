"""Builds the annotate actor lexicons (countries, organisations, roles) from the PETRARCH2 dictionaries.

Why a script: the lexicons are data learned from public dictionaries plus our own hand-curated overrides
(``src/storyline/data/annotate/*.manual.txt``); rebuilding them must give the same bytes every time, so a
reviewer can see exactly which facts came from where.

Usage::

    .venv/bin/python tools/build_actor_lexicons.py [PETRARCH2_DICTIONARY_DIR]

The directory defaults to ``../shared/reference/petrarch2-dictionaries`` relative to the repository root.
Only facts are taken (phrase -> code); no prose is copied. Attribution is in NOTICE.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LOG = logging.getLogger("build_actor_lexicons")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src" / "storyline" / "data" / "annotate"
DEFAULT_SOURCE = REPO.parent / "shared" / "reference" / "petrarch2-dictionaries"

# ---- codes ---------------------------------------------------------------------------------------------------------

#: ISO 3166-1 alpha-3, plus XKX (Kosovo: user-assigned code used by the EU, IMF and World Bank).
ISO3 = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH
    BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB
    CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO
    GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN
    IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
    MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER
    NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU
    RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF
    WSM YEM ZAF ZMB ZWE XKX
    """.split()
)

#: CAMEO country codes that are not ISO 3166 alpha-3, mapped to the ISO code of the same state.
CAMEO_TO_ISO = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR", "SCG": "SRB"}

#: CAMEO codes of states that no longer exist (or never did): their names must not be read as a current state.
CAMEO_DROP = frozenset({"DDR", "USR", "YUG", "CSK", "KNT"})

#: CAMEO agent/sector codes -> PLOVER sector codes (PLOVER manual, "Sector Codes"). CAMEO ``MED`` (media) is
#: PLOVER ``JRN``; CAMEO ``HLH`` (health) is PLOVER ``MED``; religions and ideologies collapse to REL/OPP/SOC.
CAMEO_TO_PLOVER = {
    "MED": "JRN", "HLH": "MED", "NGM": "NGO", "MNC": "BUS", "SEP": "REB", "INS": "REB", "RAD": "OPP",
    "HRI": "SOC", "ENV": "SOC", "DEV": "SOC", "PPL": "CVL", "MOD": "SOC", "IMG": "REB", "ISM": "SOC",
    "BUD": "REL", "CHR": "REL", "CTH": "REL", "PRO": "REL", "ORT": "REL", "MUS": "REL", "SUN": "REL",
    "SHI": "REL", "JEW": "REL", "HIN": "REL", "SIK": "REL", "JAN": "REL", "ATH": "REL", "ZRO": "REL",
}
PLOVER_SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC "
    "IGO NGO".split()
)
#: When CAMEO stacks GOV in front of one of these (``GOVLEG``, ``GOVJUD``), the second is the sharper sector;
#: ``GOVMIL`` (a defence minister) stays GOV: the person is a civilian official.
SHARPER_THAN_GOV = frozenset({"LEG", "JUD", "COP", "SPY"})


def to_iso(code: str) -> str | None:
    """The ISO alpha-3 for a CAMEO country code, or None for a region or a state that no longer exists."""
    if code in CAMEO_DROP:
        return None
    code = CAMEO_TO_ISO.get(code, code)
    return code if code in ISO3 else None


def to_sector(cameo: str) -> str | None:
    """The PLOVER sector for a CAMEO agent code such as ``GOVMIL`` or ``~CHRCTH`` (3-letter chunks)."""
    code = cameo.strip("~")
    chunks = [CAMEO_TO_PLOVER.get(code[i : i + 3], code[i : i + 3]) for i in range(0, len(code), 3)]
    chunks = [c for c in chunks if c in PLOVER_SECTORS]
    if not chunks:
        return None
    if chunks[0] == "GOV" and len(chunks) > 1 and chunks[1] in SHARPER_THAN_GOV:
        return chunks[1]
    return chunks[0]


# ---- PETRARCH actor files ------------------------------------------------------------------------------------------

CODE_RE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Record:
    """One PETRARCH actor entry: a primary phrase, its synonyms, and its (possibly dated) codes."""

    phrases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction or "")

    def current_code(self) -> str | None:
        """The code that applies today: the latest open-ended ``>date`` one, else the undated default."""
        after = [(r, c) for c, r in self.codes if r.startswith(">")]
        if after:
            return max(after)[1]
        undated = [c for c, r in self.codes if not r]
        return undated[0] if undated else None

    @property
    def dated(self) -> bool:
        return any(r for _, r in self.codes)


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_codes(text: str) -> list[tuple[str, str]]:
    out = []
    for inner in CODE_RE.findall(text):
        parts = inner.split()
        if parts and parts[0] != "---":
            out.append((parts[0], " ".join(parts[1:])))
    return out


def read_actor_records(path: Path) -> Iterator[Record]:
    """Records of a PETRARCH ``.actors`` file (format in dictionaries.rst, "Actor Dictionary")."""
    record: Record | None = None
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = strip_comment(raw)
        if not line.strip():
            continue
        if raw[:1] in " \t":  # a date restriction of the current record
            if record is not None:
                record.codes.extend(parse_codes(line))
            continue
        phrase_part = CODE_RE.split(line)[0].strip()
        if line.startswith("+"):
            if record is not None:
                record.phrases.append(phrase_part[1:].strip())
                record.codes.extend(parse_codes(line))
            continue
        if record is not None:
            yield record
        record = Record(phrases=[phrase_part], codes=parse_codes(line))
    if record is not None:
        yield record


def plain(phrase: str) -> str:
    """PETRARCH phrase -> words: ``_`` and blanks become one space; the trailing ``_`` marker goes."""
    return re.sub(r"\s+", " ", phrase.replace("_", " ")).strip()


SMALL_WORDS = frozenset("of the and for in on to a an at by with de da du des del la le al el von van y et".split())


def titled(phrase: str, acronyms: frozenset[str] = frozenset()) -> str:
    """``COTE D'IVOIRE`` -> ``Cote d'Ivoire``: news capitalisation for an upper-case dictionary phrase."""
    words = []
    for i, word in enumerate(phrase.split(" ")):
        if word.upper() in acronyms or re.fullmatch(r"([A-Za-z]\.)+", word):
            words.append(word.upper())
        elif i > 0 and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(_title_part(p) for p in word.split("-")))
    return " ".join(words)


def _title_part(part: str) -> str:
    low = part.lower()
    if low.startswith("d'") and len(low) > 2:
        return "d'" + low[2:].capitalize()
    return low.capitalize()


def fold(phrase: str) -> str:
    """Case- and accent-free key for de-duplicating phrases."""
    text = unicodedata.normalize("NFKD", phrase)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# ---- hand-curated files --------------------------------------------------------------------------------------------


def read_manual(name: str) -> list[list[str]]:
    """Rows of a ``*.manual.txt`` file (same TSV conventions as the lexicons: ``#`` comments, ``-`` empty)."""
    rows = []
    for line in (DATA / name).read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() if c.strip() != "-" else "" for c in line.split("\t")])
    return rows


def write_tsv(name: str, header: str, columns: list[str], rows: Iterable[tuple[str, ...]]) -> int:
    """Writes a lexicon deterministically (sorted, unique); returns the row count."""
    unique = sorted(set(rows), key=lambda r: tuple(c.casefold() for c in r) + r)
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    lines.append("# columns: " + "\t".join(columns))
    lines += ["\t".join(c if c else "-" for c in row) for row in unique]
    (DATA / name).write_text("\n".join(lines) + "\n", "utf-8")
    return len(unique)


BUILT_BY = """\
Built by tools/build_actor_lexicons.py from the PETRARCH2 dictionaries
({source}) and the hand-curated {manual}.
Do not edit by hand: edit the manual file or the script and rebuild. Facts learned from PETRARCH2
(MIT, Open Event Data Alliance) and PLOVER (CC BY-SA 4.0); see NOTICE."""

# ---- countries -----------------------------------------------------------------------------------------------------

#: Words that may wrap a country's short name in its formal name ("Islamic Republic of Afghanistan").
FORMAL_WORDS = frozenset(
    "republic of the kingdom state states islamic democratic people's peoples federal federation socialist arab "
    "commonwealth principality grand duchy sultanate union plurinational bolivarian co-operative "
    "cooperative".split()
)
DEMONYM_SUFFIXES = ("ian", "ean", "an", "ese", "ish", "i", "ic", "er", "ot", "ch", "ite", "ene")
UNPLURAL_SUFFIXES = ("ese", "ish", "ch", "ic", "ss", "s")


def country_records(source: Path) -> dict[str, list[str]]:
    """ISO code -> the phrases of its country block (the largest record whose current code is a bare country code)."""
    out: dict[str, list[str]] = {}
    for record in read_actor_records(source / "Phoenix.Countries.actors.txt"):
        code = record.current_code()
        if not code or len(code) != 3:
            continue
        iso = to_iso(code)
        if iso is None:
            LOG.info("dropped country code %s (%s)", code, plain(record.phrases[0]))
            continue
        phrases = [plain(p) for p in record.phrases if p]
        if len(phrases) > len(out.get(iso, ())):  # the country block is the biggest; others are cities, regions
            out[iso] = phrases
    return out


def is_formal_name(candidate: str, short: str) -> bool:
    """True when ``candidate`` is ``short`` wrapped only in formal words ("Republic of Serbia")."""
    longer, shorter = candidate.lower().split(), short.lower().split()
    n = len(shorter)
    for i in range(len(longer) - n + 1):
        rest = longer[:i] + longer[i + n :]
        if longer[i : i + n] == shorter and rest and all(w in FORMAL_WORDS for w in rest):
            return True
    return False


def demonym_forms(name: str) -> set[str]:
    """Regular English demonyms of a one-word name (Aruba -> Aruban, Bermuda -> Bermudian, Iraq -> Iraqi)."""
    n = name.lower()
    stems = {n, n[:-1]} if n[-1:] in "aeiouy" else {n}
    return {stem + suffix for stem in stems for suffix in DEMONYM_SUFFIXES} | {n[:-1] + "ian"}


def is_demonym(candidate: str, names: list[str]) -> bool:
    """True when ``candidate`` is a regular demonym of one of ``names``; misspellings and cities fail."""
    low = candidate.lower()
    return any(low in demonym_forms(n) for n in names if " " not in n and low != n.lower())


def plural_demonym(demonym: str) -> str | None:
    low = demonym.lower()
    if low.endswith(UNPLURAL_SUFFIXES):
        return None
    return demonym + "s"


def petrarch_country_rows(source: Path) -> list[tuple[str, str, str, str]]:
    """(code, kind, phrase, sector) for PETRARCH's country names and demonyms; cities and misspellings skipped."""
    rows = []
    curated = {r[0] for r in read_manual("countries.manual.txt") if r[1] == "demonym"}
    for iso, phrases in country_records(source).items():
        if not phrases:
            continue
        primary = phrases[0]
        names = [primary] + [p for p in phrases[1:] if _clean(p) and is_formal_name(p, primary)]
        for name in names:
            rows.append((iso, "name", titled(name), ""))
        for p in phrases[1:]:
            if iso not in curated and _clean(p) and " " not in p and is_demonym(p, names):
                demonym = titled(p)
                rows.append((iso, "demonym", demonym, ""))
                if plural := plural_demonym(demonym):
                    rows.append((iso, "demonym", plural, ""))
    return rows


def _clean(phrase: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z' .-]+", phrase)) and len(phrase) >= 3


INSTITUTION_WORDS = frozenset(
    "ministry department army navy forces force court assembly parliament council committee service agency "
    "police guard guards command senate congress duma kremlin pentagon cabinet government military marines "
    "corps gendarmerie legislature directorate bureau commission office house".split()
)


def petrarch_institution_rows(source: Path, role_words: frozenset[str]) -> list[tuple[str, str, str, str]]:
    """National institutions from PETRARCH (undated country+sector records, e.g. ``KREMLIN [RUSGOV]``).

    Dated records are office holders (out of scope); phrases must name an institution, and phrases that end
    in a role noun ("White House spokesman") are left to the role lexicon.
    """
    rows = []
    for record in read_actor_records(source / "Phoenix.Countries.actors.txt"):
        code = record.current_code()
        if record.dated or not code or len(code) < 6:
            continue
        iso, sector = to_iso(code[:3]), to_sector(code[3:])
        if iso is None or sector is None:
            continue
        for p in map(plain, record.phrases):
            words = p.lower().split()
            if not _clean(p) or not words or words[-1] in role_words or words[-1].rstrip("s") in role_words:
                continue
            if not INSTITUTION_WORDS.intersection(words) or PERSON_WORDS.intersection(words):
                continue
            rows.append((iso, "institution", _strip_the(titled(p, ACRONYMS)), sector))
    return rows


#: Words that make an institution-like phrase a person's title ("Chairman of the Federation Council").
PERSON_WORDS = frozenset(
    "secretary chairman chairwoman spokesman spokeswoman spokesperson official officials justices".split()
)
ACRONYMS = frozenset("US USA UK UN EU NATO FBI CIA DOD FSB IDF PLA IRGC NSA".split())


def build_countries(source: Path, role_words: frozenset[str]) -> list[tuple[str, ...]]:
    """Rows for countries.txt: PETRARCH names/demonyms/institutions + countries.manual.txt, conflicts resolved."""
    manual = read_manual("countries.manual.txt")
    excluded = {fold(r[2]) for r in manual if r[1] == "exclude"}
    manual_rows = [(r[0], r[1], r[2], r[3] if len(r) > 3 else "") for r in manual if r[1] != "exclude"]
    auto = petrarch_country_rows(source) + petrarch_institution_rows(source, role_words)
    manual_keys = {fold(r[2]): r[0] for r in manual_rows}
    manual_entries = {(r[0], r[1], fold(r[2])) for r in manual_rows}
    rows: list[tuple[str, str, str, str]] = list(manual_rows)
    for row in auto:
        key = fold(row[2])
        if key in excluded or (key in manual_keys and manual_keys[key] != row[0]):
            continue
        if (row[0], row[1], key) in manual_entries and (row[0], row[1], row[2], row[3]) not in manual_rows:
            continue  # the manual row decides the sector (PETRARCH files the FSB under police)
        rows.append(row)
    rows = _drop_conflicts(rows, set(manual_keys))
    rows = _prefer_manual_spelling(rows, manual_rows)
    for r in rows:
        if r[0] not in ISO3:
            raise SystemExit(f"not an ISO alpha-3 code: {r}")
    rows += _canonical_rows(rows)
    return [r if r[1] == "institution" else r[:3] for r in rows]


def _canonical_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """One ``canonical`` row per country: the name news uses for it, the first name listed for its code
    (the manual file lists the usual name first: "United Kingdom" before "Northern Ireland")."""
    first: dict[str, str] = {}
    for r in rows:
        if r[1] == "name":
            first.setdefault(r[0], r[2])
    return [(code, "canonical", name, "") for code, name in first.items()]


def _drop_conflicts(rows: list[tuple[str, ...]], manual_keys: set[str]) -> list[tuple[str, ...]]:
    """A phrase that names two countries is useless as a cue: drop it unless the manual file decided it."""
    codes: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        codes[fold(r[2])].add(r[0])
    out = []
    for r in rows:
        if len(codes[fold(r[2])]) > 1 and fold(r[2]) not in manual_keys:
            LOG.info("ambiguous phrase dropped: %s -> %s", r[2], sorted(codes[fold(r[2])]))
            continue
        out.append(r)
    return out


def _prefer_manual_spelling(
    rows: list[tuple[str, ...]], manual_rows: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """When the manual file spells a phrase (``Cote d'Ivoire`` vs ``Côte d'Ivoire``), keep both only if they differ."""
    manual_exact = {(r[0], r[1], r[2]) for r in manual_rows}
    manual_by_fold = {(r[0], r[1], fold(r[2])): r[2] for r in manual_rows}
    out = []
    for r in rows:
        spelled = manual_by_fold.get((r[0], r[1], fold(r[2])))
        if spelled and (r[0], r[1], r[2]) not in manual_exact and spelled.lower() == r[2].lower():
            continue  # same words, the manual capitalisation wins ("U.S." over "U.s.")
        out.append(r)
    return out


# ---- organisations -------------------------------------------------------------------------------------------------

ORG_WORDS = frozenset(
    "organization organisation union council commission fund bank agency foundation institute association "
    "federation committee league court tribunal program programme society alliance network movement "
    "partnership community forum watch cross crescent conference secretariat assembly parliament trust "
    "coalition corps mission authority initiative campaign relief international group centre center board "
    "office service services charity front brigade brigades army party".split()
)
ORG_SECTORS = {"IGO": "IGO", "NGO": "NGO"}


def petrarch_org_records(source: Path) -> list[tuple[str, str, list[str]]]:
    """(sector, country, phrases) for IGO and NGO entries that name an organisation, not a person."""
    out = []
    for record in read_actor_records(source / "Phoenix.International.actors.txt"):
        code = record.current_code()
        if record.dated or not code or code[:3] not in ORG_SECTORS:
            continue
        phrases = [plain(p) for p in record.phrases if _org_phrase(plain(p))]
        if not phrases:
            continue
        out.append((ORG_SECTORS[code[:3]], _org_country(code), phrases))
    return out


#: CAMEO region codes that look like ISO codes (CAF: Central Africa, not the Central African Republic).
CAMEO_REGIONS_LIKE_ISO = frozenset({"CAF", "NAM", "SAS", "SAM"})


def _org_country(code: str) -> str:
    """ISO code of a national NGO (``NGOGBRHRI`` -> GBR); IGOs are international by definition."""
    if code.startswith("IGO") or len(code) < 6 or code[3:6] in CAMEO_REGIONS_LIKE_ISO:
        return ""
    return to_iso(code[3:6]) or ""


def org_key(name: str) -> str:
    """Spelling-insensitive key: Organisation/Organization, Co-operation/Cooperation, a leading "the"."""
    key = fold(name)
    key = re.sub(r"^the ", "", key)
    for british, american in (("isation", "ization"), ("labour", "labor"), ("programme", "program"),
                              ("centre", "center"), ("defence", "defense")):
        key = key.replace(british, american)
    return key.replace(" ", "")


def _org_phrase(phrase: str) -> bool:
    if not re.fullmatch(r"[A-Za-z0-9'&.,() -]+", phrase) or len(phrase) < 3:
        return False
    words = phrase.lower().replace(",", " ").split()
    if len(words) == 1:
        return False  # bare acronyms from the long tail collide with common words; well-known ones are manual
    return bool(ORG_WORDS.intersection(words))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def build_organisations(source: Path) -> list[tuple[str, ...]]:
    """Rows for organisations.txt: organisations.manual.txt first, then PETRARCH's IGOs/NGOs not already named."""
    manual = read_manual("organisations.manual.txt")
    seen: dict[str, str] = {org_key(r[1]): "-" for r in manual if len(r) > 2 and r[2] == "exclude"}
    rows: list[tuple[str, ...]] = []
    for org_id, name, sector, country, aliases in (r + [""] * (5 - len(r)) for r in manual):
        if sector == "exclude":
            continue
        names = [name] + [a for a in aliases.split("|") if a]
        for n in names:
            if seen.get(org_key(n), org_id) != org_id:
                raise SystemExit(f"organisations.manual.txt: {n!r} names both {seen[org_key(n)]} and {org_id}")
            seen[org_key(n)] = org_id
        rows.append((org_id, name, sector, country, "|".join(a for a in aliases.split("|") if a)))
    ids = {r[0] for r in rows}
    for sector, country, phrases in petrarch_org_records(source):
        names = list(dict.fromkeys(_strip_the(titled(p, ACRONYMS)) for p in phrases))
        if any(org_key(n) in seen for n in names):
            continue
        org_id = slug(names[0])
        if not org_id or org_id in ids:
            continue
        ids.add(org_id)
        for n in names:
            seen[org_key(n)] = org_id
        rows.append((org_id, names[0], sector, country, "|".join(names[1:])))
    return rows


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


# ---- roles ---------------------------------------------------------------------------------------------------------

AGENT_RE = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)[\]}]")
#: Collective nouns: their singular is already a group ("police", "army", "ministry").
GROUP_HEADS = frozenset(
    "police army military government ministry ministries force forces troops parliament congress senate cabinet "
    "administration regime junta militia party court media press business industry company council committee "
    "assembly navy staff personnel clergy public people population opposition guard command corps service "
    "agency department office board union leadership movement group community family crew body authority "
    "station school university network newspaper organization organisation institute society association "
    "federation commission tribunal bank firm corporation airline sector ship vessel aircraft helicopter jet "
    "meeting unit battalion brigade regiment division squad fleet".split()
)
#: When PETRARCH lists one title under two sectors, the state sector wins ("minister of environment": GOV).
SECTOR_PRIORITY = (
    "GOV MIL COP JUD LEG SPY REB UAF OPP PTY PRM CRM IGO NGO BUS JRN MED EDU REL LAB AGR REF ELI CVL SOC PRE UNK"
).split()


def expand_substitutions(text: str) -> tuple[dict[str, list[str]], list[str]]:
    """Splits the agents file into its ``!MARKER! = a, b`` sets and its entry lines."""
    subs: dict[str, list[str]] = {}
    entries = []
    for raw in text.splitlines():
        line = strip_comment(raw).strip()
        if not line or line.startswith("<"):
            continue
        if m := re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line):
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        entries.append(line)
    return subs, entries


def regular_plural(word: str) -> str:
    """Plural rule of dictionaries.rst: +S, Y -> IES, SS -> SSES."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _head_split(title: str) -> tuple[str, str]:
    """``general of the army`` -> (``general``, `` of the army``): the head noun ends the first part."""
    m = re.search(r" (?:of|for|without|in|on|to|at|with|and)\b", title)
    return (title[: m.start()], title[m.start() :]) if m else (title, "")


def pluralise(title: str) -> str:
    """``general of the army`` -> ``generals of the army``: the head noun takes the plural."""
    head, rest = _head_split(title)
    words = head.split()
    return " ".join(words[:-1] + [regular_plural(words[-1])]) + rest


def role_kind(title: str) -> str:
    """person for one individual's title, group for collectives and plurals ("troops", "police")."""
    head = _head_split(title)[0].split()[-1]
    if head in GROUP_HEADS or head.endswith(("men", "women", "people")) or _is_plural(head):
        return "group"
    return "person"


def _is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "ops"))


def petrarch_role_rows(source: Path) -> list[tuple[str, str, str]]:
    """(title, sector, kind) for Phoenix.agents.txt, with markers and plurals expanded to plain phrases."""
    subs, entries = expand_substitutions((source / "Phoenix.agents.txt").read_text("utf-8", errors="replace"))
    rows = []
    for line in entries:
        m = AGENT_RE.match(line)
        if not m:
            LOG.info("agents: unparsed line %r", line)
            continue
        sector = to_sector(m.group("code").replace("~", ""))
        if sector is None:
            continue
        phrase, plural = m.group("phrase").strip(), m.group("plural")
        phrase = re.sub(r"(?<![A-Z!])MINIST(?![A-Z!])", "!MINIST!", phrase)  # a few entries drop the ! marks
        variants = _substitute(phrase, subs)
        for v in variants:
            title = plain(v).lower()
            if not title or title.startswith("former "):
                continue  # "former" is handled in code (former + GOV title -> ELI)
            rows.append((title, sector, role_kind(title)))
            if "!" in phrase:  # the marker set already holds singular and plural forms
                continue
            if plural is None:
                if not _is_plural(_head_split(title)[0].split()[-1]):
                    rows.append((pluralise(title), sector, "group"))
            elif plural.strip():
                rows.append((plain(plural).lower(), sector, "group"))
    return rows


def _substitute(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for marker, values in subs.items():
        if marker in phrase:
            return [v for value in values for v in _substitute(phrase.replace(marker, value), subs)]
    return [phrase]


def build_roles(source: Path) -> list[tuple[str, ...]]:
    """Rows for roles.txt: PETRARCH agents, then roles.manual.txt (manual rows override and can exclude)."""
    manual = read_manual("roles.manual.txt")
    excluded = {r[0].lower() for r in manual if len(r) > 1 and r[1] == "exclude"}
    overrides = {r[0].lower(): (r[0].lower(), r[1], r[2]) for r in manual if len(r) > 2 and r[1] != "exclude"}
    by_title: dict[str, tuple[str, str, str]] = {}
    for row in petrarch_role_rows(source):
        title = row[0]
        if title in excluded or len(title) < 2 or not re.fullmatch(r"[a-z][a-z' .-]*", title):
            continue
        old = by_title.get(title)
        if old and old != row:
            LOG.info("agents: %r listed twice (%s, %s)", title, old, row)
            if SECTOR_PRIORITY.index(old[1]) <= SECTOR_PRIORITY.index(row[1]):
                continue
        by_title[title] = row
    by_title.update(overrides)
    return list(by_title.values())


# ---- office holders ------------------------------------------------------------------------------------------------

#: A name of a person is two to five words of letters, none of them a title ("PRESIDENT_CLINTON", "MR_CLINTON").
NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*")
NAME_PARTICLES = frozenset("al el bin ibn ben abu de da di du dos das van von der del la le y".split())
HONORIFICS = frozenset(
    "mr mrs ms dr sir sheikh shaikh lord lady king queen prince princess emir sultan gov sen rep gen col lt capt "
    "maj sgt adm pres".split()
)


#: Words that make a dated record a group or a place, not a person ("Jaish al Muhajireen", "Diyala Province").
NOT_PERSON_WORDS = INSTITUTION_WORDS | frozenset(
    "jaish jaysh kataeb katibat liwa brigade brigades battalion front movement party group province governorate "
    "region district state republic".split()
)
GENERATION = frozenset("jr sr ii iii iv".split())


def _person_name(phrase: str, title_words: frozenset[str]) -> str | None:
    words = plain(phrase).split()
    if not 2 <= len(words) <= 5 or not all(NAME_WORD.fullmatch(w) for w in words):
        return None
    lowered = [w.lower().strip(".") for w in words]
    if any(w in title_words or w in HONORIFICS or w in NOT_PERSON_WORDS for w in lowered if w not in NAME_PARTICLES):
        return None
    return titled(" ".join(words))


def _short_form(name: str) -> str | None:
    """"Carlos Saul Menem" -> "Carlos Menem": news names a person by first and last name."""
    words = name.split()
    if len(words) < 3 or {words[0].lower(), words[-2].lower()} & NAME_PARTICLES or "." in words[-1]:
        return None
    if words[-1].lower().strip(".") in GENERATION:
        return None  # "James Baker III" is not "James III"
    return f"{words[0]} {words[-1]}"


def petrarch_office_holders(source: Path, title_words: frozenset[str]) -> list[tuple[str, str, str, str]]:
    """(name, country, sector, aliases) for the office holders PETRARCH dates ("ROBERT_MUGABE_ [ZWEGOV ...]").

    The country is the one every code of the record agrees on (a record coded for two states is left out);
    the sector is that of the code that applies today. Names shared by people of different countries are left
    out, so a name never guesses a country.
    """
    people: list[tuple[str, str, str, list[str]]] = []
    for record in read_actor_records(source / "Phoenix.Countries.actors.txt"):
        if not record.dated:
            continue
        codes = [c for c, _ in record.codes if len(c) >= 6]
        countries = {to_iso(c[:3]) for c in codes}
        if len(countries) != 1 or None in countries:
            continue
        names = [n for n in (_person_name(p, title_words) for p in record.phrases) if n]
        if not names or _person_name(record.phrases[0], title_words) is None:
            continue  # a group or a place that lists people among its names
        current = record.current_code() or codes[-1]
        sector = to_sector(current[3:]) or to_sector(codes[-1][3:])
        if not sector:
            continue  # a region or a militia's list of names, not an office
        forms = list(dict.fromkeys(names + [f for f in map(_short_form, names) if f]))
        people.append((forms[0], countries.pop() or "", sector, forms[1:]))
    owners: dict[str, set[str]] = defaultdict(set)
    for name, country, _, aliases in people:
        for form in (name, *aliases):
            owners[fold(form)].add(country)
    rows = []
    for name, country, sector, aliases in people:
        if len(owners[fold(name)]) > 1:
            continue
        kept = [a for a in aliases if len(owners[fold(a)]) == 1]
        rows.append((name, country, sector, "|".join(kept)))
    return rows


def build_office_holders(source: Path, roles: list[tuple[str, str, str]]) -> list[tuple[str, ...]]:
    """Rows for office_holders.txt; a name people.txt (the team's list) knows is left to it."""
    curated = {fold(r[0]) for r in read_manual("people.txt")}
    title_words = frozenset(w for t, _, kind in roles if kind == "person" for w in t.split() if len(w) > 2)
    rows = petrarch_office_holders(source, title_words - SMALL_WORDS)
    return [r for r in rows if fold(r[0]) not in curated]


# ---- main ----------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="PETRARCH2 dictionary dir")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every dropped or conflicting entry")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    source: Path = args.source.resolve()
    shown = "../shared/reference/petrarch2-dictionaries" if source == DEFAULT_SOURCE.resolve() else source.name

    roles = build_roles(source)
    role_words = frozenset(t for t, _, _ in roles if " " not in t)
    n_roles = write_tsv(
        "roles.txt",
        BUILT_BY.format(source=shown, manual="roles.manual.txt") + ROLES_NOTE,
        ["title", "sector", "kind"],
        roles,
    )
    n_countries = write_tsv(
        "countries.txt",
        BUILT_BY.format(source=shown, manual="countries.manual.txt") + COUNTRIES_NOTE,
        ["code", "kind", "phrase", "sector"],
        build_countries(source, role_words),
    )
    n_orgs = write_tsv(
        "organisations.txt",
        BUILT_BY.format(source=shown, manual="organisations.manual.txt") + ORGS_NOTE,
        ["id", "name", "sector", "country", "aliases"],
        build_organisations(source),
    )
    n_people = write_tsv(
        "office_holders.txt",
        BUILT_BY.format(source=shown, manual="people.txt") + PEOPLE_NOTE,
        ["name", "country", "sector", "aliases"],
        build_office_holders(source, roles),
    )
    print(
        f"countries.txt {n_countries} rows, organisations.txt {n_orgs} rows, roles.txt {n_roles} rows, "
        f"office_holders.txt {n_people} rows"
    )
    return 0


COUNTRIES_NOTE = """
code: ISO 3166-1 alpha-3 (XKX for Kosovo; CAMEO-only codes mapped, defunct states dropped).
kind: name | demonym | capital | institution (a body whose name stands for a government: Kremlin -> RUS)
| canonical (one a country: the name to display for the code; the same phrase is also a name).
sector: PLOVER sector, for institutions only. Phrases keep news capitalisation (US the country, not us).
Phrases that would name two countries (Congo, Korea) are left out; use the longer forms."""

ORGS_NOTE = """
id: lower-case slug; sector: PLOVER sector (IGO, NGO, REB, GOV, ...); country: ISO alpha-3 for a national
body, else -; aliases: |-separated other names and acronyms (only unambiguous ones)."""

PEOPLE_NOTE = """
Office holders PETRARCH dates (heads of state and government, ministers, party leaders; mostly up to 2015),
for a person an article names without the title that gives the country. The article's words win, then the
team's people.txt, then this list. country: ISO alpha-3; sector: PLOVER sector of the office held today (ELI for
a former one); aliases: |-separated (first and last name of a longer name). Names shared by people of two
countries are left out."""

ROLES_NOTE = """
title: lower-case; sector: PLOVER sector (CAMEO MED "media" became JRN, CAMEO HLH "health" became MED);
kind: person (an individual's title) | group (a collective noun or plural).
"former" is handled in code: "former" + a GOV title -> sector ELI, so no "former ..." titles are listed.
A title names no country: "Kremlin spokesman" = institution (countries.txt) + title (here)."""


if __name__ == "__main__":
    sys.exit(main())

"""The actor lexicons hold true, well-formed facts: the annotate stage trusts them without checking."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from storyline.annotate.lexicon import read_text, tsv_rows

CODE = re.compile(r"^[A-Z]{3}$")
SECTORS = set(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC "
    "IGO NGO".split()
)
FILES = ("countries.txt", "organisations.txt", "roles.txt")


def country_codes(phrase: str, kind: str | None = None) -> set[str]:
    return {r[0] for r in tsv_rows("countries.txt") if r[2] == phrase and (kind is None or r[1] == kind)}


def roles() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in tsv_rows("roles.txt")}


def organisations() -> dict[str, list[str]]:
    return {r[0]: r for r in tsv_rows("organisations.txt")}


@pytest.mark.parametrize("name", FILES)
def test_files_are_built_small_and_well_formed(name: str) -> None:
    text = read_text(name)
    assert "tools/build_actor_lexicons.py" in text.split("\n", 3)[0] + text.split("\n", 3)[1]
    assert len(text.encode("utf-8")) < 400_000
    widths = {"countries.txt": (3, 4), "organisations.txt": (5, 5), "roles.txt": (3, 3)}[name]
    for row in tsv_rows(name):
        assert widths[0] <= len(row) <= widths[1], row
        assert all(cell == cell.strip() for cell in row), row


def test_country_rows_have_valid_codes_kinds_and_phrases() -> None:
    rows = list(tsv_rows("countries.txt"))
    assert len(rows) > 800
    for row in rows:
        code, kind, phrase = row[:3]
        assert CODE.match(code), row
        assert kind in {"name", "demonym", "capital", "institution", "canonical"}, row
        assert len(phrase) >= 2, row
        if kind == "institution":
            assert len(row) == 4 and row[3] in SECTORS, row
        else:
            assert len(row) == 3 or not row[3], row
    keys = Counter((r[0], r[1], r[2]) for r in rows)
    assert not [k for k, n in keys.items() if n > 1]


def test_no_phrase_names_two_countries() -> None:
    codes: dict[str, set[str]] = {}
    for code, kind, phrase, *_ in tsv_rows("countries.txt"):
        codes.setdefault(phrase, set()).add(code)
    assert {p: c for p, c in codes.items() if len(c) > 1} == {}


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Russian", "RUS"), ("Russians", "RUS"),
        ("Kremlin", "RUS"), ("Moscow", "RUS"),
        ("White House", "USA"), ("Pentagon", "USA"), ("State Department", "USA"), ("U.S.", "USA"), ("US", "USA"),
        ("United States", "USA"), ("America", "USA"), ("American", "USA"), ("Americans", "USA"),
        ("Washington", "USA"),
        ("Ukraine", "UKR"), ("Ukrainian", "UKR"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Bankova", "UKR"),
        ("German", "DEU"), ("Berlin", "DEU"), ("Bundestag", "DEU"),
        ("Chinese", "CHN"), ("Beijing", "CHN"), ("Zhongnanhai", "CHN"),
        ("British", "GBR"), ("Britain", "GBR"), ("UK", "GBR"), ("Downing Street", "GBR"),
        ("Élysée", "FRA"), ("Elysee", "FRA"), ("French", "FRA"),
        ("Knesset", "ISR"), ("Israeli", "ISR"),
        ("Kosovo", "XKX"), ("Palestinian", "PSE"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Czechia", "CZE"),
        ("Czech Republic", "CZE"), ("UAE", "ARE"), ("Georgia", "GEO"), ("Chad", "TCD"),
    ],
)
def test_country_facts(phrase: str, code: str) -> None:
    assert country_codes(phrase) == {code}


def test_canonical_names() -> None:
    canonical = {r[0]: r[2] for r in tsv_rows("countries.txt") if r[1] == "canonical"}
    assert canonical["GBR"] == "United Kingdom" and canonical["USA"] == "United States"
    assert canonical["RUS"] == "Russia" and canonical["UKR"] == "Ukraine" and canonical["XKX"] == "Kosovo"
    assert len(canonical) == len({r[0] for r in tsv_rows("countries.txt") if r[1] == "name"})


def test_kinds_and_institution_sectors() -> None:
    assert country_codes("Kyiv", "capital") == {"UKR"}
    assert country_codes("Russian", "demonym") == {"RUS"}
    assert country_codes("Russia", "name") == {"RUS"}
    sectors = {r[2]: r[3] for r in tsv_rows("countries.txt") if r[1] == "institution"}
    assert sectors["Kremlin"] == "GOV" and sectors["Pentagon"] == "MIL" and sectors["Knesset"] == "LEG"


def test_dangerous_and_ambiguous_phrases_are_left_out() -> None:
    phrases = {r[2] for r in tsv_rows("countries.txt")}
    assert not {"Congo", "Korea", "Korean", "EU", "Us", "us"} & phrases
    assert not [p for p in phrases if p.islower()]
    # PETRARCH's dated office holders are not countries
    assert not {"Vladimir Putin", "Barack Obama", "Leonid Kuchma"} & phrases


def test_organisations() -> None:
    orgs = organisations()
    assert len(orgs) > 100
    for org_id, name, sector, country, aliases in orgs.values():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", org_id), org_id
        assert name and sector in SECTORS, (org_id, sector)
        assert country == "" or CODE.match(country), (org_id, country)
        assert all(len(a) >= 2 for a in aliases.split("|") if aliases), org_id
    assert orgs["nato"][2] == "IGO" and "North Atlantic Treaty Organization" in orgs["nato"][4].split("|")
    assert orgs["eu"][2] == "IGO" and "EU" in orgs["eu"][4].split("|")
    assert orgs["un"][2] == "IGO" and orgs["iaea"][2] == "IGO" and orgs["icrc"][2] == "NGO"
    assert orgs["hamas"][2:4] == ["REB", "PSE"] and orgs["hezbollah"][3] == "LBN"
    assert "ISIS" in orgs["islamic-state"][4].split("|")


def test_organisation_names_are_unique() -> None:
    owners: dict[str, set[str]] = {}
    for org_id, name, _, _, aliases in organisations().values():
        for n in {name, *(a for a in aliases.split("|") if a)}:
            owners.setdefault(n.casefold(), set()).add(org_id)
    assert {n: ids for n, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize(
    ("title", "sector", "kind"),
    [
        ("president", "GOV", "person"), ("prime minister", "GOV", "person"), ("foreign minister", "GOV", "person"),
        ("secretary of state", "GOV", "person"), ("national security adviser", "GOV", "person"),
        ("spokesman", "GOV", "person"), ("spokeswoman", "GOV", "person"), ("press secretary", "GOV", "person"),
        ("general", "MIL", "person"), ("soldiers", "MIL", "group"), ("troops", "MIL", "group"),
        ("rebels", "REB", "group"), ("militant", "REB", "person"), ("police", "COP", "group"),
        ("senator", "LEG", "person"), ("mp", "LEG", "person"), ("judge", "JUD", "person"),
        ("journalist", "JRN", "person"), ("protesters", "CVL", "group"), ("ceo", "BUS", "person"),
        ("pope", "REL", "person"),
    ],
)
def test_role_facts(title: str, sector: str, kind: str) -> None:
    assert roles()[title] == (sector, kind)


def test_role_rows_are_plain_lower_case_phrases() -> None:
    rows = list(tsv_rows("roles.txt"))
    titles = Counter(r[0] for r in rows)
    assert [t for t, n in titles.items() if n > 1] == []
    for title, sector, kind in rows:
        assert title == title.lower() and "_" not in title and "!" not in title, title
        assert len(title) >= 2 and not title.startswith("former "), title
        assert sector in SECTORS and kind in {"person", "group"}, (title, sector, kind)


def office_holders() -> dict[str, list[str]]:
    return {r[0]: r for r in tsv_rows("office_holders.txt")}


def test_office_holders_are_well_formed_names_with_one_country() -> None:
    text = read_text("office_holders.txt")
    assert "tools/build_actor_lexicons.py" in text.split("\n", 3)[0] + text.split("\n", 3)[1]
    rows = list(tsv_rows("office_holders.txt"))
    assert len(rows) > 10_000
    title_words = {w for title, (_, kind) in roles().items() if kind == "person" for w in title.split() if len(w) > 3}
    for row in rows:
        assert len(row) == 4 and CODE.match(row[1]) and (not row[2] or row[2] in SECTORS), row
        for name in [row[0], *filter(None, row[3].split("|"))]:
            assert 2 <= len(name.split()) <= 5, row
            assert not {w.lower() for w in name.split()} & title_words, row  # "Secretary Clinton" is no name


def test_office_holder_facts() -> None:
    people = office_holders()
    assert people["Robert Mugabe"][1:3] == ["ZWE", "GOV"]
    assert people["Carlos Saul Menem"][1] == "ARG" and "Carlos Menem" in people["Carlos Saul Menem"][3].split("|")
    assert people["Bill Clinton"][1] == "USA"
    assert "Donald Trump" not in people  # the team's people.txt knows him: its entry stands


def test_a_last_name_gives_a_country_only_when_every_office_holder_with_it_agrees() -> None:
    from storyline.annotate.actor_lexicon import actor_lexicon

    lexicon = actor_lexicon()
    assert lexicon.person("Mugabe").country == "ZWE"
    assert lexicon.person("Museveni").country == "UGA"  # Yoweri and Janet Museveni, one country
    assert lexicon.person("Bush") is None  # two US presidents, and a premier of the Cayman Islands
    assert lexicon.person("Khan") is None  # office holders of many countries
    assert lexicon.person("Carlos Menem").country == "ARG"

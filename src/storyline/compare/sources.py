"""Which outlets to doubt: each outlet's record against the consensus, and the flags its pages raise.

Flags:
- ``page_date_far``: the page is dated more than PAGE_DATE_DAYS from the day the other outlets date its event, or
  its own text treats as still to come a day that, by its page date, had passed (a date written without a year
  that the page date pushes most of a year away: "the moratorium will begin on April 20" on a page dated 8 May);
- ``self_contradiction``: one article states two values of one attribute that cannot both hold;
- ``mixed_script``: words mixing Latin with Cyrillic or Greek letters, the mark of look-alike character spoofing.
"""

from __future__ import annotations

import re

from storyline.compare.claims import Corpus
from storyline.link import doubtful_page_date
from storyline.model import Agreement, Conflict, Event, SourceFlag, SourceProfile

# Reports of one event are published within days of it; a page further away from the day the others give its event
# is misdated (a republication, broken metadata).
PAGE_DATE_DAYS = 7
LATIN = re.compile(r"[A-Za-z]")
OTHER_SCRIPT = re.compile(r"[\u0370-\u03FF\u0400-\u04FF]")  # Greek, Cyrillic
WORD = re.compile(r"\w+")


def profiles(
    corpus: Corpus,
    findings: list[Agreement | Conflict],
    inconsistent: list[tuple[str, str, str]],
    event_of: dict[str, Event],
) -> list[SourceProfile]:
    """One profile per outlet; ``inconsistent`` holds (article, attribute, detail) of articles that contradict
    themselves."""
    by_outlet: dict[str, SourceProfile] = {}
    for article_id in sorted(corpus.articles):
        outlet = corpus.outlet(article_id)
        by_outlet.setdefault(outlet, SourceProfile(outlet=outlet, articles=[])).articles.append(article_id)
    for finding in findings:
        sides = (finding.side,) if isinstance(finding, Agreement) else finding.sides
        for side in sides:
            stands_with = isinstance(finding, Agreement) or side.majority
            for outlet in {corpus.outlet(v.citation.article_id) for v in side.claims}:
                profile = by_outlet[outlet]
                profile.compared += 1
                if stands_with:
                    profile.agreed += 1
                else:
                    profile.contradicted += 1
                    if isinstance(finding, Conflict) and finding.id not in profile.conflicts:
                        profile.conflicts.append(finding.id)
    for article_id, attribute, detail in inconsistent:
        by_outlet[corpus.outlet(article_id)].flags.append(SourceFlag("self_contradiction", f"{attribute}: {detail}", article_id))
    for article_id in sorted(corpus.articles):
        for flag in _page_flags(article_id, corpus, event_of.get(article_id)):
            by_outlet[corpus.outlet(article_id)].flags.append(flag)
    for profile in by_outlet.values():
        judged = profile.agreed + profile.contradicted
        profile.agreement_rate = round(profile.agreed / judged, 3) if judged else None
    return sorted(by_outlet.values(), key=lambda p: p.outlet)


def _page_flags(article_id: str, corpus: Corpus, event: Event | None) -> list[SourceFlag]:
    article = corpus.articles[article_id]
    flags: list[SourceFlag] = []
    published = article.published.value
    if published is not None and event is not None:
        others = [
            corpus.articles[a].published.value
            for a in event.articles
            if a != article_id and a in corpus.articles and corpus.articles[a].published.value
        ]
        reference = event.date or (sorted(others)[len(others) // 2] if others else None)
        if reference is not None and others and abs((published - reference).days) > PAGE_DATE_DAYS:
            flags.append(SourceFlag("page_date_far", f"page dated {published}, its event {reference}", article_id))
    annotation = corpus.annotations.get(article_id)
    telling = doubtful_page_date(annotation, published) if annotation is not None else None
    if telling is not None:
        detail = f"'{telling.text}' read as {telling.value} against the page date {published}"
        flags.append(SourceFlag("page_date_far", detail, article_id))
    mixed = sorted({w for w in WORD.findall(article.text) if LATIN.search(w) and OTHER_SCRIPT.search(w)})
    if mixed:
        flags.append(SourceFlag("mixed_script", ", ".join(mixed[:5]), article_id))
    return flags

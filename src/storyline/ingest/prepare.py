"""One raw document to one clean Article: a pure function, safe to run in any process."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from storyline.config import Settings
from storyline.controls import without_controls
from storyline.errors import InputError, InputProblem, Problem
from storyline.ingest.dates import parse_date
from storyline.ingest.dedup import content_hash
from storyline.ingest.html import extract_page
from storyline.ingest.markdown import markdown_to_text
from storyline.ingest.metadata import detect_language, outlet_from_url
from storyline.ingest.readers import RawDocument
from storyline.ingest.repair import HTML_STEPS, STEPS, repair
from storyline.model import Article, DateSource, Precision, Published


def prepare_article(raw: RawDocument, settings: Settings) -> tuple[Article, list[InputProblem]]:
    """Extract, repair and describe one document; raises InputError when no text is left."""
    warnings = list(raw.warnings)
    raw = replace(raw, **{f: _clean(getattr(raw, f)) for f in ("id", "url", "outlet", "title", "published")})
    title, url, page_date, site_name, pre_removals = raw.title, raw.url, None, None, []
    if raw.kind == "html":
        page = extract_page(raw.content if isinstance(raw.content, bytes) else raw.content.encode("utf-8"), raw.url)
        if page is None:
            raise InputError(InputProblem(raw.source, Problem.E007))
        if page.truncated:
            warnings.append(InputProblem(raw.source, Problem.W002, "no closing </body> or </html>"))
        text, title, url = page.text, title or page.title, url or page.url
        page_date, site_name = page.date, page.site_name
    elif raw.kind == "markdown":
        text, md_title, pre_removals = markdown_to_text(str(raw.content))
        title = title or md_title
    else:
        text = str(raw.content)
    text, removed = without_controls(text)
    if title:
        title, removed_in_title = without_controls(title)
        removed += removed_in_title
    if removed:
        warnings.append(InputProblem(raw.source, Problem.W005, f"{removed} (NUL and other control characters)"))

    draft = repair(text, title, HTML_STEPS if raw.kind == "html" else STEPS)
    body = draft.text()
    if len(body) > settings.max_article_chars:
        body = cut_at_paragraph(body, settings.max_article_chars)
        draft.flags.append("cut")
        detail = f"{len(draft.text()):,} characters, kept the first {len(body):,} (setting max_article_chars)"
        warnings.append(InputProblem(raw.source, Problem.W004, detail))
    # the hash covers the body alone: a copy under a new headline is still the same text
    untitled_body = body[len(draft.title) :] if draft.title else body
    if not body.strip():
        raise InputError(InputProblem(raw.source, Problem.E007))
    draft.report.removals[:0] = pre_removals
    draft.report.warnings.extend(w.message for w in warnings)

    outlet, outlet_source = _outlet(raw.outlet, url, draft.outlet, draft.credit)
    metadata: dict[str, object] = {}
    if draft.credit:
        metadata["credit"] = draft.credit
    if site_name:
        metadata["site_name"] = site_name
    if draft.outlet:
        metadata["source_outlet"] = draft.outlet
    if draft.source_title:
        metadata["source_title"] = draft.source_title
    article = Article(
        id=raw.id,
        source=raw.source,
        text=body,
        title=draft.title,
        url=url,
        outlet=outlet,
        outlet_source=outlet_source,
        published=_published(raw.published, page_date, draft.published, raw.source, warnings),
        language=detect_language(body, settings.language_sample_chars),
        content_hash=content_hash(untitled_body),
        raw_hash=raw.raw_hash,
        flags=sorted(set(draft.flags)),
        metadata=metadata,
        cleaning=draft.report,
    )
    return article, warnings


def _outlet(
    given: str | None, url: str | None, trailer: str | None, credit: str | None
) -> tuple[str | None, str | None]:
    """Who published this copy: the caller's word, the page's host, the text's own trailer, or, for a bare text,
    who its dateline credits as writing it (a republisher's page keeps its host; the credit goes to metadata)."""
    if given:
        return given, "input"
    host = outlet_from_url(url)
    if host:
        return host, "url"
    if trailer:
        return trailer, "trailer"
    if credit:
        return credit, "credit"
    return None, None


def _clean(value: str | None) -> str | None:
    return without_controls(value)[0] if value else value


def cut_at_paragraph(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` characters that ends at a paragraph break (else a line
    break, else a sentence end, else a space)."""
    head = text[:limit]
    for mark in ("\n\n", "\n", ". ", " "):
        end = head.rfind(mark)
        if end > limit // 2:
            return head[: end + (1 if mark == ". " else 0)].rstrip()
    return head


# Publication years a news page can have: a date outside them is a placeholder or a typo ("0001-01-01"), and
# reading it would resolve the article's times to another era (and overflow the calendar).
PLAUSIBLE_YEARS = range(1800, 2200)


def _published(
    given: str | None,
    page_date: str | None,
    dateline: tuple[dt.date, Precision] | None,
    source: str,
    warnings: list[InputProblem],
) -> Published:
    """The first date we trust: the caller's, the page metadata's, the text's dateline."""
    for text, kind in ((given, DateSource.INPUT), (page_date, DateSource.HTML_METADATA)):
        parsed = parse_date(text) if text else None
        if parsed and parsed[0].year in PLAUSIBLE_YEARS:
            return Published(parsed[0], parsed[1], kind)
        if text and kind is DateSource.INPUT:
            reason = f"year {parsed[0].year} is not a publication year" if parsed else "not a date"
            warnings.append(InputProblem(source, Problem.W006, f"published {text[:40]!r}: {reason}"))
    if dateline and dateline[0].year in PLAUSIBLE_YEARS:
        return Published(dateline[0], dateline[1], DateSource.DATELINE)
    return Published()

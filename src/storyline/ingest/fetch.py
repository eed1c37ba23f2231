"""http(s) inputs: pages and RSS/Atom feeds, with time-outs, a size cap and bounded redirects.

With ``fetch_public_only`` (the web app's setting) every request, each redirect's and each feed item's included,
goes only to public addresses: its host is resolved first, and an address that is loopback, private, link-local,
shared, reserved or multicast is refused, however it is written ("127.0.0.1", "2130706433", a name that resolves to
one), unless the host is one of ``fetch_allowed_hosts``. A server must not read its own network for whoever posts
a URL (SSRF).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from storyline.config import Settings
from storyline.errors import InputError, InputProblem, Problem
from storyline.ingest.decode import decode_bytes
from storyline.ingest.readers import Item, RawDocument, digest, url_id

log = logging.getLogger(__name__)

_FEED_TYPES = ("rss", "atom", "application/xml", "text/xml")


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    content_type: str
    body: bytes


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


class RefusedAddress(Exception):
    """A request to an address the settings do not allow (raised from the client's request hook)."""


def refuse_private(settings: Settings) -> Callable[[httpx.Request], None]:
    """The request hook that refuses a non-public address (``fetch_public_only``), redirects included."""
    allowed = {h.lower() for h in settings.fetch_allowed_hosts}

    def check(request: httpx.Request) -> None:
        host = (request.url.host or "").lower()
        if host in allowed:
            return
        try:
            infos = socket.getaddrinfo(host, request.url.port or 80, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as err:
            raise RefusedAddress(f"{host}: cannot resolve ({err})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not address.is_global or address.is_multicast:
                raise RefusedAddress(f"{host} is not a public address (setting fetch_allowed_hosts)")

    return check


def fetch(url: str, settings: Settings, client: httpx.Client) -> Response:
    """GET ``url``, reading at most ``fetch_max_bytes``; raises InputError with the reason."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(InputProblem(url, Problem.E006, f"HTTP {response.status_code}"))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.fetch_max_bytes:
                    raise InputError(InputProblem(url, Problem.E009, str(settings.fetch_max_bytes)))
                chunks.append(chunk)
            return Response(str(response.url), response.headers.get("content-type", ""), b"".join(chunks))
    except RefusedAddress as err:
        raise InputError(InputProblem(url, Problem.E015, str(err))) from None
    except httpx.TooManyRedirects:
        raise InputError(InputProblem(url, Problem.E006, f"more than {settings.fetch_max_redirects} redirects")) from None
    except httpx.TimeoutException:
        raise InputError(InputProblem(url, Problem.E006, f"timed out after {settings.fetch_timeout_s:g} s")) from None
    except httpx.ConnectError as err:
        raise InputError(InputProblem(url, Problem.E006, f"cannot connect ({_reason(err)})")) from None
    except httpx.HTTPError as err:
        raise InputError(InputProblem(url, Problem.E006, _reason(err))) from None


def _reason(err: Exception) -> str:
    text = str(err) or type(err).__name__
    return text.split("] ")[-1].strip()


def is_feed(response: Response) -> bool:
    ctype = response.content_type.lower()
    head = response.body[:1024].lstrip().lower()
    if any(t in ctype for t in _FEED_TYPES):
        return True
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def make_client(settings: Settings) -> httpx.Client:
    hooks = {"request": [refuse_private(settings)]} if settings.fetch_public_only else {}
    return httpx.Client(
        follow_redirects=True,
        max_redirects=settings.fetch_max_redirects,
        timeout=settings.fetch_timeout_s,
        headers={"User-Agent": settings.user_agent},
        event_hooks=hooks,
        trust_env=not settings.fetch_public_only,  # no proxy from the environment can route around the check
    )


def read_url(url: str, settings: Settings, client: httpx.Client | None = None) -> Iterator[Item]:
    """A page becomes one document; a feed becomes one document per item it links to."""
    own = client is None
    client = client or make_client(settings)
    try:
        try:
            response = fetch(url, settings, client)
        except InputError as err:
            yield err.problem
            return
        if is_feed(response):
            yield from _read_feed(url, response, settings, client)
        else:
            yield from _document(url, response)
    finally:
        if own:
            client.close()


def _document(requested: str, response: Response, defaults: dict[str, str | None] | None = None) -> Iterator[Item]:
    defaults = defaults or {}
    ctype = response.content_type.lower()
    common = dict(source=requested, id=url_id(requested), raw_hash=digest(response.body), url=response.url)
    if "html" in ctype or response.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        yield RawDocument(kind="html", content=response.body, title=defaults.get("title"),
                          published=defaults.get("published"), **common)
        return
    if ctype.startswith("text/") or not ctype:
        try:
            text, warnings = decode_bytes(response.body, requested)
        except InputError as err:
            yield err.problem
            return
        yield RawDocument(kind="text", content=text, warnings=warnings, title=defaults.get("title"),
                          published=defaults.get("published"), **common)
        return
    yield InputProblem(requested, Problem.E003, ctype.split(";")[0])


def _read_feed(url: str, response: Response, settings: Settings, client: httpx.Client) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(response.body)
    entries = [e for e in feed.entries if e.get("link")]
    if not entries:
        yield InputProblem(url, Problem.E007, "") if not feed.bozo else InputProblem(
            url, Problem.E008, f"feed does not parse ({feed.bozo_exception})"
        )
        return
    if len(entries) > settings.feed_max_items:
        log.warning("%s: feed has %d items, reading the first %d", url, len(entries), settings.feed_max_items)
    for entry in entries[: settings.feed_max_items]:
        link = urljoin(response.url, entry["link"])  # Atom feeds may give links relative to the feed
        published = None
        if entry.get("published_parsed"):
            t = entry["published_parsed"]
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        try:
            item = fetch(link, settings, client)
        except InputError as err:
            yield InputProblem(f"{url} -> {link}", Problem.W003, err.problem.message)
            continue
        yield from _document(link, item, {"title": entry.get("title"), "published": published})

"""Who may use the web app: same-origin writes, an optional access token, and HEAD answered like GET.

An ASGI middleware in front of every route, so that no page or API endpoint can forget a check:
- a state-changing request (POST, PUT, PATCH, DELETE) whose ``Origin`` (or ``Sec-Fetch-Site``) says another site
  sent it is refused: a page elsewhere cannot make a visitor's browser upload to their storyline (CSRF);
- with a token (``storyline serve --token``, or ``STORYLINE_TOKEN``), every request needs it: an
  ``Authorization: Bearer`` header, or the cookie set when the address with ``?token=`` is first opened;
- HEAD is answered as GET without the body (monitors and link checkers send it).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "storyline_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Guard:
    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token or None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        method = scope["method"]
        if method in UNSAFE and _cross_site(headers):
            await _plain(send, 403, "cross-origin request refused: post from this app's own pages")
            return
        if self.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if _same(query.get("token"), self.token):
                await _set_cookie_and_reload(scope, send, query, self.token)
                return
            if not (_same(_bearer(headers), self.token) or _same(_cookie(headers), self.token)):
                await _plain(send, 401, "this storyline server needs its access token: open the address "
                             "'storyline serve' printed (it ends in ?token=...), or send 'Authorization: Bearer'")
                return
        if method == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        await self.app(scope, receive, send)


def _cross_site(headers: dict[str, str]) -> bool:
    """True when the browser says another site made the request. ``Sec-Fetch-Site`` (sent by current browsers)
    decides when present: only ``same-origin`` and ``none`` (typed by the user) pass; the app's pages send no
    referrer, so their own form posts carry ``Origin: null`` and cannot be judged by it. Without that header the
    ``Origin`` must name this host. A client that sends neither (curl, a script) is not a browser a page elsewhere
    could drive."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True  # a sandboxed frame or a file: page, with no Sec-Fetch-Site to say more
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _bearer(headers: dict[str, str]) -> str | None:
    kind, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if kind.lower() == "bearer" else None


def _cookie(headers: dict[str, str]) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no token
        return None
    return jar[COOKIE].value if COOKIE in jar else None


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = (text + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


async def _set_cookie_and_reload(scope: Scope, send: Send, query: dict[str, str], token: str) -> None:
    """The address with ``?token=``: keep the token in a cookie only this site's own requests carry, and go to the
    same address without it (so it stays out of history and logs)."""
    rest = urlencode({k: v for k, v in query.items() if k != "token"})
    location = scope.get("path", "/") + (f"?{rest}" if rest else "")
    cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    headers = [(b"location", location.encode("latin-1", "replace")), (b"set-cookie", cookie.encode("latin-1"))]
    await _plain(send, 303, "signed in", headers)


def _without_body(send: Send) -> Send:
    async def head_send(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body"):
                return  # a streamed body's chunks: none is sent
            message = {"type": "http.response.body", "body": b""}
        await send(message)

    return head_send

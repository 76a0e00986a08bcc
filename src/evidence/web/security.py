"""The page's locks: a key per run on every request, a CSRF token on every change, strict headers.

The key comes once in the address printed at start (`?token=…`); the server answers with a
redirect that drops it from the address and sets it as an HttpOnly, SameSite=Strict cookie.
Requests with neither are refused (403). State-changing requests are POSTs carrying the per-run
CSRF token in a form field or the X-CSRF-Token header.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import _

COOKIE = "evidence_key"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# Nothing outside this machine's server: no CDN, font, frame or form target elsewhere.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
       "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


@dataclass(frozen=True)
class Keys:
    """The per-run secrets."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))


class KeyMiddleware:
    """Refuses every request without the run's key; adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, keys: Keys):
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token")
        if given is not None and secrets.compare_digest(given.encode(), self.keys.token.encode()):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            target = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.keys.token, httponly=True, samesite="strict", path="/")
            await self._send_with_headers(response, scope, receive, send)
            return
        if not self._cookie_ok(scope):
            response = PlainTextResponse(_("Refused: open the page with the address that `evidence serve` "
                                           "printed (it carries a key)."), status_code=403)
            await self._send_with_headers(response, scope, receive, send)
            return
        await self._send_with_headers(self.app, scope, receive, send)

    def _cookie_ok(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is simply not the key
                    continue
                morsel = cookie.get(COOKIE)
                if morsel and secrets.compare_digest(morsel.value.encode(), self.keys.token.encode()):
                    return True
        return False

    async def _send_with_headers(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _v in headers}
                headers += [(k, v) for k, v in HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_wrapped)


async def checked_form(request: Request) -> FormData:
    """The POSTed form, after checking the CSRF token (form field or header); 403 otherwise."""
    keys: Keys = request.app.state.keys
    form = await request.form()
    given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
    if not isinstance(given, str) or not secrets.compare_digest(given.encode(), keys.csrf.encode()):
        raise HTTPException(403, _("Refused: the form is missing its security token; reload the page and try again."))
    return form

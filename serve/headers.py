"""Headers on every response of ``gradproof serve``, errors and 404s included.

The policy allows the page's own script, style and requests and nothing else: no inline script or
style (so markup that ever slipped into a report could not run or restyle the page), no other
origin (the page works offline and sends nothing elsewhere), no plugin, frame or form target.
"""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),  # a JSON answer is never read as a script or a page
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),  # verdicts and the page are never served stale after an update
]


class SecurityHeaders:
    """ASGI middleware: adds HEADERS to the start of every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""The web application of ``gradproof serve``: one page, its script and style, the check endpoint
and a health endpoint. Documents are checked in worker processes (serve/workers.py); this process
only reads bounded requests and streams the workers' answers back.

POST /api/verify takes {"text": "…", "format": "md"|"tex"|"ipynb"} as JSON (the page reads a file
in the browser and sends its text: no upload, no path) and answers with one JSON object a line:
zero or more {"state": "queued", "ahead": N} while every worker is busy, then {"state": "running"},
then {"state": "done", "result": <the --json output>, "html": <the report's verdicts>} or
{"state": "error", "error": "<one line>"}. A body over the byte limit is refused with 413 before it
is read whole; a request that is not such JSON gets 400; both with {"error": "<one line>"}.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from checks.budget import Budget
from gradproof import TEXT_FORMATS
from reports.render import TEMPLATES
from serve.headers import SecurityHeaders
from serve.workers import WorkerError, WorkerPool

STATIC = Path(__file__).resolve().parent / "static"


class TooLarge(Exception):
    """A request body over the limit; the one line says by how much when the size is known."""


def create_app(pool: WorkerPool, max_bytes: int, budget: Budget) -> Starlette:
    """The application over a started ``pool`` whose task is serve.check:check. ``max_bytes``
    bounds a request body; ``budget`` is handed to each check."""
    # The page's style is the report's (so a step looks as it does in the HTML report) and its own.
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8") + (STATIC / "page.css").read_text(encoding="utf-8")
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    script = (STATIC / "page.js").read_text(encoding="utf-8")

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def page_js(request: Request) -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8")

    async def page_css(request: Request) -> Response:
        return Response(style, media_type="text/css; charset=utf-8")

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "jobs": pool.jobs, "running": pool.running,
                             "queued": pool.queued, "max_bytes": max_bytes})

    async def verify(request: Request) -> Response:
        try:
            body = await _bounded_body(request, max_bytes)
        except TooLarge as e:
            return JSONResponse({"error": str(e)}, status_code=413)
        except ClientDisconnect:  # the page sent a newer text while this one was uploading
            return Response(status_code=400)
        try:
            text, fmt = _document(body)
        except ValueError as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        return StreamingResponse(_events(pool, text, fmt, budget), media_type="application/x-ndjson")

    return Starlette(routes=[
        Route("/", index), Route("/page.js", page_js), Route("/page.css", page_css),
        Route("/health", health), Route("/api/verify", verify, methods=["POST"]),
    ], middleware=[Middleware(SecurityHeaders)])


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to be over ``limit``: by its Content-Length before
    any of it is read, else by the bytes counted as they arrive."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the request is {int(declared)} bytes, more than this server's limit of "
                       f"{limit} bytes (gradproof serve --max-bytes)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"the request is more than this server's limit of {limit} bytes "
                           f"(gradproof serve --max-bytes)")
    return bytes(body)


def _document(body: bytes) -> tuple[str, str]:
    """(text, format) of a request body; ValueError with one line for anything else."""
    usage = 'send JSON: {"text": "…", "format": "md", "tex" or "ipynb"}'
    try:
        request = json.loads(body)
    except (ValueError, RecursionError):
        raise ValueError(f"the request is not JSON; {usage}") from None
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        raise ValueError(f"the request has no text; {usage}")
    fmt = request.get("format", "md")
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown format {str(fmt)[:20]!r}; choose from {', '.join(TEXT_FORMATS)}")
    return request["text"], fmt


async def _events(pool: WorkerPool, text: str, fmt: str, budget: Budget) -> AsyncIterator[str]:
    """The lines of one check's answer as they happen. If the client goes away, the call is
    cancelled: out of the queue if it waits, its value discarded if it runs."""
    events: asyncio.Queue[dict | None] = asyncio.Queue()
    call = asyncio.ensure_future(pool.call(
        text, fmt, budget,
        on_queued=lambda ahead: events.put_nowait({"state": "queued", "ahead": ahead}),
        on_started=lambda: events.put_nowait({"state": "running"})))
    call.add_done_callback(lambda _: events.put_nowait(None))
    try:
        while (event := await events.get()) is not None:
            yield _line(event)
        try:
            reply = call.result()
        except WorkerError as e:
            reply = {"error": str(e)}
        yield _line({"state": "error", **reply} if "error" in reply else {"state": "done", **reply})
    finally:
        call.cancel()


def _line(event: dict) -> str:
    # ASCII with \u escapes: a lone surrogate in a document (valid in a JS string) stays valid JSON
    return json.dumps(event) + "\n"

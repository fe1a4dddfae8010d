"""The web side of `brochure serve`: one page, its script and style, the pictures, and a stream of
state updates (Server-Sent Events), on Starlette.

Safe by default: every request's `Host` must be one this server answers to (Starlette's
`TrustedHostMiddleware`), so a page on another site cannot reach it through DNS rebinding; the
only routes are the ones below (the page's files are read from the package once, pictures come
from memory), so no request can name a file on disk; requests that change something (switching
language, opening the editor) must come from the page itself (same `Origin`, the page's token,
a JSON body); and every answer forbids framing and loading anything from elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from builder.errors import Problem
from builder.paper import PAPERS
from builder.serve.editor import Editor
from builder.serve.session import PreviewSession

HEARTBEAT_S = 15.0
"""A comment line this often keeps proxies and the browser from closing an idle stream."""

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; "
                                 b"img-src 'self'; connect-src 'self'; base-uri 'none'; "
                                 b"form-action 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def _static(name: str) -> str:
    return (resources.files("builder.serve") / "static" / name).read_text(encoding="utf-8")


class SecurityHeaders:
    """Adds `SECURITY_HEADERS` to every response (a pure ASGI middleware, so the event stream
    is passed through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(session: PreviewSession, *, allowed_hosts: list[str],
               editor: Editor | None = None) -> Starlette:
    """The application serving `session` to browsers that reach it by one of `allowed_hosts`."""
    token = secrets.token_urlsafe(24)
    page = _static("index.html").replace("{{token}}", token)
    files = {"app.js": ("text/javascript", _static("app.js")),
             "app.css": ("text/css", _static("app.css"))}

    async def index(_request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        media_type, text = files[request.url.path.lstrip("/")]
        return Response(text, media_type=f"{media_type}; charset=utf-8")

    async def state(_request: Request) -> Response:
        return JSONResponse(session.state())

    async def picture(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("page", "slide"):
            return Response("not found", status_code=404)
        data = session.image(kind, request.path_params["version"],
                             request.path_params["number"])
        if data is None:
            return Response("not found", status_code=404)
        return Response(data, media_type="image/png")

    async def events(request: Request) -> Response:
        return StreamingResponse(_stream(session, request), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    async def settings(request: Request) -> Response:
        body = await _trusted_json(request, token)
        if isinstance(body, Response):
            return body
        language, paper = str(body.get("language") or ""), str(body.get("paper") or "")
        if language not in session.languages() or (paper and paper not in PAPERS):
            return JSONResponse({"error": "unknown language or paper"}, status_code=400)
        session.choose(language or None, paper or None)
        return JSONResponse({"ok": True})

    async def open_in_editor(request: Request) -> Response:
        body = await _trusted_json(request, token)
        if isinstance(body, Response):
            return body
        if editor is None or editor.is_url:
            return JSONResponse({"error": "no editor command configured"}, status_code=400)
        problem = _problem_at(session, body.get("list"), body.get("index"))
        if problem is None:
            return JSONResponse({"error": "no such problem"}, status_code=404)
        await asyncio.to_thread(editor.run, problem)
        return JSONResponse({"ok": True})

    routes = [
        Route("/", index),
        Route("/app.js", static),
        Route("/app.css", static),
        Route("/state", state),
        Route("/events", events),
        Route("/render/{kind}/{version:int}/{number:int}.png", picture),
        Route("/settings", settings, methods=["POST"]),
        Route("/open", open_in_editor, methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts, www_redirect=False),
    ])


async def _stream(session: PreviewSession, request: Request) -> AsyncIterator[str]:
    """The current state at once, then every new one, as `state` events."""
    loop = asyncio.get_running_loop()
    updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def deliver(snapshot: dict[str, Any]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed while a build finished
            loop.call_soon_threadsafe(updates.put_nowait, snapshot)

    unsubscribe = session.subscribe(deliver)
    try:
        yield _event(session.state())
        while not await request.is_disconnected():
            try:
                snapshot = await asyncio.wait_for(updates.get(), HEARTBEAT_S)
            except TimeoutError:
                yield ": still here\n\n"
                continue
            while not updates.empty():  # only the newest of a burst matters
                snapshot = updates.get_nowait()
            yield _event(snapshot)
    finally:
        unsubscribe()


def _event(snapshot: dict[str, Any]) -> str:
    return f"event: state\ndata: {json.dumps(snapshot, ensure_ascii=False)}\n\n"


async def _trusted_json(request: Request, token: str) -> dict[str, Any] | Response:
    """The JSON body of a request the page made, or the refusal to send back.

    Browsers send `Origin` with every POST; one from another site is refused, and so is a
    request without the page's token or without a JSON body (a plain HTML form cannot send
    one, and a script on another site cannot send one without a CORS preflight we never allow).
    """
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
    if not secrets.compare_digest(request.headers.get("x-brochure-token", ""), token):
        return JSONResponse({"error": "missing or wrong token"}, status_code=403)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "expected application/json"}, status_code=415)
    try:
        body = json.loads(await request.body())
    except ValueError:
        return JSONResponse({"error": "invalid JSON"}, status_code=400)
    return body if isinstance(body, dict) else JSONResponse({"error": "expected an object"},
                                                            status_code=400)


def _problem_at(session: PreviewSession, which: Any, index: Any) -> Problem | None:
    """Problem `index` of the errors or problems list as the server holds it now."""
    items = session.errors if which == "errors" else session.problems
    if not isinstance(index, int) or not 0 <= index < len(items):
        return None
    item = items[index]
    return item if isinstance(item, Problem) else None

"""`brochure serve`: the handout's pages and the deck's slides in the browser, live.

Like `mkdocs serve` or `quarto preview`: one local page shows every handout page beside every
slide and updates itself after each save of the content, a translation, an image or a template
(no reload); the problems panel lists `check`'s findings, each linking to the editor at its line;
an invalid edit shows its errors over the last good pages. The page's language and paper
switches rebuild in that variant. `session.py` builds and draws, `app.py` serves, `editor.py`
opens files; the building itself is `pipeline.build`, the watching `watch.watch_plan`, the
drawing `preview`'s functions.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import sys
import webbrowser
from pathlib import Path

import click

from builder import programs
from builder.errors import BrochureError
from builder.options import BuildOptions

LOOPBACK_NAMES = ["127.0.0.1", "localhost"]


def serve(content: Path, options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000,
          editor: str | None = None, allow_hosts: tuple[str, ...] = (), open_browser: bool = False,
          debounce_ms: int = 200) -> int:
    """Serve the live preview of `content` until Ctrl-C; returns 0."""
    import uvicorn

    from builder.serve.app import create_app
    from builder.serve.editor import editor_named
    from builder.serve.session import PreviewSession

    if not Path(content).is_file():
        raise BrochureError(f"{content}: no such content file")
    try:
        chosen_editor = editor_named(editor)
    except ValueError as exc:
        raise BrochureError(str(exc)) from None
    if not _is_loopback(host):
        click.echo(f"brochure: warning: serving on {host}: anyone who can reach this machine "
                   "can see the preview (the default, 127.0.0.1, is this machine only)", err=True)
    listener = _bind(host, port)
    bound_port = listener.getsockname()[1]
    shown_host = host if ":" not in host else f"[{host}]"
    url = f"http://{shown_host if not _is_wildcard(host) else '127.0.0.1'}:{bound_port}/"
    session = PreviewSession(content, options, debounce_ms=debounce_ms,
                             editor_link=chosen_editor.link if chosen_editor else None)
    hosts = [*LOOPBACK_NAMES, *([] if _is_wildcard(host) else [host]), *allow_hosts]
    app = create_app(session, allowed_hosts=hosts, editor=chosen_editor)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="off", timeout_graceful_shutdown=1))
    session.start()
    click.echo(f"serving {url}  (Ctrl-C to stop)", err=False)
    if open_browser:
        webbrowser.open(url)
    # uvicorn re-raises the signal that stopped it once it has shut down; as an interrupt, a
    # SIGTERM (a service manager, `timeout`) also lets the session remove its temporary folder.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        programs.kill_running()  # a LibreOffice drawing slides: its build thread then ends
        finished = session.stop()
        listener.close()
    if not finished:  # a build still runs in C code: leave without finalising the interpreter
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket (port 0: any free port, printed in the URL)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        raise BrochureError(f"cannot serve on {host}:{port}: {exc.strerror} (try --port 0 for "
                            "any free port)") from None
    listener.listen(64)
    listener.set_inheritable(True)
    return listener


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")

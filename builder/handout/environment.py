"""The Jinja2 environment for page templates: sandboxed, autoescaped, strict, and every
template error reported as one located line."""

from __future__ import annotations

import os
import threading
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from markupsafe import Markup

from builder import cache, markup
from builder.errors import Problem, TemplateError
from builder.handout.sandbox import BoundedSandbox, FolderLoader, charge_filters, render_bounded
from builder.handout.view import full_stop
from builder.templates import template_file

_ENVIRONMENTS: dict[tuple[Path, ...], jinja2.Environment] = {}


_LOCK = threading.Lock()


def environment(search_path: list[Path]) -> jinja2.Environment:
    """One Jinja2 environment per search path (compiled templates are reused; auto_reload
    notices edited files)."""
    key = tuple(search_path)
    with _LOCK:
        env = _ENVIRONMENTS.get(key)
        if env is None:
            env = BoundedSandbox(  # no Python internals, and every loop and call paid for
                loader=FolderLoader([str(p) for p in search_path]),
                autoescape=True,  # every template, whatever its suffix
                undefined=jinja2.StrictUndefined,
                finalize=_soften,
                trim_blocks=True, lstrip_blocks=True, auto_reload=True,
                bytecode_cache=_CompiledTemplates(),
            )
            env.filters["stop"] = full_stop
            env.filters["url_breaks"] = url_breaks
            env.tests["rtl_text"] = _rtl_text
            charge_filters(env)
            _ENVIRONMENTS[key] = env
    return env


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the persistent cache (`builder.cache`), so a new process does
    not compile them again: keyed by Jinja's own key (template name and file) and the source's
    checksum, plus this module's code (which fixes the environment's settings)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = cache.get("templates", cache.key(bucket.key, bucket.checksum))
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja checks its own magic and checksum too

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.put("templates", cache.key(bucket.key, bucket.checksum),
                  bucket.bytecode_to_string())


def _rtl_text(text: Any) -> bool:
    """True when `text` has a strong right-to-left character (Hebrew, Arabic, ...): a
    reference in that script runs right to left, any other left to right."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in str(text))


def _soften(value: Any) -> Any:
    """Every plain value printed by a template gets break points in very long runs (WeasyPrint
    cannot hyphenate a 10,000-character word in reasonable time). Markup (rendered content,
    approved URLs) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return markup.soften_long_words(markup.clean_text(value))
    return value


URL_PIECE = 30
"""Pieces of an address longer than this may also break after their own hyphens: a whole one
would reach past a column."""


def url_breaks(text: Any) -> Markup:
    """A DOI or web address that breaks only after a '/': each piece between slashes is kept
    whole (a hyphen inside a DOI is part of it, not a place to break), unless it is too long
    to keep whole."""
    pieces = str(text).split("/")
    return Markup("/\u200b").join(
        Markup('<span class="nobr">{}</span>').format(p) if len(p) <= URL_PIECE else p
        for p in pieces)


def fill_template(search_path: list[Path], name: str, values: dict[str, Any]) -> str:
    """Render the page template; any Jinja problem becomes a one-line `TemplateError`."""
    env = environment(search_path)
    try:
        return render_bounded(env.get_template(name), values)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template '{exc.name}' not found in: "
                            f"{', '.join(str(p) for p in search_path)}") from None
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or exc.name or name
        raise TemplateError(Problem(Path(file), exc.lineno or 1, 1,
                                    f"template syntax error: {exc.message}",
                                    rule="template")) from None
    except jinja2.TemplateError as exc:
        file, line = _template_position(exc.__traceback__, search_path, name)
        raise TemplateError(Problem(file, line, 1, f"template error: {exc.message or exc}",
                                    rule="template")) from None
    except RecursionError as exc:  # a self-include, an extends cycle, a macro calling itself
        file, line = _template_position(exc.__traceback__, search_path, name)
        raise TemplateError(Problem(file, line, 1, "template error: the template calls itself "
                                    "without end (an include, extends or macro that never "
                                    "stops)", rule="template")) from None
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
        # `{{ 1 + "a" }}` and the like: Python errors raised while the template runs
        file, line = _template_position(exc.__traceback__, search_path, name)
        raise TemplateError(Problem(file, line, 1, f"template error: {type(exc).__name__}: "
                                    f"{exc}", rule="template")) from None


def _template_position(tb: TracebackType | None, search_path: list[Path],
                       fallback: str) -> tuple[Path, int]:
    """The innermost template file and line in a traceback (Jinja maps frames to templates)."""
    folders = [str(p) for p in search_path]
    found = (next((p / fallback for p in search_path if os.path.lexists(p / fallback)),
                  Path(fallback)), 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(folder) for folder in folders):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


def find_template(search_path: list[Path], name: str) -> Path | None:
    """The first file called `name` along the template search path (only a regular file
    inside its folder; anything else is a `TemplateError`)."""
    return template_file(search_path, name)


STATUS_SHEET = "status.css"
"""The regulatory-status colours, one file shared by the printed page templates."""

LAYER = "custom.css"
"""A stylesheet that adds to the ones before it instead of replacing them (see `stylesheets`)."""


def stylesheets(search_path: list[Path], name: str, shared: tuple[str, ...] = ()) -> list[Path]:
    """A page's stylesheets in cascade order: `name` as first found along the search path (a
    folder's own copy replaces the built-in one), then each `shared` sheet found the same way
    (one file that several page templates use, such as the regulatory-status colours), then
    every `custom.css` on the path from the most general folder to the most specific. So a
    variant's `custom.css` (large print) adds to the handout's stylesheet, and a clinic's
    `custom.css` adds to both."""
    main = find_template(search_path, name)
    common = [find_template(search_path, sheet) for sheet in shared]
    layers = [template_file([folder], LAYER) for folder in reversed(search_path)]
    return [p for p in (main, *common, *layers) if p]

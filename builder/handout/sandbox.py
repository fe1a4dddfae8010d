"""How much a page template may do: files it may include, steps, output and memory.

A clinic's or designer's Jinja2 template is code-like: Jinja's sandbox keeps it away from
Python's internals, and this module bounds what is left. `{% for %}` loops, calls, filters and
`range()` spend a budget of steps (a loop inside a loop over `range(100000)` would otherwise run
for hours); string and number operators refuse results too large to hold (`'x' * 10**9`,
`9 ** 9 ** 9`); the page stops growing at `MAX_OUTPUT_CHARS`; and while a template runs the
process may not grow by more than `MAX_MEMORY_BYTES` (a string doubled in a loop fails at once
instead of filling the machine). Templates are found only as regular files inside their own
folder once symlinks are followed: a received content folder's `brochures/handout/` may not
`{% include %}` a link to any other file on the disk.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sized
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from builder.errors import TemplateError
from builder.templates import inside, read_template

MAX_STEPS = 5_000_000
"""Loop iterations, calls and items handed to filters in one page template. The sample handout
takes about 4,000; a 2 MB content file (the largest accepted) about a hundred times that. Spent,
it is five to ten seconds of work."""

CALL_STEPS = 10
"""Steps a call (a macro, a function, a method) costs: about ten loop iterations' work."""

MAX_OUTPUT_CHARS = 32_000_000
"""Longest page a template may write (the sample's is 32,000 characters)."""

MAX_VALUE_CHARS = 16_000_000
"""Longest string or list an operator in a template may make."""

MAX_NUMBER_BITS = 100_000
"""Largest number (in bits) an operator in a template may make."""

MAX_MEMORY_BYTES = 512 * 1024**2
"""How much the process may grow while a template runs (Linux and other Unix systems)."""

_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


class TemplateLimit(jinja2.TemplateError):
    """A template asked for more than a page template may do (or read)."""


_BUDGET: ContextVar[list[int] | None] = ContextVar("template_budget", default=None)


def spend(steps: int) -> None:
    """Charge the running template `steps`; refuse once its budget is gone."""
    budget = _BUDGET.get()
    if budget is None:
        return
    budget[0] -= max(1, steps)
    if budget[0] < 0:
        raise TemplateLimit(f"the template does more than {MAX_STEPS:,} steps (loop "
                            "iterations, calls and filtered items); is a loop running away?")


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        spend(1)
        yield item


def _size(value: Any) -> int:
    return len(value) if isinstance(value, Sized) and not isinstance(value, dict) else 0


def _cost(value: Any) -> int:
    """Steps to charge for handing `value` to a filter or call: its items (a string's
    characters are ten times cheaper to go through than a loop's iterations)."""
    return _size(value) // 10 if isinstance(value, str) else _size(value)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with every loop, call, filter and big operator paid for."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):  # `environment.counted(...)`: not overridable
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("counted"), [loop.iter], [],
                                   None, None, lineno=loop.lineno)
        return tree

    @staticmethod
    def counted(items: Iterable[Any]) -> Iterator[Any]:
        return _counted(items)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        spend(CALL_STEPS + sum(_cost(a) for a in args))
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (_counted(args[0]), *args[1:])
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before it is computed."""
    numbers = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and numbers:
        bits = abs(right) * max(1, abs(left).bit_length())
        if bits > MAX_NUMBER_BITS:
            raise TemplateLimit(f"a number in the template would have about {bits:,} bits")
    elif operator == "*" and numbers:
        if abs(left).bit_length() + abs(right).bit_length() > MAX_NUMBER_BITS:
            raise TemplateLimit("a number in the template would be too large")
    elif operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(count, int) and _size(sequence) * count > MAX_VALUE_CHARS:
                raise TemplateLimit(f"the template makes a value of {_size(sequence) * count:,} "
                                    f"items; the limit is {MAX_VALUE_CHARS:,}")
    elif operator == "+" and _size(left) + _size(right) > MAX_VALUE_CHARS:
        raise TemplateLimit(f"the template makes a value longer than {MAX_VALUE_CHARS:,}")
    elif operator == "%" and isinstance(left, str):
        widths = [int(n) for match in _FORMAT_WIDTH.finditer(left) for n in match.groups()
                  if n and n.isdigit()]
        if "*" in left or (widths and max(widths) > 10_000):
            raise TemplateLimit("a %-format in the template pads to a huge width")


def charge_filters(environment: jinja2.Environment) -> None:
    """Make every filter and test pay for the items it is given (`big_list|join` in a loop
    does work the loop's own count does not see)."""
    for table in (environment.filters, environment.tests):
        for name, function in list(table.items()):
            table[name] = _charging(function)


def _charging(function: Callable[..., Any]) -> Callable[..., Any]:
    passes_first = getattr(function, "jinja_pass_arg", None) is not None

    @functools.wraps(function)  # keeps `jinja_pass_arg`, so Jinja passes the same arguments
    def charged(*args: Any, **kwargs: Any) -> Any:
        value = args[1] if passes_first and len(args) > 1 else args[0] if args else None
        spend(1 + _cost(value))
        if any(isinstance(a, int) and abs(a) > MAX_VALUE_CHARS for a in (*args, *kwargs.values())):
            raise TemplateLimit(f"a number given to a filter is over {MAX_VALUE_CHARS:,} "
                                "(a width or count that large makes a huge value)")
        return function(*args, **kwargs)

    return charged


def render_bounded(template: jinja2.Template, values: dict[str, Any]) -> str:
    """The template's output, within the step, output and memory limits (`TemplateLimit`)."""
    token = _BUDGET.set([MAX_STEPS])
    pieces: list[str] = []
    written = 0
    try:
        with _memory_ceiling():
            for piece in template.generate(values):
                written += len(piece)
                if written > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(f"the template writes more than {MAX_OUTPUT_CHARS:,} "
                                        "characters")
                pieces.append(piece)
            return "".join(pieces)
    except MemoryError as exc:  # keeps the traceback: it names the template line
        pieces.clear()
        raise TemplateLimit(f"the template needs more than {MAX_MEMORY_BYTES // 1024**2:,} MB "
                            "of memory").with_traceback(exc.__traceback__) from None
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def _memory_ceiling() -> Iterator[None]:
    """Let the process grow by at most `MAX_MEMORY_BYTES` of address space meanwhile (the
    soft RLIMIT_AS, put back afterwards); where that cannot be set, no ceiling."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):
        yield
        return
    ceiling = in_use + MAX_MEMORY_BYTES
    if soft != resource.RLIM_INFINITY and soft <= ceiling:
        yield  # already as tight as ours (the test harness, a container)
        return
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class FolderLoader(jinja2.BaseLoader):
    """Finds a template in the first folder that has it, like `FileSystemLoader`, but only a
    regular file that stays inside that folder once symlinks are followed."""

    def __init__(self, folders: list[str]) -> None:
        self.folders = folders

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.folders:
            filename = posixpath.join(folder, *pieces)
            if not os.path.lexists(filename):
                continue
            if not inside(filename, folder):
                raise TemplateLimit(f"'{template}' leads outside its template folder; a "
                                    "template may use only files inside it")
            try:
                contents = read_template(Path(filename))
            except TemplateError as exc:
                raise TemplateLimit(f"'{template}': {exc.lines()[0].split(': ', 1)[-1]}"
                                    ) from None
            mtime = os.path.getmtime(filename)

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return contents, os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted({name for folder in self.folders
                       for name in jinja2.FileSystemLoader(folder).list_templates()})

"""What planning the deck predicts, for `brochure check`: text that cannot fit, warnings, and
the size each picture is shown at; from the persistent cache when the deck's inputs were
planned before.

Planning fits every text with the real fonts (and, for a new template, reads it with
python-pptx): most of what `check` would spend. The prediction depends on exactly what the
deck's fingerprint covers (the content the deck shows, the template and images, the options,
the fonts and the code), so it is kept under that key; an edit of handout-only text (a section's
body) reuses it. Problems are kept with the YAML path they are about and located again in the
file as it is now, so lines moved by an edit elsewhere are reported where they now are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from dataclasses import replace as replaced
from typing import TYPE_CHECKING, Any

from builder import cache, fingerprint
from builder.errors import ContentError, Problem

if TYPE_CHECKING:
    from builder.model import Document
    from builder.options import RenderContext

_NAMESPACE = "deck-predictions"


@dataclass
class Prediction:
    """A planned deck as `check` reads it."""

    failed: list[Problem] = field(default_factory=list)
    """Text that cannot fit even at the smallest size: the deck could not be planned."""
    warnings: list[Problem] = field(default_factory=list)
    """Words too wide for a line, the template's notices."""
    pictures: list[tuple[str, int]] = field(default_factory=list)
    """Each picture's alt text and the width it is shown at (EMU)."""


class _Recorder:
    """The content's source, noting how each problem was located (to locate it again)."""

    def __init__(self, source: Any) -> None:
        self._source = source
        self.calls: dict[int, tuple[list[Any], str, str]] = {}

    def problem(self, path: Any, message: str, *, level: str = "error", **kwargs: Any
                ) -> Problem:
        found = self._source.problem(path, message, level=level, **kwargs)
        if not kwargs:
            self.calls[id(found)] = (list(path), message, level)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._source, name)


def predict(document: Document, context: RenderContext) -> Prediction:
    """Plan the deck (or recall its plan); a `TemplateError` when the template is unusable."""
    from builder.deck.kind import KIND

    key = cache.key(fingerprint.of_output(KIND.name, document, context))
    found = cache.get(_NAMESPACE, key)
    if found is not None and context.source is not None:
        try:
            return _located(json.loads(found), context)
        except (ValueError, KeyError, TypeError):
            pass
    recorder = _Recorder(context.source)
    prediction = _plan(document, replaced(context, source=recorder))
    entry = _entry(prediction, recorder)
    if entry is not None:
        cache.put(_NAMESPACE, key, json.dumps(entry).encode())
    return prediction


def _plan(document: Document, context: RenderContext) -> Prediction:
    from builder.deck.fit_memory import FitMemory
    from builder.deck.storyboard import plan_slides
    from builder.deck.template import faces, load_template, template_notices

    template = load_template(context.options.slides)
    memory = FitMemory((str(context.content_path), document.document.language,
                        context.options.slides), faces(template, document.brand))
    try:
        with memory:
            slides = plan_slides(document, context, template, memory.paginate)
    except ContentError as exc:
        return Prediction(failed=[p for p in exc.problems if isinstance(p, Problem)])
    finally:
        memory.save()
    warnings = template_notices(template, document)
    for slide in slides:
        warnings.extend(slide.warnings)
    return Prediction(warnings=warnings, pictures=[(picture.alt, picture.rect.width)
                                                   for slide in slides
                                                   for picture in slide.pictures])


def _entry(prediction: Prediction, recorder: _Recorder) -> dict[str, Any] | None:
    """The prediction as JSON: each problem as the call that located it, or as it is when it
    names another file (a template); None when one cannot be located again."""
    def kept(problem: Problem) -> dict[str, Any] | None:
        call = recorder.calls.get(id(problem))
        if call is not None:
            return {"path": call[0], "message": call[1], "level": call[2]}
        if problem.file != recorder.path:
            return {"problem": {**problem.__dict__, "file": str(problem.file)}}
        return None

    failed = [kept(p) for p in prediction.failed]
    warnings = [kept(p) for p in prediction.warnings]
    if None in failed or None in warnings:
        return None
    return {"failed": failed, "warnings": warnings, "pictures": prediction.pictures}


def _located(entry: dict[str, Any], context: RenderContext) -> Prediction:
    from pathlib import Path

    def problem(item: dict[str, Any]) -> Problem:
        if "problem" in item:
            return Problem(**{**item["problem"], "file": Path(item["problem"]["file"])})
        assert context.source is not None
        return context.source.problem(tuple(item["path"]), item["message"],
                                      level=item["level"])

    return Prediction([problem(i) for i in entry["failed"]],
                      [problem(i) for i in entry["warnings"]],
                      [(alt, int(width)) for alt, width in entry["pictures"]])

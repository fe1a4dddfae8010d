"""Translation rules: text not yet translated, translations older than their source, and
characters no shipped font can draw.

The first two run only when a translation is checked (`brochure check --lang es` or `--lang
all`); they compare the translation file with the source as it is now, through the stamps in
the translation's header (see `builder/translate.py`). A missing translation is reported at
the source text (there is nothing to point at in the translation); a stale one at the
translated text, in the translation file, where the fix goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder import glyphs, translate
from builder.checks.registry import Context, offset_of, rule
from builder.errors import Problem, display_path
from builder.loader import read_text
from builder.located import YamlPath

if TYPE_CHECKING:  # stamps are read only when a translation is checked
    from builder import stamps

GROUPED = ("therapies", "sections", "contrasts")
"""Lists whose items are reported as a whole when none of their text is translated."""


def _translation(ctx: Context) -> tuple[translate.TranslatedSource, stamps.Assessment] | None:
    """The translation being checked and its assessment (computed once per run), or None."""
    source = ctx.source
    if not isinstance(source, translate.TranslatedSource):
        return None
    if "translation" not in ctx.cache:
        from builder import stamps

        ctx.cache["translation"] = stamps.assess(ctx.document, source)
    return source, ctx.cache["translation"]  # type: ignore[return-value]


def _unit(item: stamps.FieldState) -> YamlPath:
    """The item a field belongs to for grouping: `sections[2]`, or the top-level block."""
    if item.path[0] in GROUPED and len(item.path) > 2:
        return item.path[:2]
    return item.path[:1]


@rule("translation-missing", "warning",
      "source text with no translation in the language checked (--lang)")
def translation_missing(ctx: Context) -> Iterator[Problem]:
    """Untranslated text falls back to the source language: a patient meets a sentence they
    may not read. Whole items (a section, a therapy) with nothing translated count once."""
    found = _translation(ctx)
    if found is None:
        return
    from builder import stamps

    merged, report = found
    target = display_path(merged.translation_file)
    translated_units = {_unit(item) for item in report.translated}
    by_unit: dict[YamlPath, list[stamps.FieldState]] = {}
    for item in report.missing:
        by_unit.setdefault(_unit(item), []).append(item)
    for unit, items in by_unit.items():
        if unit not in translated_units and len(items) > 1:
            key = stamps.field_key(merged.original.data, unit)  # type: ignore[union-attr]
            yield ctx.problem(
                "translation-missing", unit,
                f"'{key}' is not translated into '{merged.language}' ({len(items)} text fields, "
                f"starting {stamps.first_words(items[0].source_text)}); add it to {target}")
            continue
        for item in items:
            yield ctx.problem(
                "translation-missing", item.path,
                f"'{item.key}' is not translated into '{merged.language}' (source: "
                f"{stamps.first_words(item.source_text)}); add it to {target}")


@rule("translation-stale", "warning",
      "a translation older than its source text (the source changed after it was stamped)")
def translation_stale(ctx: Context) -> Iterator[Problem]:
    """Reported at the translated text, in the translation file, where it must be updated."""
    found = _translation(ctx)
    if found is None:
        return
    from builder import stamps

    merged, report = found
    command = f"`brochure translate stamp --lang {merged.language}`"
    if not report.stamped and report.translated:
        assert merged.translation is not None
        yield merged.translation.problem(
            (translate.HEADER,),
            f"the header has no source_hashes, so check cannot tell which translations are "
            f"older than the source; once the translation is up to date, run {command}",
            level="warning", rule="translation-stale", key=True)
        return
    for item in report.stale:
        yield ctx.problem(
            "translation-stale", item.path,
            f"'{item.key}': the source changed after this was translated (source now: "
            f"{stamps.first_words(item.source_text)}); update the translation, then run "
            f"{command}")
    for item in report.unstamped:
        yield ctx.problem(
            "translation-stale", item.path,
            f"'{item.key}' is translated but not stamped, so check cannot tell whether it "
            f"matches the source; check it against the source, then run {command}")


# ------------------------------------------------------------------------------- glyphs

_NOT_PRINTED = {"brand", "checks", "trifold"}
"""Top-level blocks whose text is never set in a font."""


def _strings(data: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string value in the (merged) content data, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if path or key not in _NOT_PRINTED:
                yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


@rule("glyph-missing", "warning",
      "a character none of the shipped fonts can draw (it would print as an empty box)")
def glyph_missing(ctx: Context) -> Iterator[Problem]:
    """Checked against the brand fonts and the shipped fallbacks (Arabic, CJK)."""
    fonts = ctx.document.brand.fonts
    families = glyphs.text_families(fonts.heading, fonts.body)
    for path, text in _strings(ctx.source.data):
        missing = glyphs.missing_glyphs(text, families)
        if not missing:
            continue
        named = ", ".join(glyphs.describe(c) for c in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        which = "this character" if len(missing) == 1 else "these characters"
        message = (f"{named}{more}: no shipped font ({', '.join(families)}) has {which}, so "
                   "it would print as an empty box; replace it or write it out in words")
        yield _at_character(ctx, path, missing[0], message)


def _at_character(ctx: Context, path: YamlPath, char: str, message: str) -> Problem:
    """The problem located at the first occurrence of `char` in the value's file text."""
    base = ctx.problem("glyph-missing", path, message)
    file = ctx.source.file_of(path)
    texts: dict[Path, str] = ctx.cache.setdefault("glyph-files", {})  # type: ignore[assignment]
    if file not in texts:
        try:
            texts[file] = read_text(file)
        except Exception:  # read once already by the loader; never fail a check on this
            texts[file] = ""
    text = texts[file]
    mark = ctx.source.mark(path)
    start = offset_of(text, mark)
    found = text.find(char, start) if text else -1
    if found < 0:  # written as an escape ("\u0915"): stay at the value
        return base
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return Problem(base.file, line, column, message, base.yaml_path, base.level, base.rule)



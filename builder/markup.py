"""Inline Markdown for content text, rendered two ways from one parse.

markdown-it-py parses each text field once, with raw HTML switched off (so `<script>` in content
is shown as text) and a small rule for citations written `[@ref-id]` or `[@a; @b]`. The same
token stream becomes HTML for the handout and formatted runs for the deck, so bold, italic, links,
lists and citation numbers mean the same thing in both outputs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from builder.languages import facts

_CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")

def cited_ids(text: str) -> list[str]:
    """Reference ids cited inline in `text`, in order of appearance."""
    ids: list[str] = []
    for match in _CITATION.finditer(text or ""):
        ids.extend(part.strip().lstrip("@") for part in match.group(1).split(";"))
    return ids


_MAY_NEED_CLEANING = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef"
    "\ufffe\uffff\U000f0000-\U0010ffff]")
"""Every character `clean_text` drops or changes (controls but tab and newline, separators,
surrogates, private use, non-characters), and a few it keeps: text without one is kept as is."""


def clean_text(text: str) -> str:
    """Drop characters that cannot appear in a PDF or a PPTX (controls, non-characters, lone
    surrogates); keep tabs and newlines. PowerPoint shows the rest as `_x000B_` codes.
    Unicode line and paragraph separators become newlines: Pillow's layout fails on them and
    WeasyPrint asserts on them."""
    if not _MAY_NEED_CLEANING.search(text):
        return text  # the usual case, found without a Python loop over every character
    out = []
    for char in text:
        if char in "\t\n":
            out.append(char)
            continue
        if char in "\u2028\u2029\x85":
            out.append("\n")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or char in "\ufffe\uffff" or (
            0xFDD0 <= ord(char) <= 0xFDEF
        ):
            if char == "\x0b" or char == "\r":
                out.append("\n" if char == "\x0b" else "")
            continue
        out.append(char)
    return "".join(out)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": [p.strip().lstrip("@") for p in match.group(1).split(";")]}
    state.pos = match.end()
    return True


def _merge_citations(state: StateCore) -> None:
    """`[@a] [@b]` is one citation mark, `[1,2]`, wherever it is written (a caption, a table
    cell, a note): two marks side by side read as two footnotes."""
    for token in state.tokens:
        children = token.children or []
        merged: list[Token] = []
        for child in children:
            if child.type == "citation" and merged:
                gap = merged[-1] if merged[-1].type == "text" and not merged[-1].content.strip() \
                    else None
                before = merged[-2] if gap is not None and len(merged) > 1 else merged[-1]
                if before.type == "citation":
                    if gap is not None:
                        merged.pop()
                    ids = before.meta["ids"]
                    ids.extend(i for i in child.meta["ids"] if i not in ids)
                    continue
            merged.append(child)
        if token.children is not None:
            token.children = merged


@lru_cache(maxsize=16)
def _parser(language: str) -> MarkdownIt:
    quotes = facts(language).quotes  # English quotes where a language declares none
    md = MarkdownIt("commonmark", {
        "html": False,  # not an output kind: raw HTML in content is shown as text
        "typographer": True, "quotes": quotes})
    md.enable(["replacements", "smartquotes"])
    md.disable(["image", "heading", "lheading", "code", "fence", "html_block", "html_inline",
                "hr", "table"], ignoreInvalid=True)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("merge_citations", _merge_citations)
    md.add_render_rule("citation", _render_citation)
    return md


@dataclass(frozen=True)
class Run:
    """A span of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    citation: tuple[int, ...] | None = None
    """Reference numbers when this run is a citation marker (empty if none is known)."""


@dataclass
class Paragraph:
    """A paragraph or list item: its runs and its list level (0 = plain paragraph)."""

    runs: list[Run] = field(default_factory=list)
    level: int = 0
    ordered: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


Numbering = Callable[[str], int | None]
"""Maps a reference id to its number in the reference list (None if unknown)."""


def _no_numbers(_: str) -> None:
    return None


def safe_link(url: str) -> str | None:
    """Keep only web and mail links; anything else (javascript:, file:, data:) is dropped."""
    url = url.strip()
    return url if re.match(r"^(https?://|mailto:)", url, re.IGNORECASE) else None


def to_paragraphs(text: str, *, language: str = "en", numbering: Numbering = _no_numbers,
                  ) -> list[Paragraph]:
    """Parse `text` into paragraphs of runs (for the deck and for measuring)."""
    tokens = _parser(language).parse(clean_text(text or ""))
    paragraphs: list[Paragraph] = []
    lists: list[bool] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            paragraphs.append(Paragraph(list(_runs(token.children or [], numbering)),
                                        len(lists), bool(lists and lists[-1])))
    return paragraphs


def _runs(children: Iterable[Token], numbering: Numbering) -> Iterable[Run]:
    bold = italic = 0
    link: list[str | None] = []
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link.append(safe_link(str(child.attrs.get("href", ""))))
        elif kind == "link_close":
            link.pop()
        elif kind in ("text", "code_inline"):
            yield Run(keep_together(child.content), bool(bold), bool(italic),
                      link[-1] if link else None)
        elif kind in ("softbreak", "hardbreak"):
            yield Run(" " if kind == "softbreak" else "\n", bool(bold), bool(italic))
        elif kind == "citation":
            numbers = tuple(sorted(n for n in (numbering(i) for i in child.meta["ids"]) if n))
            label = ",".join(str(n) for n in numbers) or "?"
            yield Run(f"[{label}]", citation=numbers)


def to_plain(text: str, *, language: str = "en", numbering: Numbering | None = None) -> str:
    """Text without markup, for reading-level checks and search (no citation marks), or for
    speaker notes with `numbering` (citation marks as `[1,2]`, as printed)."""
    paragraphs = to_paragraphs(text, language=language, numbering=numbering or _no_numbers)
    keep = numbering is not None
    return "\n".join(" ".join("".join(r.text for r in p.runs
                                      if keep or r.citation is None).split())
                     for p in paragraphs)


LONG_WORD = 64
"""Runs of this many characters without a space get a line-break opportunity in the HTML."""

_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")


_NUMBER_UNIT = re.compile(r"(\d) (%|pt|mm|cm|m|kg|g|mg|mL|ml|L|µg|mcg|IU|h|min)(?!\w)")
_RANGE = re.compile(r"\b(\d+|[IVX]+)([\u2013-])(\d+|[IVX]+)\b")


def keep_together(text: str) -> str:
    """No line break inside '12 pt' (a no-break space) or a range such as 'II–III' or
    '2019–2021' (a word joiner after the dash): either half alone on a line misreads."""
    text = _NUMBER_UNIT.sub("\\1\u00a0\\2", text)
    return _RANGE.sub("\\1\\2\u2060\\3", text)


def soften_long_words(text: str) -> str:
    """Put a zero-width space after every 32 characters of a run longer than `LONG_WORD`.

    WeasyPrint's automatic hyphenation is far worse than quadratic in the length of one word
    (2,000 characters took 6 s, 10,000 did not finish); real words and URLs are shorter, so only
    pasted blobs are touched, and the zero-width space is invisible."""
    return _LONG_RUN.sub(lambda m: "\u200b".join(m[0][i:i + 32]
                                                 for i in range(0, len(m[0]), 32)), text)


def to_html(text: str, *, language: str = "en", numbering: Numbering = _no_numbers,
            inline: bool = False) -> str:
    """Render `text` as HTML; `inline` drops the wrapping <p> of a single paragraph.

    Citations become superscript links to `#ref-<id>`; links other than http(s)/mailto are
    rendered as plain text. All content text is escaped by markdown-it (html=False).
    """
    md = _parser(language)
    tokens = md.parse(clean_text(text or ""))
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open" and not safe_link(str(child.attrs.get("href", ""))):
                child.attrs.pop("href", None)
            elif child.type in ("text", "code_inline"):
                child.content = soften_long_words(keep_together(child.content))
    html = md.renderer.render(tokens, md.options, {"numbering": numbering})
    if inline and html.startswith("<p>") and html.count("<p>") == 1 and html.endswith("</p>\n"):
        html = html[3:-5]
    return html.strip()


_BLOCK_TAG = re.compile(r"<(/?)(p|ul|ol|blockquote|h[1-6]|pre|table|div)\b[^>]*>|<hr\s*/?>")


def top_level_blocks(html: str) -> list[str]:
    """The top-level blocks (paragraphs, lists, ...) of rendered HTML, in order, each whole:
    where a figure may go between them."""
    blocks: list[str] = []
    depth, start = 0, 0
    for match in _BLOCK_TAG.finditer(html):
        if match.group(0).startswith("<hr"):
            if depth == 0:
                blocks.append(html[start:match.end()].strip())
                start = match.end()
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            blocks.append(html[start:match.end()].strip())
            start = match.end()
    rest = html[start:].strip()
    if rest:
        blocks.append(rest)
    return [b for b in blocks if b]


def _render_citation(self, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it API
    numbering: Numbering = env.get("numbering", _no_numbers)
    parts = []
    ids = sorted(tokens[idx].meta["ids"], key=lambda i: numbering(i) or 10**9)
    for ref_id in ids:
        number = numbering(ref_id)
        label = str(number) if number else "?"
        parts.append(f'<a class="cite" href="#ref-{ref_id}">{label}</a>')
    return f'<sup class="citation">[{",".join(parts)}]</sup>'

"""The view model: the document as the page templates see it.

Figures, sections with their therapy and figure, tri-fold panels, and the names a page
template can use (documented in brochures/handout/base.html). Shared by every output that
fills an HTML template.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from builder import i18n, markup
from builder.citations import ordered_references, reference_numbers
from builder.errors import Problem
from builder.located import YamlPath
from builder.model import (
    Document,
    Evidence,
    Outcome,
    Reference,
    RegulatoryStatus,
    Risk,
    Section,
    Therapy,
)
from builder.outcomes import icon_array_svg, outcome_sentences
from builder.reproducible import fixed_time

QR_URL = "memory:qr-website.svg"
"""In-memory address the fetcher serves the QR code from (it is never written to disk)."""


@dataclass(frozen=True)
class Figure:
    """An image ready for the template: an approved URL plus its words."""

    url: str
    alt: str
    caption: str | None
    credit: str | None
    width: int
    height: int
    is_raster: bool
    yaml_path: YamlPath
    layout: str = "half"
    """'half' (beside the text, half the column) or 'full' (the column's width)."""
    placement: str = "auto"
    """'auto' (may move down its section to fill a page) or 'here'."""
    file: Path | None = None


@dataclass(frozen=True)
class SectionView:
    """One section with what the template needs beside it."""

    section: Section
    therapy: Therapy | None
    figure: Figure | None
    yaml_path: YamlPath
    figure_after: int = 1
    """How many of the body's blocks come before the figure."""
    steps_figure: Figure | None = None
    """The picture beside the section's steps."""

    def sources_left(self, *, body: bool = True, claims: bool = True) -> list[str]:
        """The section's own `cite` ids that what is printed does not already cite (the body
        when `body`, the callout, the therapy's note, its claims when `claims`): the
        'Sources' line under a section adds only those."""
        section, therapy = self.section, self.therapy
        texts = [*(section.callout.items if section.callout else []),
                 *(section.steps.items if section.steps else [])]
        shown: set[str] = set()
        if section.outcome:
            texts.append(section.outcome.note or "")
            shown.update(section.outcome.cite)
        if body:
            texts.append(section.body)
        if therapy:
            texts.append(therapy.status_note or "")
            texts += [*therapy.approved_uses, *therapy.alternatives]
            shown.update(i for risk in therapy.risks for i in risk.cite)
            if claims:
                texts += [claim.text for claim in therapy.claims]
                shown.update(i for claim in therapy.claims for i in claim.cite)
        for text in texts:
            shown.update(markup.cited_ids(text))
        return [i for i in dict.fromkeys(section.cite) if i not in shown]


@dataclass(frozen=True)
class Panel:
    """One tri-fold panel: its printed name, content file key and sections."""

    name: str
    key: YamlPath
    sections: list[SectionView]


def section_views(document: Document, figures: dict[str, Figure]) -> dict[str, SectionView]:
    """Every section by id, with its therapy and figure attached."""
    therapies = {t.id: t for t in document.therapies}
    return {
        s.id: SectionView(s, therapies.get(s.therapy or ""), figures.get(s.id), ("sections", i),
                          steps_figure=figures.get(f"{s.id}/steps"))
        for i, s in enumerate(document.sections)
    }


def template_values(document: Document, sections: dict[str, SectionView], panels: list[Panel],
                     logo: Figure | None, website: str | None,
                     qr_address: str | None = None,
                     numbers: dict[str, int] | None = None, *,
                     printed: bool = True) -> dict[str, Any]:
    """The names a page template can use (documented in brochures/handout/base.html).

    `qr_address` is what the QR code encodes: the page's published address
    (`document.web_address`) when there is one, else the website. `numbers` renumbers the
    references (the tri-fold numbers only what it cites, in its own order); by default they are
    numbered in the order the document first cites them."""
    meta = document.document
    language = meta.language
    words = i18n.Words(language)
    numbers = numbers or reference_numbers(document)
    references = sorted((r for r in ordered_references(document) if r.id in numbers),
                        key=lambda r: numbers[r.id])

    def md(text: str | None, inline: bool = False) -> Markup:
        """Content Markdown as HTML; markup escapes raw HTML, so the result is safe. A
        citation is tied to the word before it, never alone at the start of a line."""
        html = markup.to_html(text or "", language=language, numbering=numbers.get,
                              inline=inline)
        return Markup(tie_citations(html, printed=printed))

    def md_parts(text: str | None, after: int = 1) -> tuple[Markup, Markup]:
        """(the first `after` blocks, the rest): a picture placed between them never strands
        the heading at the foot of a page, and moves down to where it fits."""
        blocks = markup.top_level_blocks(str(md(text)))
        return Markup("".join(blocks[:after])), Markup("".join(blocks[after:]))

    def cite(ids: list[str]) -> Markup:
        """Citation marks for a list of ids: numbers sorted, repeats dropped, linked."""
        known = sorted({numbers[i] for i in ids if i in numbers})
        by_number = {numbers[i]: i for i in ids if i in numbers}
        links = [Markup('<a class="cite" href="#ref-{}">{}</a>').format(by_number[n], n)
                 for n in known]
        links += [Markup("?") for i in dict.fromkeys(ids) if i not in numbers]
        if not links:
            return Markup("")
        return Markup('<sup class="citation">[{}]</sup>').format(Markup(",").join(links))

    def plain(text: str | None) -> str:
        return markup.to_plain(text or "", language=language)

    colours = document.brand.colours

    def outcome_arms(outcome: Outcome) -> list[tuple[str, Markup]]:
        """(the arm's numbers in words, its icon array as inline SVG), per arm."""
        sentences = outcome_sentences(outcome, language)
        return [(sentence, Markup(icon_array_svg(arm.count, outcome.out_of, colours.primary,
                                                 colours.muted, sentence)))
                for arm, sentence in zip(outcome.arms, sentences, strict=True)]

    def risk_numbers(risk: Risk) -> str:
        """'13 out of 20' (in the language's words) when the risk's numbers are known and its
        words do not already give them."""
        if risk.count is None or risk.out_of is None:
            return ""
        digits = re.findall(r"\d+", plain(risk.how_often).replace(",", "").replace(".", ""))
        if str(risk.count) in digits and str(risk.out_of) in digits:
            return ""
        return words("out_of", count=f"{risk.count:,}".replace(",", "\u202f"),
                     out_of=f"{risk.out_of:,}".replace(",", "\u202f"))

    return {
        "doc": document,
        "meta": meta,
        "lang": language,
        "direction": "rtl" if i18n.is_rtl(language) else "ltr",
        "words": words,
        "md": md,
        "plain": plain,
        "date": words.date(meta.date),
        "reviewed": words.date(meta.reviewer.reviewed_on) if meta.reviewer else None,
        "next_review": words.date(meta.next_review) if meta.next_review else None,
        "outcome_arms": outcome_arms,
        "risk_numbers": risk_numbers,
        "created": _created(meta.date),
        "sections": [v for v in sections.values() if v.section.handout],
        "panels": panels,
        "sources_panel": SOURCES_PANELS[0],
        "table_late": False,
        "table_split": False,
        "back_matter": True,
        "references": [(numbers[r.id], r) for r in references],
        "references_in_columns": len(references) <= REFERENCES_IN_COLUMNS,
        "contrasts": [c for c in document.contrasts if c.handout],
        "logo": logo,
        "qr": Markup(QR_URL) if qr_address else None,
        "qr_address": qr_address,
        "qr_label": words("scan_web_page" if qr_address and qr_address != website
                          else "scan_website"),
        "website": website,
        "cite": cite,
        "uncited": lambda ids, *texts: [i for i in ids if not any(
            i in markup.cited_ids(t or "") for t in texts)],
        "md_parts": md_parts,
        "short_reference": short_reference,
        "number": lambda ref_id: numbers.get(ref_id) or "?",
        "evidence_label": lambda e: words(f"evidence.{Evidence(e).value}"),
        "status_label": lambda s: words(f"status.{RegulatoryStatus(s).value}"),
    }


_CITATION_AFTER_WORD = re.compile(r'([^\s<>]+) (<sup class="citation">.*?</sup>[^\s<>]*)')


def tie_citations(html: str, *, printed: bool = True) -> str:
    """Keep a citation mark with the word before it (and the punctuation after it): the two go
    in one unbreakable span, so a line breaks before the word, never before the mark. (A
    no-break space alone makes WeasyPrint break the line much earlier, at its first space.)
    Only a `printed` page gets WeasyPrint's line-break workaround (`space_before_inline`): a
    browser needs none, and a zero-width space would reach its copied and searched text."""
    html = _CITATION_AFTER_WORD.sub(lambda m: f'<span class="nobr">{m[1]}\u00a0{m[2]}</span>',
                                    html)
    html = html.replace(' <sup class="citation">', '\u00a0<sup class="citation">')
    return space_before_inline(html) if printed else html


_SPACE_BEFORE_INLINE = re.compile(r"(?<=[^\s>]) (?=<(?:span|sup|em|strong|a|code)\b)")

ZERO_WIDTH_SPACE = "\u200b"


def space_before_inline(html: str) -> str:
    """A zero-width space after a word space that an inline element follows ('trial. <span
    class="nobr">JAMA, 2021.</span>'). WeasyPrint 70 measures the text before the element with
    its trailing space; when only that space overhangs the line, it takes the text for one
    that cannot fit and keeps just its first word on the line (Pango itself had fitted it).
    After the zero-width space the word space is no longer trailing, and the line may still
    break there."""
    return _SPACE_BEFORE_INLINE.sub(" " + ZERO_WIDTH_SPACE, html)


def full_stop(text: str) -> str:
    """'Smith J' -> 'Smith J.'; text already ending in . ? or ! is left alone."""
    text = str(text).rstrip()
    return text if not text or text[-1] in ".?!" else text + "."


def short_reference(ref: Reference) -> str:
    """'Bennell KL, et al. JAMA, 2021': enough to find a source, short enough for a panel."""
    people = [p.strip() for p in ref.authors.split(",") if p.strip()]
    first = people[0] if people else ref.authors
    if len(people) > 1 and not first.endswith("et al."):
        first += ", et al."
    where = ref.title if ref.source.strip() == ref.authors.strip() else ref.source
    return f"{full_stop(first)} {where.rstrip('.')}, {ref.year}."


def _created(date: dt.date) -> str:
    """W3C date-time for the PDF metadata: SOURCE_DATE_EPOCH if set, else the content's date
    (so two builds of the same content are byte-identical)."""
    return fixed_time(date).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Prepared:
    """Everything rendering needs: the HTML, its stylesheets and the files it may fetch."""

    html: str
    values: dict[str, Any]
    """What the page template was filled with (kept to refill it after a first layout)."""
    search_path: list[Path]
    page: str
    css: list[Path]
    generated_css: str
    allowed_files: set[Path]
    allowed_dirs: tuple[Path, ...]
    memory: dict[str, tuple[bytes, str]]
    figures: list[Figure]
    panels: list[Panel]
    trifold: bool
    paper: str
    warnings: list[Problem] = field(default_factory=list)
    hyphenation: tuple[str, ...] = ()
    """Words broken only where marked, or never (`builder.hyphenation`)."""


REFERENCES_IN_COLUMNS = 60
"""The longest reference list set in two balanced columns (a page or two); a longer one runs in
one column: WeasyPrint lays columns out again for every page, so their cost grows with the
square of the list (750 references: 24 s against 14 s, and more pages)."""

SOURCES_PANELS = ("inside 3", "inside 2", "inside 1", "flap", "back")
"""Where the tri-fold's list of sources may go, most natural first (the end of the inside)."""


def sources_panel_with_room(overflow: dict[str, float], needed: float, current: str
                            ) -> str | None:
    """Where the tri-fold's sources go instead of `current` when they overflow it (by more than
    0.5 mm): the first panel, most natural first, with `needed` mm and 1 mm more to spare.
    `overflow` is how far each panel reaches past its foot, in mm (negative: room left). The
    build decides this from the laid-out panels, `check` from its predicted heights."""
    if not needed or overflow.get(current, 0.0) <= 0.5:
        return None
    return next((name for name in SOURCES_PANELS
                 if name != current and name in overflow and -overflow[name] >= needed + 1),
                None)

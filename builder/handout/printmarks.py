"""The print shop's file: trim, bleed and a slug with crop marks outside the bleed.

WeasyPrint lays each page out at trim + bleed (backgrounds and the cover band run into the
bleed) and draws its own crop marks inside the bleed, where the guillotine's tolerance would
print them. Instead the page is laid out without marks, and as the PDF is written each page's
MediaBox grows by a slug on every side, BleedBox is set to trim + bleed, TrimBox stays the trim,
and thin crop marks in registration colour are drawn in the slug only, starting `GAP_MM`
beyond the bleed. Nothing else is drawn in the slug.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MM = 72 / 25.4
SLUG_MM = 8.0
"""Room beyond the bleed for the marks."""
GAP_MM = 1.0
"""Distance from the bleed edge to the start of a mark."""
MARK_MM = 5.0
"""Length of a crop mark."""
LINE_PT = 0.25
"""Crop mark line width (a hairline a print shop expects)."""


def _number(value: Any) -> float:
    return float(value)


def _object(pdf: Any, value: Any) -> Any:
    """The object a pydyf reference (b'12 0 R') points at; other values as they are."""
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str) and value.endswith(" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def mark_segments(trim: tuple[float, float, float, float], bleed_pt: float
                  ) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of the eight crop marks for a trim box (PDF coordinates), each on the
    line of a trim edge and wholly outside the bleed."""
    left, bottom, right, top = trim
    start = bleed_pt + GAP_MM * MM
    end = start + MARK_MM * MM
    segments = []
    for y in (bottom, top):  # horizontal marks on the lines of the top and bottom edges
        segments.append((left - end, y, left - start, y))
        segments.append((right + start, y, right + end, y))
    for x in (left, right):  # vertical marks on the lines of the side edges
        segments.append((x, bottom - end, x, bottom - start))
        segments.append((x, top + start, x, top + end))
    return segments


def finisher(bleed_mm: float) -> Callable[[Any, Any], None]:
    """A WeasyPrint `write_pdf` finisher that adds the slug, the boxes and the marks."""
    bleed_pt = bleed_mm * MM
    slug = SLUG_MM * MM

    def finish(_document: Any, pdf: Any) -> None:
        import pydyf

        registration = pydyf.Dictionary({
            "FunctionType": 2, "Domain": pydyf.Array([0, 1]), "C0": pydyf.Array([1]),
            "C1": pydyf.Array([0]), "N": 1})
        pdf.add_object(registration)
        colour_space = pydyf.Array(["/Separation", "/All", "/DeviceGray",
                                    registration.reference])
        pdf.add_object(colour_space)
        for number in pdf.pages["Kids"][0::3]:  # pydyf keeps [number, 0, 'R', ...]
            page_dict = pdf.objects[number]
            trim = tuple(_number(v) for v in page_dict["TrimBox"])
            left, bottom, right, top = trim
            page_dict["BleedBox"] = pydyf.Array([left - bleed_pt, bottom - bleed_pt,
                                                 right + bleed_pt, top + bleed_pt])
            media = [left - bleed_pt - slug, bottom - bleed_pt - slug,
                     right + bleed_pt + slug, top + bleed_pt + slug]
            page_dict["MediaBox"] = pydyf.Array(media)
            resources = _object(pdf, page_dict["Resources"])
            spaces = _object(pdf, resources.get("ColorSpace"))
            if spaces is None:
                spaces = resources["ColorSpace"] = pydyf.Dictionary()
            spaces["CropMarks"] = colour_space.reference
            lines = ["/Artifact BMC", "q", "/CropMarks CS", "1 SCN", f"{LINE_PT} w"]
            for x0, y0, x1, y1 in mark_segments(trim, bleed_pt):
                lines.append(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S")
            lines += ["Q", "EMC"]
            save, restore = pydyf.Stream(["q"]), pydyf.Stream(["Q"])
            marks = pydyf.Stream(lines)
            for stream in (save, restore, marks):
                pdf.add_object(stream)
            contents = page_dict["Contents"]
            page_dict["Contents"] = pydyf.Array([save.reference, contents, restore.reference,
                                                 marks.reference])

    return finish

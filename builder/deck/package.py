"""What kind of file a slide template is, and the bytes python-pptx can open.

A PowerPoint template (.potx) and the macro-enabled files (.pptm, .potm) are the same package
as a .pptx with another main content type; the deck is always a plain .pptx, so the main part
is re-typed and a macro project is dropped (said once). Anything else gets one plain sentence
that says what the file is and what to do, never a library's exception.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from builder.deck.archive import SAVE_AS, read_parts
from builder.errors import TemplateError

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_TYPES = {
    PRESENTATION: "a PowerPoint presentation (.pptx)",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":
        "a PowerPoint template (.potx)",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":
        "a PowerPoint show (.ppsx)",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml":
        "a macro-enabled PowerPoint presentation (.pptm)",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml":
        "a macro-enabled PowerPoint template (.potm)",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml":
        "a macro-enabled PowerPoint show (.ppsm)",
}
_VBA = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-office.vbaProjectSignature")


def presentation_bytes(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """`data` as a .pptx package python-pptx opens, and notices about what was dropped;
    a `TemplateError` of one sentence for any file that is not a PowerPoint package."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(f"{name}: {_not_a_package(data)}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names:
            raise TemplateError(f"{name}: {_other_zip(archive, names)}")
        parts = read_parts(archive, name)  # within limits, no DOCTYPE anywhere
    try:
        types = etree.fromstring(parts["[Content_Types].xml"])
    except etree.XMLSyntaxError:
        raise TemplateError(f"{name}: this file is damaged (its list of parts cannot be read); "
                            f"{SAVE_AS}") from None
    main = next((o for o in types.iter(f"{_CT}Override")
                 if o.get("PartName") == "/ppt/presentation.xml"), None)
    if main is None or main.get("ContentType") not in MAIN_TYPES:
        raise TemplateError(f"{name}: {_other_zip(None, list(parts))}")
    notices = []
    if main.get("ContentType") != PRESENTATION:
        main.set("ContentType", PRESENTATION)
    dropped = _drop_macros(parts, types)
    if dropped:
        notices.append("the template's macros were dropped (decks are plain .pptx)")
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for part_name, blob in parts.items():
            out.writestr(part_name, blob)
    return buffer.getvalue(), notices


def _drop_macros(parts: dict[str, bytes], types) -> bool:  # noqa: ANN001 - lxml element
    """Remove VBA project parts and every relationship to them; True if there were any."""
    macro_parts = {o.get("PartName", "").lstrip("/") for o in types.iter(f"{_CT}Override")
                   if o.get("ContentType") in _VBA}
    extensions = {d.get("Extension", "").lower() for d in types.iter(f"{_CT}Default")
                  if d.get("ContentType") in _VBA}
    macro_parts |= {n for n in parts if n.rsplit(".", 1)[-1].lower() in extensions}
    if not macro_parts:
        return False
    for part in macro_parts:
        parts.pop(part, None)
        parts.pop(_rels_name(part), None)
    for override in list(types.iter(f"{_CT}Override")):
        if override.get("PartName", "").lstrip("/") in macro_parts:
            types.remove(override)
    for rels_name in [n for n in parts if n.endswith(".rels")]:
        rels = etree.fromstring(parts[rels_name])
        for rel in list(rels.iter(f"{_REL}Relationship")):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External" and any(
                    target.endswith(part.rsplit("/", 1)[-1]) for part in macro_parts):
                rels.remove(rel)
        parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
    return True


def _rels_name(part: str) -> str:
    folder, _, leaf = part.rpartition("/")
    return f"{folder}/_rels/{leaf}.rels" if folder else f"_rels/{leaf}.rels"


def _not_a_package(data: bytes) -> str:
    """One sentence for a file that is not a zip archive at all."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ("this is an Office 97-2003 file (.ppt or .pot), which cannot be read; "
                f"{SAVE_AS}")
    if data.startswith(b"%PDF"):
        return "this is a PDF, not a slide template; use the .pptx or .potx it was made from"
    if data.startswith(b"PK"):
        return f"this file is damaged (a broken zip archive); {SAVE_AS}"
    return ("this is not a PowerPoint file (.pptx is a zip archive; this file is not one); "
            f"{SAVE_AS}")


def _other_zip(archive: zipfile.ZipFile | None, names: list[str]) -> str:
    """One sentence for a zip archive that is not a PowerPoint package."""
    mimetype = b""
    if archive is not None and "mimetype" in names and archive.getinfo("mimetype").file_size < 256:
        mimetype = archive.read("mimetype")
    if b"opendocument.presentation" in mimetype:
        return ("this is an OpenDocument presentation (.odp or .otp); open it in LibreOffice "
                "Impress and save it as PowerPoint (.pptx or .potx)")
    if any(n.startswith("word/") for n in names):
        return f"this is a Word document, not a slide template; {SAVE_AS}"
    if any(n.startswith("xl/") for n in names):
        return f"this is an Excel workbook, not a slide template; {SAVE_AS}"
    return f"this is a zip archive but not a PowerPoint file; {SAVE_AS}"

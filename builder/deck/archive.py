"""Unpacking a slide template's zip archive within limits, before any XML parser sees it.

A .pptx is a zip archive of XML parts, and a clinic's template is a file from anywhere: 1.6 MB
can unpack to gigabytes (a zip bomb took 3.1 GB of memory), and an XML part may declare
entities (billion laughs, or an external entity that reads a local file into the theme). The
archive's own directory says how large each part unpacks (Python's zipfile never unpacks more
than that), so the limits are checked before anything is unpacked; then every XML part is
refused if it declares a DOCTYPE, which OOXML never uses.
"""

from __future__ import annotations

import zipfile

from builder.errors import TemplateError

MAX_TEMPLATE_FILE = 100 * 1024 * 1024
"""Largest template file read (PowerPoint's own templates are a few MB, with photos 20-40)."""

MAX_PARTS = 5_000
"""Most parts (files) in the archive; a template with a hundred layouts has about 600."""

MAX_UNPACKED = 300 * 1024 * 1024
"""Most bytes all parts may unpack to (python-pptx holds every part in memory)."""

MAX_XML_PART = 32 * 1024 * 1024
"""Largest XML part: parsed, XML takes about ten times its size in memory."""

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))

SAVE_AS = "open it in PowerPoint or LibreOffice Impress and save it as .pptx or .potx"


def read_parts(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    """Every part of the archive by name, after checking what unpacking it would cost; a
    `TemplateError` naming the file for a bomb, an oversized part or a DOCTYPE."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise TemplateError(f"{name}: the archive holds {len(infos):,} files; a slide template "
                            f"has at most {MAX_PARTS:,}")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise TemplateError(f"{name}: unpacks to {total:,} bytes (over {MAX_UNPACKED:,}); is it "
                            f"a zip bomb? If not, shrink its pictures; {SAVE_AS}")
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES) and info.file_size > MAX_XML_PART:
            raise TemplateError(f"{name}: its part {info.filename} is {info.file_size:,} bytes of "
                                f"XML (over {MAX_XML_PART:,})")
    parts = {}
    for info in infos:
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                NotImplementedError) as exc:
            raise TemplateError(f"{name}: this file is damaged ({info.filename}: {exc}); "
                                f"{SAVE_AS}") from None
        if info.filename.lower().endswith(_XML_SUFFIXES) and any(
                doctype in data for doctype in _DOCTYPES):
            raise TemplateError(f"{name}: its part {info.filename} declares a DOCTYPE (entities "
                                "are not accepted in a template; Office never writes them); "
                                f"{SAVE_AS}")
        parts[info.filename] = data
    return parts

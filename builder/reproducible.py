"""Byte-identical Office files: the same content gives the same .pptx, build after build.

python-pptx writes each zip entry with the current time, so two builds differ even when every
part is the same. `normalise_zip` rewrites the archive with one fixed date, a fixed entry order
([Content_Types].xml first, as Office expects; then the package relationships; then the rest
sorted), fixed attributes and one compression level. `fixed_time` chooses that date:
SOURCE_DATE_EPOCH when set (the reproducible-builds.org convention), else the content's date.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

_FIRST = ("[Content_Types].xml", "_rels/.rels")
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


def fixed_time(content_date: dt.date | None = None) -> dt.datetime:
    """The timestamp a build stamps on its output (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = content_date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """`data` (a zip) rewritten with every entry dated `when`, in a fixed order."""
    stamp = max(when.replace(tzinfo=None), _ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()
                   if not info.is_dir()}
    order = [name for name in _FIRST if name in entries]
    order += sorted(name for name in entries if name not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()

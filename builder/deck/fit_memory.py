"""Text fitted by the last `check` of a content file, remembered by content, so that planning
the deck again after an edit fits only the texts the edit changed.

Fitting a text (`fit.paginate`: wrapped at every size tried, each word measured in the font
files) is most of what planning a deck costs. Its result depends only on its arguments, the font
files, Pillow and this code, so `check` keeps, per content file, language and slide template,
every result of its last plan under a hash of the arguments (the persistent cache adds the code
to the key), and the width of every word it measured (tables, sparse slides and the cover
measure text outside `paginate`). One edited key point is fitted again; the deck's other texts
are read back. What a plan did not use is dropped when it is stored, so the entry stays one
deck's size.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence

from builder import cache
from builder.deck import fit
from builder.deck.fit import Box, Fitted, Para, Spacing
from builder.deck.typeface import Typeface, WidthKey, WidthTable

_NAMESPACE = "deck-fits"


def _files_stamp(faces: Iterable[Typeface]) -> str:
    """The font files the faces measure with (every style, fallbacks too), by size and time:
    a metric-compatible font installed on the system is not part of the tool's code."""
    stamps = []
    for face in faces:
        for bold in (False, True):
            for italic in (False, True):
                for path in face.files(bold=bold, italic=italic):
                    try:
                        info = path.stat()
                    except OSError:
                        stamps.append(f"{path}:absent")
                        continue
                    stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "\0".join(stamps)


class FitMemory:
    """`paginate` as `fit.paginate`, answered from the last plan of the same deck where the
    arguments are the same, and, while in use (`with`), the words' widths measured then
    (tables, sparse slides and the cover measure text outside `paginate`); `save` stores what
    this plan used."""

    def __init__(self, deck: Sequence[str], faces: Iterable[Typeface]) -> None:
        self._faces = tuple(dict.fromkeys(faces))  # in order: the key must not vary
        self._key = cache.key(*deck, _files_stamp(self._faces), cache.library_stamp("PIL"))
        stored = cache.get(_NAMESPACE, self._key)
        fits: dict[bytes, bytes] = {}
        widths: dict[WidthKey, float] = {}
        if stored is not None:
            try:
                fits, widths = pickle.loads(stored)  # noqa: S301 - a private, verified entry
            except Exception:  # an entry from a class that changed shape: fit again
                fits, widths = {}, {}
            if not (isinstance(fits, dict) and isinstance(widths, dict)):
                fits, widths = {}, {}
        self._stored = fits
        self._used: dict[bytes, bytes] = {}
        self._new = False
        self._widths = WidthTable(widths)

    def __enter__(self) -> FitMemory:
        self._widths.__enter__()
        return self

    def __exit__(self, *_: object) -> None:
        self._widths.__exit__()

    def paginate(self, paras: Sequence[Para], box: Box, start: float, floor: float,
                 face: Typeface, spacing: Spacing = fit.SPACING, step: float = 1.0
                 ) -> list[Fitted]:
        """`fit.paginate(...)`; a fresh copy of the remembered result when there is one."""
        arguments = (tuple(paras), box, start, floor, face, spacing, step)
        try:
            key = hashlib.sha256(pickle.dumps(arguments, protocol=5)).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return fit.paginate(paras, box, start, floor, face, spacing, step)
        found = self._used.get(key) or self._stored.get(key)
        if found is not None:
            self._used[key] = found
            return pickle.loads(found)  # noqa: S301 - written by this class
        result = fit.paginate(paras, box, start, floor, face, spacing, step)
        self._used[key] = pickle.dumps(result, protocol=5)
        self._new = True
        return result

    def save(self) -> None:
        """Store the results and widths this plan used, when they differ from what was
        stored (widths only of the faces in the key, whose font files it names)."""
        widths = {key: value for key, value in self._widths.asked.items()
                  if key[0] in self._faces}
        if (self._new or len(self._used) != len(self._stored)
                or widths.keys() != self._widths.known.keys()):
            cache.put(_NAMESPACE, self._key, pickle.dumps((self._used, widths), protocol=5))

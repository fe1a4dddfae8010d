"""Finding brochure and slide templates: the user's folder first, then the built-in ones.

`--brochure NAME` picks `brochures/NAME/`; `--brochure path/to/folder` uses a clinic's own folder,
which may override only some files (Jinja2 falls back along the search path). `--slides NAME`
picks `slides/NAME/`; `--slides file.pptx` builds on a clinic's own PowerPoint template.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.assets import AssetRefused, read_regular
from builder.errors import TemplateError, display_path

_REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")
"""PowerPoint packages a deck template may be (macros are dropped)."""

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
"""Largest template file (page, stylesheet, layout mapping) read."""


def inside(path: Path | str, folder: Path | str) -> bool:
    """True when `path` lies inside `folder` once every symlink is followed."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real.startswith(root.rstrip(os.sep) + os.sep)


def template_file(folders: list[Path] | tuple[Path, ...], name: str) -> Path | None:
    """The first `name` along the template folders (not resolved, so messages name it as the
    user sees it); a `TemplateError` when it is a link out of its folder or a special file."""
    for folder in folders:
        candidate = Path(folder) / name
        if not os.path.lexists(candidate):
            continue
        if not inside(candidate, folder):
            raise TemplateError(f"{display_path(candidate)}: leads outside its template folder; "
                                "a template may use only files inside it")
        if not candidate.is_file() or candidate.is_dir():
            raise TemplateError(f"{display_path(candidate)}: not a regular file")
        return candidate.absolute()
    return None


def read_template(path: Path) -> str:
    """A template file's text: a regular file of at most `MAX_TEMPLATE_BYTES`, UTF-8."""
    try:
        return read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8")
    except AssetRefused as exc:
        raise TemplateError(f"{display_path(path)}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{display_path(path)}: cannot be read ({exc})") from None


def _builtin_root(kind: str) -> Path:
    """`brochures` or `slides`: the repository folder, or the copy installed in the package."""
    checkout = _REPO_ROOT / kind
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / kind


def builtin_names(kind: str) -> list[str]:
    """Names of the built-in templates of one kind."""
    root = _builtin_root(kind)
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith(("_", ".")))


def brochure_search_path(name: str, content_dir: Path | None = None) -> list[Path]:
    """Folders Jinja2 searches, most specific first, for brochure template `name`.

    A path to a folder is a user's template; a bare name is looked up in the content's own
    `brochures/` folder, then in the built-in templates. The built-in `handout` always comes
    last, so a user template may extend its `base.html`.
    """
    root = _builtin_root("brochures")
    candidates: list[Path] = []
    as_path = Path(name)
    if as_path.is_dir():
        candidates.append(as_path.resolve())
    elif content_dir and (content_dir / "brochures" / name).is_dir():
        candidates.append((content_dir / "brochures" / name).resolve())
    elif (root / name).is_dir():
        candidates.append(root / name)
    else:
        raise TemplateError(f"brochure template '{name}' not found; available: "
                            f"{', '.join(builtin_names('brochures'))}")
    if (root / name).is_dir():
        candidates.append(root / name)  # a partial override extends the built-in of that name
    candidates.append(root / "handout")
    candidates.append(root / "_shared") if (root / "_shared").is_dir() else None
    return list(dict.fromkeys(candidates))


def slides_template(name: str) -> Path:
    """The folder of a built-in deck template, or a user's .pptx file."""
    as_path = Path(name)
    if as_path.suffix.lower() in TEMPLATE_SUFFIXES or as_path.is_file():
        if not as_path.is_file():
            raise TemplateError(f"{name}: slide template file not found")
        return as_path.resolve()
    if ("/" in name or name.startswith(".")) and as_path.is_dir():
        if not any(as_path.glob("*.pptx")) and not any(as_path.glob("*.potx")):
            raise TemplateError(f"{name}: the folder holds no .pptx template")
        return as_path.resolve()  # a clinic's folder: a .pptx plus an optional layouts.json
    root = _builtin_root("slides")
    if (root / name).is_dir():
        return root / name
    raise TemplateError(f"slide template '{name}' not found; available: "
                        f"{', '.join(builtin_names('slides'))} (or a path to a .pptx file)")

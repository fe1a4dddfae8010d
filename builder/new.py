"""`brochure new`: a content folder to start from, instead of a blank editor.

A starter is data shipped in the package (`builder/starters/<name>/<language>.yaml` plus an
`about.txt` line): a complete content file in which every field holds guidance written in
double brackets (`"[[Say what it is.]]"`). `brochure check` reports each guidance until it is
replaced (rule `placeholder-text`), so on an untouched starter its list is the author's to-do list,
and `brochure build` works at once (the guidance is printed where the text will go).

The new folder also gets the JSON Schema (editors autocomplete and explain keys), a placeholder
logo and picture, and a README with the next steps. Nothing that exists is ever overwritten:
when any target is already there, nothing at all is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from builder.errors import BrochureError, OutputError, display_path
from builder.schema import FILE_NAME, schema_text

STARTERS = Path(__file__).resolve().parent / "starters"
"""Shipped starters, one folder each; `images/` is shared by all of them."""
DEFAULT_STARTER = "therapy-comparison"
TODAY = "$today"
"""Written in a starter where the date of creation belongs (publication and review dates)."""


@dataclass(frozen=True)
class Starter:
    """One shipped starter."""

    name: str
    description: str
    languages: tuple[str, ...]

    def text(self, language: str) -> str:
        return (STARTERS / self.name / f"{language}.yaml").read_text(encoding="utf-8")


def starters() -> list[Starter]:
    """Every shipped starter, by name."""
    found = []
    for folder in sorted(p for p in STARTERS.iterdir() if (p / "about.txt").is_file()):
        languages = tuple(sorted(p.stem for p in folder.glob("*.yaml")))
        found.append(Starter(folder.name, (folder / "about.txt").read_text().strip(), languages))
    return found


def starter_named(name: str) -> Starter:
    known = {s.name: s for s in starters()}
    if name not in known:
        raise BrochureError(f"no starter named '{name}'; starters: {', '.join(known)}")
    return known[name]


@dataclass(frozen=True)
class Created:
    """What `create` wrote."""

    content: Path
    files: list[Path]


def create(folder: Path, starter: str = DEFAULT_STARTER, language: str = "en",
           today: dt.date | None = None) -> Created:
    """Write a new content folder from `starter` in `language`; refuse to overwrite anything."""
    chosen = starter_named(starter)
    if language not in chosen.languages:
        raise BrochureError(f"the '{chosen.name}' starter is written in "
                            f"{', '.join(chosen.languages)}, not '{language}'")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BrochureError(f"{display_path(folder)}: exists and is not a folder")
    name = folder.resolve().name or "content"
    content = folder / f"{name}.yaml"
    date = (today or dt.date.today()).isoformat()
    files = {
        content: chosen.text(language).replace(TODAY, date).encode(),
        folder / FILE_NAME: schema_text().encode(),
        folder / "README.md": _readme(content, chosen, date).encode(),
        **{folder / "images" / image.name: image.read_bytes()
           for image in sorted((STARTERS / "images").iterdir())},
    }
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise BrochureError([f"{display_path(path)}: already exists; `brochure new` never "
                             "overwrites a file (choose a new folder)" for path in existing])
    for path, data in files.items():
        _write_new(path, data)
    return Created(content, list(files))


def _write_new(path: Path, data: bytes) -> None:
    """Create `path`, failing rather than replacing a file that appeared meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise BrochureError(f"{display_path(path)}: already exists; `brochure new` never "
                            "overwrites a file") from None
    except OSError as exc:
        raise OutputError(f"{display_path(path)}: cannot write ({exc.strerror})") from None


def _readme(content: Path, starter: Starter, date: str) -> str:
    name = content.name
    return f"""# {content.stem}

Made on {date} with `brochure new` from the `{starter.name}` starter
({starter.description.rstrip('.').lower()}).

Next steps, in this folder:

1. Open `{name}` and replace every text in `[[double brackets]]` with your own words.
   In VS Code with the "YAML" extension, keys autocomplete and each one is explained when you
   hover over it (the first line of the file points at `{FILE_NAME}`).
2. `brochure serve {name}` shows the handout and the slides in your browser, updated each time
   you save.
3. `brochure check {name}` lists what is left to replace and anything a reviewer would flag.
4. `brochure build {name}` writes the PDF handout and the PowerPoint deck into `build/`.

Replace `images/logo.svg` with your clinic's logo and `images/illustration.svg` with your own
picture (SVG, PNG or JPEG).
"""

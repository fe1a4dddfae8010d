"""`brochure watch` on a content file that is a symlink: an editor saves the file the link
leads to (in another folder), and that save must rebuild, as a save of a plain file does."""

from __future__ import annotations

from pathlib import Path

from builder.pipeline import BuildReport
from tests.test_watch import Watcher


def test_watch_follows_a_symlinked_content_file(minimal_copy: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / minimal_copy.name).symlink_to(minimal_copy)
    watcher = Watcher(linked / minimal_copy.name, tmp_path / "out").start()
    try:
        done = len(watcher.builds)
        text = minimal_copy.read_text(encoding="utf-8")
        minimal_copy.write_text(text.replace("title: What is PRP?", "title: Linked PRP?"),
                                encoding="utf-8")  # saved where the link leads
        index = watcher.first_deck_saying("Linked PRP?", done)
        assert isinstance(watcher.builds[index], BuildReport), watcher.builds[index]
        image = minimal_copy.parent / "images" / "cell.png"
        done = len(watcher.builds)
        image.write_bytes(image.read_bytes())  # an image beside the real file is an input too
        assert isinstance(watcher.next_build(done, "a build after the image changed"),
                          BuildReport)
    finally:
        watcher.finish()

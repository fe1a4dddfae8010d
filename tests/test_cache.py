"""The persistent cache: entries come back whole or not at all, damaged ones are computed again,
the folder stays within its bound and private, and it can be switched off."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder import cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test's own."""
    root = tmp_path / "cache"
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(root))
    cache.clear_memory()
    yield root
    cache.clear_memory()


def entry_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_an_entry_is_computed_once_and_then_read(folder: Path) -> None:
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"answer": 42}

    assert cache.remembered("test", ("a",), compute) == {"answer": 42}
    cache.clear_memory()  # as a new process would
    assert cache.remembered("test", ("a",), compute) == {"answer": 42}
    assert calls == [1]
    assert cache.remembered("test", ("b",), compute) == {"answer": 42}
    assert calls == [1, 1]
    assert (folder.stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_entry_is_removed_and_computed_again(folder: Path, damage: str) -> None:
    cache.put("test", cache.key("x"), b"payload" * 1000)
    [path] = entry_files(folder)
    data = path.read_bytes()
    damaged = {"truncate": data[:-10], "flip": data[:-1] + bytes([data[-1] ^ 1]),
               "empty": b"", "garbage": os.urandom(len(data))}[damage]
    path.write_bytes(damaged)
    assert cache.get("test", cache.key("x")) is None
    assert not path.exists()
    assert cache.remembered("test", ("x",), lambda: "again") == "again"


def test_concurrent_writers_and_readers_never_see_part_of_an_entry(folder: Path) -> None:
    """Six processes write and read one key at once, many times: every read is the whole
    payload or nothing."""
    script = (
        "import sys\nfrom builder import cache\n"
        "payload = bytes(range(256)) * 8192\n"  # 2 MB: writes take long enough to overlap
        "key = cache.key('shared')\nbad = 0\n"
        "for _ in range(20):\n"
        "    cache.put('test', key, payload)\n"
        "    found = cache.get('test', key)\n"
        "    bad += found is not None and found != payload\n"
        "print(bad)\n")
    env = {**os.environ, "BROCHURE_CACHE_DIR": str(folder)}
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=env) for _ in range(6)]
    outputs = [run.communicate(timeout=300)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs == ["0"] * 6
    assert cache.get("test", cache.key("shared")) == bytes(range(256)) * 8192
    assert not [p for p in (folder / "test").iterdir() if p.name.startswith(".tmp-")]


def test_the_folder_is_kept_within_its_bound(folder: Path) -> None:
    """Past its bound the least recently used entries go; reading an entry uses it."""
    for number in range(30):
        cache.put("test", cache.key(str(number)), os.urandom(100_000))
        when = 1_000_000 + number  # written long ago, one after the other
        os.utime(folder / "test" / cache.key(str(number)), (when, when))
    assert cache.get("test", cache.key("0")) is not None  # the oldest, used just now
    cache.trim(folder, 1_000_000)
    assert sum(p.stat().st_size for p in entry_files(folder)) <= 1_000_000
    assert (folder / "test" / cache.key("0")).exists()
    assert not (folder / "test" / cache.key("1")).exists()
    assert (folder / "test" / cache.key("29")).exists()


def test_switched_off_nothing_is_stored(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROCHURE_CACHE", "off")
    cache.clear_memory()
    calls: list[int] = []
    for _ in range(2):
        cache.remembered("test", ("a",), lambda: calls.append(1))
    assert calls == [1, 1]
    assert not folder.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_is_not_used(folder: Path) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    cache.clear_memory()
    assert cache.folder() is None
    cache.put("test", cache.key("a"), b"x")
    assert entry_files(folder) == []


def test_keys_cover_every_part_and_the_code() -> None:
    assert cache.key("a", "b") != cache.key("ab")
    assert cache.key("a", b"b") == cache.key("a", "b")
    assert len(cache.code_stamp()) == 32
    assert cache.library_stamp("no-such-library-here") == "no-such-library-here:absent"

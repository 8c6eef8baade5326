"""A full disk (issue 13): an upload or rebuild that runs out of space stores nothing and says why, and a library
on a full disk still opens and answers.

The index lives on a real 6 MB tmpfs where the test may mount one (root, as on our machines and CI); where it
may not, the free-space probe and FAISS's write are patched to fail the way a full disk makes them fail.
"""

from __future__ import annotations

import errno
import logging
import random
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from index.config import LibraryConfig
from index.errors import DiskFull
from index.library import Library
from index.store import space
from index.store.sqlite import FAISS_NAME

from .conftest import SEEDS
from .crash_worker import article_text
from .test_crash import check_library


class SmallDisk:
    """A folder on a small filesystem that can be filled to the last byte."""

    def __init__(self, path: Path, real: bool, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path, self.real, self.monkeypatch = path, real, monkeypatch

    def fill(self) -> None:
        """Leave (next to) no free space; where the disk is not real, make writes fail as a full one does."""
        if not self.real:
            self.monkeypatch.setattr(space, "free_bytes", lambda folder: 0)
            self.monkeypatch.setattr("index.store.vectors.VectorIndex.save", _no_space)
            return
        # unbuffered: a buffered file keeps the tail of a partial last write and fails again on close
        with (self.path / "filler").open("ab", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError as error:
                assert error.errno == errno.ENOSPC

    def free_some(self) -> None:
        self.monkeypatch.undo()
        (self.path / "filler").unlink(missing_ok=True)


def _no_space(self, path: Path) -> None:
    raise RuntimeError(f"Error in faiss::write_index for {path} (No space left on device)")


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    path = tmp_path / "disk"
    path.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(path)],
                                 capture_output=True).returncode == 0
    except OSError:  # no mount command
        mounted = False
    try:
        yield SmallDisk(path, mounted, monkeypatch)
    finally:
        monkeypatch.undo()
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=True)


def upload(library: Library, rng: random.Random, tag: str) -> None:
    library.add(article_text(rng, tag).encode(), f"{tag}.txt")


def test_uploads_until_the_disk_is_full_keep_nothing_half_stored(small_disk: SmallDisk, embedder) -> None:
    config = replace(LibraryConfig(), index_dir=small_disk.path / "index")
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    rng = random.Random(13)
    if not small_disk.real:
        small_disk.fill()
    with pytest.raises(DiskFull) as refused:
        for n in range(2000):  # a 6 MB disk holds a few hundred of these
            upload(library, rng, f"fill{n}")
    assert "The disk holding the index is full" in str(refused.value) and "nothing was added" in str(refused.value)
    stored = check_library(library)
    assert len(stored) == library.count() and library.ask("What did Warner say?").found
    library.close()
    again = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        assert check_library(again) == stored
    finally:
        again.close()


def test_a_write_that_hits_a_full_disk_is_rolled_back(small_disk: SmallDisk, embedder, monkeypatch) -> None:
    """The free-space check passes (say, another process filled the disk meanwhile) and the write itself fails."""
    config = replace(LibraryConfig(), index_dir=small_disk.path / "index")
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    rng = random.Random(14)
    upload(library, rng, "before")
    stored = check_library(library)
    small_disk.fill()
    monkeypatch.setattr(space, "free_bytes", lambda folder: 10**12)  # the check is fooled
    with pytest.raises(DiskFull, match="nothing was added"):
        upload(library, rng, "too-much")
    assert check_library(library) == stored  # no rows, no vectors in memory, no file changed
    with pytest.raises(DiskFull):
        library.remove(sorted(stored)[0])
    assert check_library(library) == stored and library.ask("What did Warner say?").found
    small_disk.free_some()
    upload(library, rng, "after")  # room again: writes work again
    assert len(check_library(library)) == len(stored) + 1
    library.close()


def test_a_library_on_a_full_disk_opens_and_answers(small_disk: SmallDisk, embedder, caplog) -> None:
    """Its FAISS file needs repairing and cannot be saved: the repaired index stays in memory."""
    config = replace(LibraryConfig(), index_dir=small_disk.path / "index")
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    folder = library.store.folder
    library.close()
    (folder / FAISS_NAME).write_bytes(b"torn write")
    small_disk.fill()
    caplog.set_level(logging.WARNING, logger="index")
    again = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        assert again.ask("What did Warner say?").found and check_library(again)
        assert "keeping it in memory" in caplog.text
    finally:
        again.close()


def test_a_rebuild_that_runs_out_of_space_is_not_published(small_disk: SmallDisk, embedder, tmp_path) -> None:
    config = replace(LibraryConfig(), index_dir=small_disk.path / "index")
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    before = library.store.folder
    sources = tmp_path / "sources"
    sources.mkdir()
    rng = random.Random(15)
    for i in range(5):
        (sources / f"{i}.txt").write_text(article_text(rng, f"rebuild{i}"))
    small_disk.fill()
    with pytest.raises(DiskFull, match="the rebuild was not published"):
        library.rebuild([sources])
    assert library.store.folder == before and library.ask("What did Warner say?").found
    assert [p.name for p in config.index_dir.glob("gen-*")] == [before.name]
    library.close()

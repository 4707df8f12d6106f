"""Which files of the paths given are documents: the first stage of a batch.

Every .md, .ipynb and .tex under a folder, at any depth (a folder of student folders), in sorted
order, so that a batch's output is the same from run to run; a file named on the command line is a
document whatever its name. Hidden files and folders (.git, .ipynb_checkpoints, which holds copies
of the notebooks) and macOS's __MACOSX are left out, with the other files, as skipped.

A symbolic link to a folder is never followed: a link back to a parent cannot make the walk
endless, nor a link to / make it read the disk. Such a link, a link that leads nowhere (a loop) and
a link to a file outside the folder each get an entry with the reason, so the summary shows them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

SUFFIXES = (".md", ".ipynb", ".tex")
LEFT_OUT = ("__MACOSX",)  # folders that zip tools add, never a student's work


@dataclass(frozen=True)
class Entry:
    path: Path  # as given, or under a folder as given
    refused: str | None = None  # why it is not read; None: a document to verify


@dataclass(frozen=True)
class Collection:
    entries: tuple[Entry, ...]  # in the order of the paths given, each folder's in sorted order
    skipped: tuple[Path, ...]  # files under a folder that are not documents

    @property
    def documents(self) -> tuple[Path, ...]:
        return tuple(e.path for e in self.entries if e.refused is None)


def collect(paths: Iterable[Path]) -> Collection:
    entries: dict[Path, Entry] = {}
    skipped: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, left = _walk(path)
            entries.update((e.path, e) for e in found)
            skipped += left
        else:  # missing, a pipe, binary…: the worker says what it is, as for any document
            entries.setdefault(path, Entry(path))
    return Collection(tuple(entries.values()), tuple(skipped))


def _walk(root: Path) -> tuple[list[Entry], list[Path]]:
    entries, skipped = [], []
    inside = os.path.realpath(root)

    def unreadable(error: OSError) -> None:
        entries.append(Entry(Path(error.filename), f"cannot be read ({error.strerror or error})"))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(folder)
        for name in list(dirnames):
            path = here / name
            if _left_out(name):
                skipped.append(path)
            elif path.is_symlink():
                entries.append(Entry(path, "a symbolic link to a folder: not followed, so that a "
                                           "link back to a parent cannot loop"))
            else:
                continue
            dirnames.remove(name)
        for name in filenames:
            path = here / name
            if _left_out(name) or not name.lower().endswith(SUFFIXES):
                skipped.append(path)
            elif not path.is_symlink():
                entries.append(Entry(path))
            elif not path.exists():
                entries.append(Entry(path, "a symbolic link that leads nowhere (a loop, or its "
                                           "target is missing)"))
            elif os.path.commonpath([inside, os.path.realpath(path)]) != inside:
                entries.append(Entry(path, "a symbolic link to a file outside the folder: not read"))
            else:
                entries.append(Entry(path))
    entries.sort(key=lambda e: e.path.parts)
    return entries, sorted(skipped, key=lambda p: p.parts)


def _left_out(name: str) -> bool:
    return name.startswith(".") or name in LEFT_OUT

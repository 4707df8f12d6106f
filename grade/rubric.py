"""A rubric: each part's points and what earns them, read from TOML.

    title = "CS224n Assignment 2: word2vec"
    partial = 0.5  # the share of a part's points when its final answer is right but a step is refuted
    unread = 1.0   # the share when nothing is refuted but a step could not be read (a person reads it)

    [parts.b]
    name = "(b) the gradient with respect to v_c"
    points = 5
    partial = 0.6  # this part's own share

A part earns all its points when every step is proved; ``partial`` of them when its final answer
equals the reference answer but a step is refuted; none when its final answer is wrong. A rubric
that cannot be used is a RubricError naming the file, the key and what is wrong with it.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from checks.errors import GradproofError

LETTERS = "abcdefgh"  # the part labels documents use, (a) to (h)
DEFAULT_PARTIAL = 0.5
DEFAULT_UNREAD = 1.0  # an unread step is never counted as wrong: a person decides
_KEYS = ("title", "partial", "unread", "parts")
_PART_KEYS = ("name", "points", "partial", "unread")


class RubricError(GradproofError):
    """The rubric cannot be used: not TOML, an unknown key, a negative number of points, …"""


@dataclass(frozen=True)
class PartRubric:
    part: str  # "a".."h"
    name: str  # shown to the student, e.g. "(b) the gradient with respect to v_c"
    points: float
    partial: float  # share of the points: final answer right, a step refuted
    unread: float  # share of the points: nothing refuted, a step unread


@dataclass(frozen=True)
class Rubric:
    title: str
    parts: tuple[PartRubric, ...]  # in letter order


def load_rubric(path: Path) -> Rubric:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise RubricError(f"{path}: not UTF-8 text (bad byte at offset {e.start})") from None
    except OSError as e:
        raise RubricError(f"{path}: cannot be read ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise RubricError(f"{path}: not valid TOML ({e})") from None
    return parse_rubric(data, str(path))


def parse_rubric(data: dict, name: str = "<rubric>") -> Rubric:
    _known(data, _KEYS, name)
    title = data.get("title", "")
    if not isinstance(title, str):
        raise RubricError(f"{name}: title must be text, not {title!r}")
    partial = _share(data, "partial", DEFAULT_PARTIAL, name)
    unread = _share(data, "unread", DEFAULT_UNREAD, name)
    tables = data.get("parts")
    if not isinstance(tables, dict) or not tables:
        raise RubricError(f"{name}: no [parts.a], [parts.b], … table: nothing to give points for")
    parts = []
    for part, table in sorted(tables.items()):
        where = f"{name}: parts.{part}"
        if part not in LETTERS or len(part) != 1:
            raise RubricError(f"{where}: a part is a letter from a to h, as documents label them ((a), (b), …)")
        if not isinstance(table, dict):
            raise RubricError(f"{where}: must be a table ([parts.{part}]) with points = …")
        _known(table, _PART_KEYS, where)
        if "points" not in table:
            raise RubricError(f"{where}: points is missing")
        points = table["points"]
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) \
                or points < 0:
            raise RubricError(f"{where}: points must be a number ≥ 0, not {points!r}")
        label = table.get("name", f"({part})")
        if not isinstance(label, str):
            raise RubricError(f"{where}: name must be text, not {label!r}")
        parts.append(PartRubric(part, label, float(points), _share(table, "partial", partial, where),
                                _share(table, "unread", unread, where)))
    return Rubric(title, tuple(parts))


def _known(table: dict, keys: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in keys:
            raise RubricError(f"{where}: unknown key {key!r} (known: {', '.join(keys)})")


def _share(table: dict, key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise RubricError(f"{where}: {key} must be a share of the points from 0 to 1, not {value!r}")
    return float(value)

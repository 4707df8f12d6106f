"""A class graded by a rubric: documents grouped into students, every part of every student given
its points (grade.points), and what a course needs from it: a CSV of points per student and part,
an HTML report per document with the points beside each part, a Gradescope results.json per student.

A student is the top-level folder under the path graded (submissions/alice/…), or the file when
files sit directly in it (submissions/bob.md); a student's documents are graded together, so parts
written in two files count once.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from checks.verdict import ChainResult, DocumentResult
from grade import gradescope, parts
from grade.batch import Batch
from grade.points import UNUSABLE, PartGrade, grade_part
from grade.rubric import Rubric
from grade.workers import Failure
from reports.json_report import write_text_atomically


@dataclass(frozen=True)
class StudentGrade:
    student: str
    documents: tuple[DocumentResult | Failure, ...]
    parts: tuple[PartGrade, ...]  # in the rubric's order
    notes: tuple[str, ...] = ()  # for a person, beyond the parts: an unusable document, a part written twice

    @property
    def points(self) -> float:
        return round(sum(p.points for p in self.parts), 2)

    @property
    def max_points(self) -> float:
        return round(sum(p.max_points for p in self.parts), 2)

    @property
    def review(self) -> tuple[str, ...]:
        return tuple(f"({p.part}) {p.review}" for p in self.parts if p.review) + self.notes


def grade_class(batch: Batch, root: Path, rubric: Rubric, one_student: bool = False) -> tuple[StudentGrade, ...]:
    """``one_student``: every document under ``root`` is one student's (Gradescope's submission folder)."""
    students: dict[str, list[DocumentResult | Failure]] = {}
    for outcome in batch.outcomes:
        name = Path(root).resolve().name if one_student else student_of(outcome.document, root)
        students.setdefault(name, []).append(outcome)
    return tuple(_grade_student(name, tuple(documents), rubric) for name, documents in sorted(students.items()))


def student_of(document: str, root: Path) -> str:
    path = Path(document)
    try:
        relative = path.relative_to(root)
    except ValueError:
        return path.name
    return relative.parts[0] if len(relative.parts) > 1 else path.name


def _grade_student(student: str, documents: tuple, rubric: Rubric) -> StudentGrade:
    failures = [d for d in documents if isinstance(d, Failure)]
    notes = [f"{f.document}: unusable: {f.reason}" for f in failures]
    if len(failures) == len(documents):
        why = "; ".join(f.reason for f in failures)
        return StudentGrade(student, documents, tuple(
            PartGrade(p.part, p.name, 0, p.points, UNUSABLE, f"The submission could not be verified: {why}.")
            for p in rubric.parts), tuple(notes))
    found: dict[str, list[tuple[str, ChainResult]]] = {}
    for result in documents:
        if not isinstance(result, Failure):
            for part, chains in parts.by_part(result).items():
                found.setdefault(part, []).extend((result.document, c) for c in chains)
    for part, pairs in found.items():
        holders = list(dict.fromkeys(d for d, _ in pairs))
        if len(holders) > 1 and any(p.part == part for p in rubric.parts):
            notes.append(f"({part}) is in {len(holders)} documents ({', '.join(holders)}): graded together")
    named = len(documents) > 1
    return StudentGrade(student, documents, tuple(grade_part(p, found.get(p.part, []), named)
                                                  for p in rubric.parts), tuple(notes))


def points_csv(grades: tuple[StudentGrade, ...], rubric: Rubric) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "documents", *(f"part {p.part}" for p in rubric.parts), "total", "max", "review"])
    for grade in grades:
        writer.writerow([grade.student, len(grade.documents), *(number(p.points) for p in grade.parts),
                         number(grade.points), number(grade.max_points), "; ".join(grade.review)])
    return out.getvalue()


def points_beside_parts(grade: StudentGrade) -> dict[str, str]:
    """What the HTML report shows beside each part's heading."""
    return {p.part: f"{number(p.points)} / {number(p.max_points)} points"
                    + (f" · for a person to read: {p.review}" if p.review else "") for p in grade.parts}


def write_outputs(grades: tuple[StudentGrade, ...], rubric: Rubric, root: Path, out: Path,
                  gradescope_dir: Path | None = None, one_student: bool = False) -> list[Path]:
    """points.csv and reports/<document>.html under ``out``; results.json per student under
    ``gradescope_dir`` (directly in it for ``one_student``). The files written, in order."""
    from reports.render import html

    written = [Path(out) / "points.csv"]
    write_text_atomically(written[0], points_csv(grades, rubric))
    for grade in grades:
        points = points_beside_parts(grade)
        for result in grade.documents:
            if not isinstance(result, Failure):
                path = Path(out) / "reports" / f"{_relative(result.document, root)}.html"
                write_text_atomically(path, html(result, points))
                written.append(path)
        if gradescope_dir is not None:
            path = Path(gradescope_dir) / ("" if one_student else grade.student) / "results.json"
            write_text_atomically(path, json.dumps(gradescope.results(grade), ensure_ascii=False, indent=1) + "\n")
            written.append(path)
    return written


def _relative(document: str, root: Path) -> Path:
    try:
        relative = Path(document).relative_to(root)
    except ValueError:
        return Path(Path(document).name)
    return relative if relative.parts else Path(Path(document).name)


def format_table(grades: tuple[StudentGrade, ...]) -> str:
    width = max((len(g.student) for g in grades), default=0)
    lines = [f"{g.student:<{width}}  {number(g.points):>6} / {number(g.max_points)}"
             + (f"  to read: {'; '.join(g.review)}" if g.review else "") for g in grades]
    return "\n".join(lines + [f"{len(grades)} students, {sum(bool(g.review) for g in grades)} with something "
                              "for a person to read"])


def number(points: float) -> str:
    return f"{round(points, 2):g}"

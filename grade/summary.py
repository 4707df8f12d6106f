"""One row per document of a batch: its steps, the count of each verdict, its first refuted line and
the status of each part; the reason of an unusable one. As CSV (a spreadsheet to sort and filter),
JSON (for scripts) and a short table for the terminal.

    path,status,reason,steps,proved,…,first_refuted_line,first_refuted_cell,part a,part b,notes
    alice/solution.md,verified,,24,23,…,35,,proved,refuted,
    bob/junk.md,unusable,"a binary file (it holds NUL bytes), not a document",,,…
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from checks.verdict import DocumentResult, StepResult, Verdict
from grade import parts
from grade.workers import Failure
from reports.json_report import write_text_atomically

FORMATS = (".csv", ".json")
PART_MARKS = {parts.PROVED: "✓", parts.REFUTED: "✗", parts.UNREAD: "?"}


@dataclass(frozen=True)
class Row:
    path: str
    unusable: str | None  # why the document could not be verified; None when it was
    counts: tuple[tuple[str, int], ...] = ()  # ("steps", n), then (verdict, n) for every verdict
    first_refuted: StepResult | None = None  # the first refuted step in the document's order
    parts: tuple[tuple[str, str], ...] = ()  # (part, status) in letter order
    notes: tuple[str, ...] = ()  # the document's notices (a budget ran out), or that it has no step


def rows(outcomes: Iterable[DocumentResult | Failure]) -> tuple[Row, ...]:
    return tuple(_row(o) for o in outcomes)


def _row(outcome: DocumentResult | Failure) -> Row:
    if isinstance(outcome, Failure):
        return Row(outcome.document, outcome.reason)
    summary = outcome.summary()
    steps = [s for c in outcome.chains for s in c.steps]
    refuted = [s for s in steps if s.verdict is Verdict.REFUTED]
    notes = outcome.notices if steps else ("no step to check",) + outcome.notices
    return Row(outcome.document, None,
               counts=(("steps", summary["steps"]),) + tuple((v.value, summary[v.value]) for v in Verdict),
               first_refuted=min(refuted, key=lambda s: (s.cell or 0, s.line), default=None),
               parts=tuple((part, parts.status(s for c in chains for s in c.steps))
                           for part, chains in parts.by_part(outcome).items()),
               notes=tuple(notes))


def to_json(table: Iterable[Row]) -> str:
    documents = []
    for row in table:
        first = row.first_refuted
        documents.append({
            "path": row.path, "status": "unusable" if row.unusable else "verified", "reason": row.unusable,
            **{name: (None if row.unusable else n) for name, n in _counts(row)},
            "first_refuted_line": first.line if first else None,
            "first_refuted_cell": first.cell if first else None,
            "parts": dict(row.parts), "notes": list(row.notes)})
    return json.dumps({"documents": documents}, ensure_ascii=False, indent=1) + "\n"


def to_csv(table: Iterable[Row]) -> str:
    table = list(table)
    letters = sorted({part for row in table for part, _ in row.parts})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "status", "reason", *(name for name, _ in _counts(Row("", None))),
                     "first_refuted_line", "first_refuted_cell", *(f"part {p}" for p in letters), "notes"])
    for row in table:
        first, status = row.first_refuted, dict(row.parts)
        writer.writerow([row.path, "unusable" if row.unusable else "verified", row.unusable or "",
                         *(("" if row.unusable else n) for _, n in _counts(row)),
                         first.line if first else "", "" if first is None or first.cell is None else first.cell,
                         *(status.get(p, "") for p in letters), "; ".join(row.notes)])
    return out.getvalue()


def _counts(row: Row) -> tuple[tuple[str, int], ...]:
    return row.counts or (("steps", 0),) + tuple((v.value, 0) for v in Verdict)


def write(path: Path, table: Iterable[Row]) -> None:
    """The summary as CSV or JSON, by the file's suffix; written whole or not at all."""
    text = to_csv(table) if Path(path).suffix.lower() == ".csv" else to_json(table)
    write_text_atomically(Path(path), text)


def format_table(table: Iterable[Row]) -> str:
    """The summary for the terminal: a line per document, then the totals."""
    table = list(table)
    width = min(max((len(r.path) for r in table), default=0), 60)
    lines = []
    for row in table:
        if row.unusable:
            lines.append(f"{row.path:<{width}}  unusable: {row.unusable}")
            continue
        counts = dict(row.counts)
        found = ", ".join(f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value])
        first = f"; first refuted at {parts.where(row.first_refuted)}" if row.first_refuted else ""
        marks = "  ".join(f"{part} {PART_MARKS[status]}" for part, status in row.parts)
        lines.append(f"{row.path:<{width}}  {counts['steps']} steps: {found or 'nothing to check'}{first}"
                     + (f"  parts: {marks}" if marks else ""))
    unusable = sum(r.unusable is not None for r in table)
    refuted = sum(r.first_refuted is not None for r in table)
    lines.append(f"{len(table)} documents: {len(table) - unusable} verified ({refuted} with a refuted "
                 f"step), {unusable} unusable")
    return "\n".join(lines)

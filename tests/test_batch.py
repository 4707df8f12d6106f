"""Verifying a whole class (issue 12): a folder of student folders in parallel workers, a summary
row per document (CSV and JSON), the batch exit code, and hostile files beside good submissions,
each in a row of its own with its reason while every good one is verified."""
import csv
import json
import os

import pytest

from class_documents import FINAL_ANSWER_WRONG, GOOD, gradproof, write_class

HEADER = ("path,status,reason,steps,proved,numerically-equal,refuted,convention,unparsed,undecided,"
          "first_refuted_line,first_refuted_cell,part a,part b,part d,notes")
CLASS_ROWS = [
    "class/alice/solution.md,verified,,4,4,0,0,0,0,0,,,proved,proved,proved,",
    "class/bob/solution.md,verified,,4,2,0,2,0,0,0,14,,proved,refuted,proved,",
    "class/carol/solution.md,verified,,4,3,0,1,0,0,0,15,,proved,refuted,proved,",
    "class/dave/solution.md,verified,,4,3,0,0,0,1,0,,,proved,proved,unread,",
    "class/erin.md,verified,,4,4,0,0,0,0,0,,,proved,proved,proved,",
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The class verified with two workers (CSV summary) and with one (JSON summary)."""
    here = tmp_path_factory.mktemp("batch")
    write_class(here / "class")
    two = gradproof("verify", "class", "--jobs", "2", "--summary", "s.csv", "--json", "two.json", cwd=here)
    one = gradproof("verify", "class", "--jobs", "1", "--summary", "s.json", "--json", "one.json",
                    "--summary-only", cwd=here)
    return here, two, one


def test_summary_csv_has_a_row_per_document_with_its_counts_first_refuted_line_and_parts(runs):
    here, _, _ = runs
    assert (here / "s.csv").read_text().splitlines() == [HEADER, *CLASS_ROWS]


def test_summary_json_has_the_same_rows(runs):
    here, _, _ = runs
    documents = json.loads((here / "s.json").read_text())["documents"]
    assert documents[1] == {
        "path": "class/bob/solution.md", "status": "verified", "reason": None, "steps": 4, "proved": 2,
        "numerically-equal": 0, "refuted": 2, "convention": 0, "unparsed": 0, "undecided": 0,
        "first_refuted_line": 14, "first_refuted_cell": None,
        "parts": {"a": "proved", "b": "refuted", "d": "proved"}, "notes": []}
    assert [(d["path"], d["refuted"], d["first_refuted_line"], d["parts"]) for d in documents] == [
        ("class/alice/solution.md", 0, None, {"a": "proved", "b": "proved", "d": "proved"}),
        ("class/bob/solution.md", 2, 14, {"a": "proved", "b": "refuted", "d": "proved"}),
        ("class/carol/solution.md", 1, 15, {"a": "proved", "b": "refuted", "d": "proved"}),
        ("class/dave/solution.md", 0, None, {"a": "proved", "b": "proved", "d": "unread"}),
        ("class/erin.md", 0, None, {"a": "proved", "b": "proved", "d": "proved"})]


def test_two_workers_give_the_same_verdicts_as_one(runs):
    here, _, _ = runs

    def verdicts(name):
        return [(d["document"], [(s["line"], s["verdict"], s["detail"]) for c in d["chains"] for s in c["steps"]])
                for d in json.loads((here / name).read_text())]
    assert verdicts("two.json") == verdicts("one.json")
    assert [document for document, _ in verdicts("two.json")] == [
        "class/alice/solution.md", "class/bob/solution.md", "class/carol/solution.md",
        "class/dave/solution.md", "class/erin.md"]


def test_a_refuted_step_and_nothing_unusable_exits_1_and_the_other_files_are_named_once(runs):
    _, two, one = runs
    assert two.returncode == one.returncode == 1
    assert two.stderr == one.stderr == "gradproof: skipped 1 (hidden, or not .md, .ipynb, .tex): class/notes.txt\n"


def test_tables_come_in_sorted_order_then_the_summary(runs):
    _, two, _ = runs
    firsts = [line for line in two.stdout.splitlines() if line.startswith("class/")]
    assert firsts[:5] == ["class/alice/solution.md", "class/bob/solution.md", "class/carol/solution.md",
                          "class/dave/solution.md", "class/erin.md"]
    assert two.stdout.splitlines()[-1] == "5 documents: 5 verified (2 with a refuted step), 0 unusable"


def test_summary_only_prints_a_line_per_document_and_no_table(runs):
    _, _, one = runs
    assert one.stdout.splitlines() == [
        "class/alice/solution.md  4 steps: 4 proved  parts: a ✓  b ✓  d ✓",
        "class/bob/solution.md    4 steps: 2 proved, 2 refuted; first refuted at line 14  parts: a ✓  b ✗  d ✓",
        "class/carol/solution.md  4 steps: 3 proved, 1 refuted; first refuted at line 15  parts: a ✓  b ✗  d ✓",
        "class/dave/solution.md   4 steps: 3 proved, 1 unparsed  parts: a ✓  b ✓  d ?",
        "class/erin.md            4 steps: 4 proved  parts: a ✓  b ✓  d ✓",
        "5 documents: 5 verified (2 with a refuted step), 0 unusable"]


# --- hostile files beside good submissions ----------------------------------------------------------

HOSTILE_ROWS = {  # path under the folder: (status, reason or notes)
    "amy/solution.md": ("verified", ""),
    "ben/back": ("unusable", "a symbolic link to a folder: not followed, so that a link back to a parent cannot loop"),
    "ben/big.md": ("unusable", "2000001 bytes is more than the limit of 1000000 (--max-bytes)"),
    "ben/broken.ipynb": ("unusable", "not a valid notebook (invalid JSON: Expecting value: line 1 column 12 (char 11))"),
    "ben/empty.md": ("verified", "no step to check"),
    "ben/junk.md": ("unusable", "a binary file (it holds NUL bytes), not a document"),
    "ben/loop.md": ("unusable", "a symbolic link that leads nowhere (a loop, or its target is missing)"),
    "cleo/solution.md": ("verified", ""),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    here = tmp_path_factory.mktemp("hostile")
    folder = write_class(here / "class", {"amy/solution.md": GOOD, "cleo/solution.md": FINAL_ANSWER_WRONG,
                                          "ben/empty.md": "", "ben/big.md": "x" * 2_000_001,
                                          "ben/broken.ipynb": '{"cells": ['})
    (folder / "ben" / "junk.md").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    os.symlink("loop.md", folder / "ben" / "loop.md")
    os.symlink("..", folder / "ben" / "back")
    done = gradproof("verify", "class", "--summary", "h.csv", "--summary-only", cwd=here, timeout=90)
    rows = (here / "h.csv").read_text().splitlines()
    return done, {row.split(",")[0].removeprefix("class/"): row for row in rows[1:]}


def test_every_bad_file_gets_its_own_row_with_its_reason_and_the_batch_exits_2(hostile):
    done, rows = hostile
    assert done.returncode == 2
    assert list(rows) == list(HOSTILE_ROWS)
    for path, (status, why) in HOSTILE_ROWS.items():
        cells = next(csv.reader([rows[path]]))
        assert (cells[1], cells[2] or cells[-1]) == (status, why), path


def test_every_good_submission_beside_them_is_verified(hostile):
    _, rows = hostile
    assert rows["amy/solution.md"] == "class/amy/solution.md,verified,,4,4,0,0,0,0,0,,,proved,proved,proved,"
    assert rows["cleo/solution.md"] == "class/cleo/solution.md,verified,,4,3,0,1,0,0,0,15,,proved,refuted,proved,"


def test_each_unusable_file_is_one_line_on_stderr(hostile):
    done, _ = hostile
    assert done.stderr.splitlines() == [f"gradproof: class/{path}: {why}" for path, (status, why)
                                        in HOSTILE_ROWS.items() if status == "unusable"]


def test_a_summary_that_is_neither_csv_nor_json_is_refused(tmp_path):
    write_class(tmp_path / "class", {"a.md": GOOD})
    done = gradproof("verify", "class", "--summary", "s.xlsx", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "gradproof: s.xlsx: a summary is .csv or .json\n")
    assert not (tmp_path / "s.xlsx").exists()

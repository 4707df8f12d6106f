"""The Python API (issue 12): ``from gradproof import verify, verify_text, verify_folder``; a result's
to_json() is exactly what ``gradproof verify --json`` prints, and a folder gives every document's
result or the reason it has none."""
import json

from class_documents import FINAL_ANSWER_WRONG, GOOD, write_class
from gradproof import Result, main, verify, verify_folder, verify_text
from grade.workers import Failure


def without_seconds(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "seconds"}  # the one field a rerun changes


def test_to_json_is_what_verify_json_prints(tmp_path, monkeypatch, capsys):
    (tmp_path / "carol.md").write_text(FINAL_ANSWER_WRONG)
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "carol.md", "--json", "-"]) == 1
    printed = json.loads(capsys.readouterr().out)
    result = verify(tmp_path / "carol.md")
    assert isinstance(result, Result)
    assert without_seconds(printed) == without_seconds({**result.to_json(), "document": "carol.md"})
    assert printed["chains"][1]["steps"][1]["counterexample"]["expected"] == r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"


def test_verify_text_gives_the_same_verdicts_as_the_file():
    from_text = verify_text(FINAL_ANSWER_WRONG, format="md", name="carol.md").to_json()
    assert [(s["line"], s["verdict"]) for c in from_text["chains"] for s in c["steps"]] == [
        (6, "proved"), (14, "proved"), (15, "refuted"), (22, "proved")]
    assert from_text["document"] == "carol.md"


def test_verify_folder_gives_each_document_its_result_or_its_reason(tmp_path):
    write_class(tmp_path, {"alice/solution.md": GOOD, "bob/solution.md": FINAL_ANSWER_WRONG})
    (tmp_path / "bob" / "junk.md").write_bytes(b"\x00junk")
    outcomes = verify_folder(tmp_path, jobs=2)
    assert list(outcomes) == [str(tmp_path / name) for name in ("alice/solution.md", "bob/junk.md", "bob/solution.md")]
    junk = outcomes[str(tmp_path / "bob" / "junk.md")]
    assert junk == Failure(str(tmp_path / "bob" / "junk.md"), "a binary file (it holds NUL bytes), not a document")
    assert [o.summary()["refuted"] for o in outcomes.values() if isinstance(o, Result)] == [0, 1]

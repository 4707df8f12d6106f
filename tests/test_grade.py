"""Grading a class by a rubric (issue 12): points per student and part on documents with known
faults, the Gradescope results.json field by field, the points beside each part of the HTML report,
and a rubric that cannot be used refused in one line with exit code 2."""
import json
from pathlib import Path

import pytest

from class_documents import CLASS, GOOD, ROOT, UNREAD, gradproof, write_class
from grade.rubric import RubricError, load_rubric

RUBRIC = """title = "three parts"
partial = 0.5

[parts.a]
points = 2

[parts.b]
name = "(b) the gradient with respect to v_c"
points = 5
partial = 0.6

[parts.d]
points = 3
unread = 0.5
"""
WRONG_AT_15 = (r"Line 15: -\mathbf{u}_o + \sum_{x=1}^{V} \hat{y}_x \mathbf{u}_x = \mathbf{U}(\mathbf{y} - "
               r"\hat{\mathbf{y}}) does not hold: at V=4, d=2, K=2, m=1, o=2, c=3, negatives=(1, 4), "
               r"u_1 = [2, 2], u_2 = [2, 2], u_3 = [-2, 1], u_4 = [1, 2], v_3 = [-1, 1], the left side is "
               r"[-3.34870, -0.809776]ᵀ and the right side [3.34870, 0.809776]ᵀ. "
               r"Expected: \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    here = tmp_path_factory.mktemp("grade")
    write_class(here / "class", {**CLASS, "frank/draft.md": GOOD, "frank/final.md": UNREAD})
    (here / "rubric.toml").write_text(RUBRIC)
    done = gradproof("grade", "class", "--rubric", "rubric.toml", "-o", "out", "--gradescope", "gs", cwd=here)
    return here, done


def test_points_per_student_and_part_follow_the_rubric(graded):
    here, done = graded
    assert done.returncode == 1  # a step is refuted, nothing is unusable
    assert (here / "out" / "points.csv").read_text().splitlines() == [
        "student,documents,part a,part b,part d,total,max,review",
        "alice,1,2,5,3,10,10,",
        "bob,1,2,3,3,8,10,",  # (b): final answer right, lines 14 and 15 refuted: 0.6 of 5
        "carol,1,2,0,3,5,10,",  # (b): final answer wrong
        "dave,1,2,5,1.5,8.5,10,(d) line 22 could not be read or decided",  # unread: 0.5 of 3, for a person
        "erin.md,1,2,5,3,10,10,",  # a file directly in the folder is a student
        FRANK]


FRANK = ('frank,2,2,5,1.5,8.5,10,"(d) class/frank/final.md line 22 could not be read or decided; '  # graded together
         "(a) is in 2 documents (class/frank/draft.md, class/frank/final.md): graded together; "
         "(b) is in 2 documents (class/frank/draft.md, class/frank/final.md): graded together; "
         '(d) is in 2 documents (class/frank/draft.md, class/frank/final.md): graded together"')


def test_gradescope_results_name_the_wrong_line_and_the_expected_expression(graded):
    here, _ = graded
    results = json.loads((here / "gs" / "carol" / "results.json").read_text())
    assert set(results) == {"score", "output", "tests"}
    assert results["score"] == 5.0
    assert results["output"] == "gradproof checked 4 step(s) in 1 document(s): 3 proved, 1 refuted."
    assert [t["name"] for t in results["tests"]] == ["(a)", "(b) the gradient with respect to v_c", "(d)"]
    part_b = results["tests"][1]
    assert part_b == {
        "name": "(b) the gradient with respect to v_c", "score": 0.0, "max_score": 5.0, "status": "failed",
        "output": "The final answer is wrong: the expression at line 15 does not equal "
                  "\\frac{\\partial J}{\\partial \\mathbf{v}_c}.\n" + WRONG_AT_15,
        "output_format": "text"}
    assert results["tests"][0] == {"name": "(a)", "score": 2.0, "max_score": 2.0, "status": "passed",
                                   "output": "All 1 step(s) hold.", "output_format": "text"}


def test_gradescope_partial_credit_and_a_part_for_a_person(graded):
    here, _ = graded
    bob = json.loads((here / "gs" / "bob" / "results.json").read_text())
    assert (bob["score"], bob["tests"][1]["score"], bob["tests"][1]["status"]) == (8.0, 3.0, "failed")
    assert bob["tests"][1]["output"].splitlines()[0] == "The final answer is right, but a step is wrong."
    assert [line.split(":")[0] for line in bob["tests"][1]["output"].splitlines()[1:]] == ["Line 14", "Line 15"]
    dave = json.loads((here / "gs" / "dave" / "results.json").read_text())
    assert dave["tests"][2] == {
        "name": "(d)", "score": 1.5, "max_score": 3.0, "status": "failed",
        "output": "No step is wrong, but gradproof could not read or decide every step.\n"
                  "A person will check this part: line 22 could not be read or decided.",
        "output_format": "text"}
    assert sorted(p.name for p in (here / "gs").iterdir()) == ["alice", "bob", "carol", "dave", "erin.md", "frank"]


def test_each_html_report_shows_the_points_beside_each_part(graded):
    here, _ = graded
    page = (here / "out" / "reports" / "dave" / "solution.md.html").read_text()
    assert '<h2>Part (a) <span class="points">2 / 2 points</span></h2>' in page
    assert '<h2>Part (b) <span class="points">5 / 5 points</span></h2>' in page
    assert ('<h2>Part (d) <span class="points">1.5 / 3 points · for a person to read: line 22 could not '
            'be read or decided</span></h2>') in page
    assert (here / "out" / "reports" / "erin.md.html").exists()


def test_the_terminal_shows_each_students_total(graded):
    _, done = graded
    assert done.stdout.splitlines()[:5] == [
        "alice        10 / 10", "bob           8 / 10", "carol         5 / 10",
        "dave        8.5 / 10  to read: (d) line 22 could not be read or decided", "erin.md      10 / 10"]
    assert done.stdout.splitlines()[6:] == ["6 students, 2 with something for a person to read",
                                         "wrote out/points.csv and 13 more file(s)"]


def test_one_submission_for_gradescope_writes_results_json_directly_in_the_folder(tmp_path):
    first, second = GOOD.split("## (d)")  # parts (a) and (b) in one file, (d) in another
    write_class(tmp_path / "submission", {"ab.md": first, "d.md": "## (d)" + second})
    (tmp_path / "rubric.toml").write_text(RUBRIC)
    done = gradproof("grade", "submission", "--rubric", "rubric.toml", "--submission", "-o", "out",
                     "--gradescope", "results", cwd=tmp_path)
    assert done.returncode == 0
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert (results["score"], [t["score"] for t in results["tests"]]) == (10.0, [2.0, 5.0, 3.0])
    assert results["output"] == "gradproof checked 4 step(s) in 2 document(s): 4 proved."
    assert (tmp_path / "out" / "points.csv").read_text().splitlines()[1] == "submission,2,2,5,3,10,10,"


def test_the_bundled_cs224n_rubric_gives_parts_a_to_f_their_points():
    rubric = load_rubric(ROOT / "examples" / "rubric-cs224n-word2vec.toml")
    assert [(p.part, p.points, p.partial) for p in rubric.parts] == [
        ("a", 3, 0.5), ("b", 5, 0.5), ("c", 5, 0.5), ("d", 3, 0.5), ("e", 6, 0.3), ("f", 3, 0.5)]
    assert sum(p.points for p in rubric.parts) == 25


# --- a rubric that cannot be used ----------------------------------------------------------------

BAD_RUBRICS = {  # rubric text: the message after "gradproof: rubric.toml"
    "not TOML": ("[parts.a\npoints = 2\n", ": not valid TOML (Expected ']' at the end of a table "
                                           "declaration (at line 1, column 9))"),
    "unknown key": ("[parts.a]\npionts = 2\n", ": parts.a: unknown key 'pionts' (known: name, points, "
                                               "partial, unread)"),
    "unknown top-level key": ("partal = 0.5\n[parts.a]\npoints = 2\n",
                              ": unknown key 'partal' (known: title, partial, unread, parts)"),
    "negative points": ("[parts.b]\npoints = -3\n", ": parts.b: points must be a number ≥ 0, not -3"),
    "points as text": ('[parts.b]\npoints = "5"\n', ": parts.b: points must be a number ≥ 0, not '5'"),
    "no points": ('[parts.b]\nname = "(b)"\n', ": parts.b: points is missing"),
    "a share above 1": ("partial = 1.5\n[parts.a]\npoints = 2\n",
                        ": partial must be a share of the points from 0 to 1, not 1.5"),
    "a part that is no letter": ("[parts.z]\npoints = 1\n",
                                 ": parts.z: a part is a letter from a to h, as documents label them ((a), (b), …)"),
    "no parts": ('title = "empty"\n', ": no [parts.a], [parts.b], … table: nothing to give points for"),
}


@pytest.mark.parametrize("name", BAD_RUBRICS)
def test_a_bad_rubric_is_one_clear_error(tmp_path, monkeypatch, name):
    text, message = BAD_RUBRICS[name]
    (tmp_path / "rubric.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RubricError) as error:
        load_rubric(Path("rubric.toml"))
    assert str(error.value) == "rubric.toml" + message


def test_a_bad_rubric_exits_2_before_verifying_anything(tmp_path):
    write_class(tmp_path / "class", {"a.md": GOOD})
    (tmp_path / "rubric.toml").write_text("[parts.b]\npoints = -3\n")
    done = gradproof("grade", "class", "--rubric", "rubric.toml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "gradproof: rubric.toml: parts.b: points must be a number ≥ 0, not -3\n"
    assert not (tmp_path / "grades").exists()

"""gradproof's command line: wires checks/, reports/, grade/ and train/ together and holds no logic of its own.

    gradproof verify [DOC …] [--json FILE|-]        exit 0: nothing refuted, 1: a step refuted, 2: unusable input
    gradproof verify FOLDER … [--jobs N] [--summary FILE.csv|.json] [--summary-only]
    gradproof grade FOLDER --rubric RUBRIC.toml [--gradescope DIR] [-o OUTDIR]
    gradproof report [DOC] --format html,tex,pdf,json -o PATH
    gradproof export DOC --line N -o grad.py         a proved gradient as a NumPy module with its own test
    gradproof serve [--host H] [--port P]             a local page that checks a derivation as it is typed
    gradproof train [--corpus FILE] --loss neg-sampling|naive-softmax … --out DIR
    gradproof evaluate VECTORS

The same as a Python API, returning the frozen results of checks/verdict.py:

    >>> from gradproof import verify, verify_text, verify_folder
    >>> result = verify("solution.md")            # doctest: +SKIP
    >>> result.summary()["refuted"], result.to_json()["chains"][0]["steps"][0]["verdict"]  # doctest: +SKIP
    >>> outcomes = verify_folder("submissions/", jobs=2)  # doctest: +SKIP
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import fields
from pathlib import Path

from checks.verdict import DocumentResult

BUNDLED_EXAMPLE = Path(__file__).resolve().parent / "examples" / "word2vec-solution-seed.md"
FORMATS = ("html", "tex", "pdf", "json")
TEXT_FORMATS = ("md", "ipynb", "tex")


def verify(path, budget=None):
    """The verdicts of the document at ``path`` (.md, .ipynb or .tex): a Result whose ``to_json()``
    is exactly ``gradproof verify --json``. InputError for what cannot be a document at all."""
    from checks.budget import Budget
    from checks.verify import verify_path
    return _shown(verify_path(Path(path), budget or Budget()))


def verify_text(text: str, format: str = "md", name: str = "<text>", budget=None):
    """The verdicts of a document given as text; ``format`` is md, ipynb or tex."""
    from checks.budget import Budget
    from checks.document import read_text
    from checks.errors import InputError
    from checks.verify import verify_document
    budget = budget or Budget()
    if format not in TEXT_FORMATS:
        raise InputError(f"unknown format {format!r}; choose from {', '.join(TEXT_FORMATS)}")
    size = len(text.encode("utf-8", errors="replace"))
    if size > budget.max_bytes:
        raise InputError(f"{name}: {size} bytes is more than the limit of {budget.max_bytes} (--max-bytes)")
    return _shown(verify_document(read_text(text, format, name), budget))


def verify_folder(path, budget=None, jobs=None, max_memory=None) -> dict:
    """Every .md, .ipynb and .tex under the folder ``path``, verified ``jobs`` at a time (default: one
    per core), each in a worker process bounded in time (``budget``) and memory (``max_memory``
    bytes, default 2 GB): {document: Result, or grade.workers.Failure with the reason}, in sorted
    order of the documents. The workers import a calling script as multiprocessing's do: call it
    under ``if __name__ == "__main__":``."""
    from checks.budget import Budget
    from grade.batch import verify_batch
    from grade.collect import collect
    from grade.workers import DEFAULT_MAX_MEMORY
    batch = verify_batch(collect([Path(path)]), budget or Budget(), jobs, max_memory or DEFAULT_MAX_MEMORY)
    return {outcome.document: outcome for outcome in batch.outcomes}


class Result(DocumentResult):
    """A DocumentResult (the same frozen fields and JSON) that a notebook shows as the HTML report."""

    def _repr_html_(self) -> str:
        from reports.render import html
        return html(self)


def _shown(result: DocumentResult) -> Result:
    return Result(**{f.name: getattr(result, f.name) for f in fields(DocumentResult)})


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show ✓ or 综合 gets '?', not a crash
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("gradproof: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (| head): nothing left to say
        sys.stderr.close()
        return 0
    except Exception as e:  # noqa: BLE001 - a bug of ours is one line for the user, never a traceback
        return _fail(f"internal error ({type(e).__name__}: {e}); please report it")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gradproof", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    verify = commands.add_parser("verify", help="prove or refute every step of derivations",
                                 description="Check every '=' of each document in concrete instances.")
    verify.add_argument("documents", nargs="*", type=Path, metavar="DOC",
                        help="markdown, .ipynb or .tex files, or folders of them at any depth "
                             "(default: the bundled example)")
    verify.add_argument("--json", metavar="FILE", help="also write the JSON result to FILE ('-': stdout)")
    verify.add_argument("--summary", type=Path, metavar="FILE",
                        help="a row per document, as CSV or JSON by the file's suffix (.csv, .json)")
    verify.add_argument("--summary-only", action="store_true",
                        help="print the summary, not each document's table")
    _add_budget_arguments(verify)
    _add_worker_arguments(verify)
    verify.add_argument("--no-color", action="store_true", help="plain table even on a terminal")
    verify.set_defaults(run=_verify)

    grade = commands.add_parser("grade", help="give points to a class's submissions by a rubric",
                                description="Verify every document under PATH and give each student "
                                            "(a top-level folder, or a file) points by the rubric.")
    grade.add_argument("path", type=Path, metavar="PATH", help="a folder of student folders or files")
    grade.add_argument("--rubric", type=Path, required=True, metavar="FILE",
                       help="TOML: each part's points and what earns them (see examples/)")
    grade.add_argument("-o", "--output", type=Path, default=Path("grades"), metavar="OUTDIR",
                       help="where points.csv and the HTML reports go (default: grades)")
    grade.add_argument("--gradescope", type=Path, metavar="DIR",
                       help="also write a Gradescope results.json per student under DIR")
    grade.add_argument("--submission", action="store_true",
                       help="PATH is one student's submission (Gradescope's /autograder/submission): "
                            "its results.json goes directly in DIR")
    _add_budget_arguments(grade)
    _add_worker_arguments(grade)
    grade.set_defaults(run=_grade)

    report = commands.add_parser("report", help="render a verified document as HTML, LaTeX, PDF or JSON")
    report.add_argument("document", nargs="?", type=Path, metavar="DOC",
                        help="the document (default: the bundled example)")
    report.add_argument("--format", default="html", metavar="FMT[,FMT…]",
                        help=f"one or more of {', '.join(FORMATS)}, comma-separated (default html)")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="PATH",
                        help="the file to write; a folder when several formats are asked for")
    _add_budget_arguments(report)
    report.set_defaults(run=_report)

    export = commands.add_parser("export", help="write a proved gradient as a NumPy module with a test",
                                 description="Write the right-hand side of the proved step at a line as "
                                             "NumPy code, with the document's loss and a central-difference test.")
    export.add_argument("document", type=Path, metavar="DOC", help="a derivation that declares its objects")
    export.add_argument("--line", type=int, required=True, metavar="N",
                        help="the line where the step's right-hand side begins (as `verify` shows it)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="PATH", help="the module to write")
    _add_budget_arguments(export)
    export.set_defaults(run=_export)

    from serve.command import add_serve_arguments
    serve = commands.add_parser("serve", help="a local page: paste a derivation, see each step's verdict",
                                description="Serve a page where a derivation is checked as it is typed.")
    add_serve_arguments(serve)
    _add_budget_arguments(serve)
    serve.set_defaults(run=_serve)

    try:
        from train import command as train_command
    except ImportError as e:
        train_command = None
        missing = str(e)
    train = commands.add_parser("train", help="train skip-gram vectors with the SymPy-generated gradients")
    evaluate = commands.add_parser("evaluate", help="word similarity and analogy scores of a vectors file")
    if train_command is None:
        for sub in (train, evaluate):
            sub.set_defaults(run=lambda args: _fail(f"training is unavailable: {missing}"))
    else:
        train_command.add_train_arguments(train)
        train.set_defaults(run=lambda args: _train(args, train_command.run_train))
        train_command.add_evaluate_arguments(evaluate)
        evaluate.set_defaults(run=train_command.run_evaluate)
    return parser


def _add_budget_arguments(parser: argparse.ArgumentParser) -> None:
    from checks.budget import Budget
    defaults = Budget()
    parser.add_argument("--step-seconds", type=float, default=defaults.step_seconds, metavar="S",
                        help=f"time budget of one step (default {defaults.step_seconds:g})")
    parser.add_argument("--document-seconds", type=float, default=defaults.document_seconds,
                        metavar="S", help=f"time budget of a whole document (default {defaults.document_seconds:g})")
    parser.add_argument("--max-bytes", type=int, default=defaults.max_bytes, metavar="N",
                        help=f"refuse larger documents (default {defaults.max_bytes})")


def _add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, metavar="N",
                        help=f"documents verified at once, each in a process of its own (default: "
                             f"the number of cores, {os.cpu_count()})")
    parser.add_argument("--max-memory", type=int, metavar="MB",
                        help="memory bound of each of those processes (default 2048)")


def _workers(args) -> tuple[int | None, int]:
    """(jobs, max_memory in bytes) from --jobs and --max-memory; ValueError for what cannot be."""
    from grade.workers import DEFAULT_MAX_MEMORY
    if args.jobs is not None and args.jobs < 1:
        raise ValueError("--jobs must be at least 1")
    if args.max_memory is not None and args.max_memory < 1:
        raise ValueError("--max-memory must be a positive number of megabytes")
    return args.jobs, DEFAULT_MAX_MEMORY if args.max_memory is None else args.max_memory * 2 ** 20


def _budget(args):
    from checks.budget import Budget
    seconds = (args.step_seconds, args.document_seconds)
    if not all(math.isfinite(s) and s > 0 for s in seconds) or args.max_bytes <= 0:
        raise ValueError("--step-seconds, --document-seconds and --max-bytes must be positive "
                         "(and the seconds finite)")
    return Budget(step_seconds=args.step_seconds, document_seconds=args.document_seconds,
                  max_bytes=args.max_bytes)


def _on_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()  # None when started with stdout closed


def _fail(message: str) -> int:
    print(f"gradproof: {message}", file=sys.stderr)
    return 2


def _verify(args) -> int:
    from checks.errors import InputError
    from reports.table import format_table

    try:
        budget = _budget(args)
    except ValueError as e:
        return _fail(str(e))
    if len(args.documents) > 1 or any(p.is_dir() for p in args.documents) or args.summary \
            or args.summary_only or args.jobs is not None or args.max_memory is not None:
        return _verify_batch(args, budget)
    documents = args.documents or [BUNDLED_EXAMPLE]
    results, code = [], 0
    color = _on_terminal() and not args.no_color
    for path in documents:
        try:
            result = verify(path, budget)
        except InputError as e:
            print(f"gradproof: {e}", file=sys.stderr)
            code = 2
            continue
        except Exception as e:  # noqa: BLE001 - a bug of ours must not cost the other documents
            print(f"gradproof: {path}: internal error ({type(e).__name__}: {e}); please report it",
                  file=sys.stderr)
            code = 2
            continue
        results.append(result)
        if args.json != "-":
            print(format_table(result, color=color))
        code = max(code, 1 if result.refuted else 0)
    return _write_json(results, args.json, code)


def _write_json(results: list, target: str | None, code: int) -> int:
    """The JSON of ``results`` to ``target`` ('-': stdout), if asked for; ``code``, or 2 when it
    cannot be written."""
    if target:
        payload = [r.to_json() for r in results]
        text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=1)
        if target == "-":
            print(text)
        else:
            from reports.json_report import write_text_atomically
            try:
                write_text_atomically(Path(target), text + "\n")
            except OSError as e:
                return _fail(f"{target}: cannot write the JSON result ({e.strerror or e})")
    return code


def _serve(args) -> int:
    from serve.command import ServeError, run
    try:
        return run(args, _budget(args))
    except (ServeError, ValueError) as e:
        return _fail(str(e))


def _verify_batch(args, budget) -> int:
    """Folders and several documents: verified in parallel workers, tables in a stable order."""
    from grade import summary
    from grade.workers import Failure
    from reports.table import format_table

    try:
        jobs, max_memory = _workers(args)
        if args.summary and args.summary.suffix.lower() not in summary.FORMATS:
            raise ValueError(f"{args.summary}: a summary is .csv or .json")
    except ValueError as e:
        return _fail(str(e))
    batch = _run_batch(args.documents or [BUNDLED_EXAMPLE], budget, jobs, max_memory)
    color = _on_terminal() and not args.no_color
    for outcome in batch.outcomes:
        if isinstance(outcome, Failure):
            print(f"gradproof: {outcome.document}: {outcome.reason}", file=sys.stderr)
        elif args.json != "-" and not args.summary_only:
            print(format_table(outcome, color=color))
    rows = summary.rows(batch.outcomes)
    if args.json != "-":
        print(summary.format_table(rows))
    if args.summary:
        try:
            summary.write(args.summary, rows)
        except OSError as e:
            return _fail(f"{args.summary}: cannot write the summary ({e.strerror or e})")
    return _write_json([o for o in batch.outcomes if not isinstance(o, Failure)], args.json, batch.exit_code)


def _run_batch(paths: list[Path], budget, jobs: int | None, max_memory: int):
    """Every document under ``paths`` verified, a progress bar on a terminal; the files skipped
    named in one line."""
    from grade.batch import verify_batch
    from grade.collect import SUFFIXES, collect
    from grade.progress import Progress

    collection = collect(paths)
    if collection.skipped:
        print(f"gradproof: skipped {len(collection.skipped)} (hidden, or not {', '.join(SUFFIXES)}): "
              f"{', '.join(map(str, collection.skipped))}", file=sys.stderr)
    shown = sys.stderr is not None and sys.stderr.isatty()
    with Progress(len(collection.documents), shown) as progress:
        return verify_batch(collection, budget, jobs, max_memory, progress.update)


def _grade(args) -> int:
    """A class's points by the rubric: points.csv, an HTML report per document, Gradescope results."""
    from grade import gradebook
    from grade.rubric import RubricError, load_rubric

    try:
        budget, (jobs, max_memory) = _budget(args), _workers(args)
        rubric = load_rubric(args.rubric)
    except (ValueError, RubricError) as e:
        return _fail(str(e))
    if not args.path.exists():
        return _fail(f"{args.path}: no such file or folder")
    batch = _run_batch([args.path], budget, jobs, max_memory)
    grades = gradebook.grade_class(batch, args.path, rubric, one_student=args.submission)
    try:
        written = gradebook.write_outputs(grades, rubric, args.path, args.output, args.gradescope,
                                          one_student=args.submission)
    except OSError as e:
        return _fail(f"cannot write the grades ({e.strerror or e}: {e.filename})")
    print(gradebook.format_table(grades))
    print(f"wrote {written[0]} and {len(written) - 1} more file(s)")
    return batch.exit_code


def _train(args, run_train) -> int:
    """Prove the closed forms the kernels are printed from, then train; never train on a
    closed form that is not proved."""
    from checks.verdict import Verdict
    from train import fresh_process
    from train.errors import TrainError

    try:  # in a process of its own: the one that trains never imports SymPy
        proofs = fresh_process.run("checks.kernel_proofs:prove_kernels_json")
    except TrainError as e:
        return _fail(str(e))
    for proof in proofs:
        print(f"{proof['verdict']:>9}  {proof['claim']}")
    if any(p["verdict"] != Verdict.PROVED.value for p in proofs):
        return _fail("a closed form of the kernels is not proved; not training")
    out = getattr(args, "out", None)
    if out:
        from reports.json_report import write_text_atomically
        write_text_atomically(Path(out) / "proofs.json", json.dumps(proofs, indent=1) + "\n")
    return run_train(args)


def _export(args) -> int:
    from checks.document import read_document
    from checks.errors import InputError
    from checks.export import NotExportable, export_step
    from reports.json_report import write_text_atomically

    try:
        budget = _budget(args)
        result = verify(args.document, budget)
        source = export_step(read_document(args.document, max_bytes=budget.max_bytes), result, args.line,
                             args.output.name)
    except (InputError, NotExportable, ValueError) as e:
        return _fail(str(e))
    try:
        write_text_atomically(args.output, source)
    except OSError as e:
        return _fail(f"{args.output}: cannot write the module ({e.strerror or e})")
    print(f"wrote {args.output}: gradient, loss and test_gradient_matches_central_differences "
          f"(run: python -m pytest {args.output})")
    return 0


def _report(args) -> int:
    from checks.errors import InputError
    from reports.errors import ReportError
    from reports.render import render

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        return _fail(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    try:
        result = verify(args.document or BUNDLED_EXAMPLE, _budget(args))
    except (InputError, ValueError) as e:
        return _fail(str(e))
    from reports.table import format_table
    print(format_table(result, color=_on_terminal()))
    if len(formats) > 1:
        args.output.mkdir(parents=True, exist_ok=True)
    code = 0
    for fmt in formats:
        path = args.output / f"report.{fmt}" if len(formats) > 1 else args.output
        try:
            render(result, fmt, path)
            print(f"wrote {path}")
        except ReportError as e:
            print(f"gradproof: {fmt}: {e}", file=sys.stderr)
            code = 2
    return code


if __name__ == "__main__":
    sys.exit(main())

"""Batches: a folder of submissions verified in parallel, summarised, and graded by a rubric.

collect (which files are documents) → workers (each verified in a bounded process of its own) →
batch (the outcomes in a stable order) → summary (a row per document) and points (a rubric's
points per student and part) → gradebook (CSV, HTML, Gradescope). Built on the Python API
(``gradproof.verify``); ``checks``, ``derive`` and ``reports`` know nothing of it.
"""

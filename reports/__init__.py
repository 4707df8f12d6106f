"""Verdicts → terminal table, JSON, self-contained HTML and LaTeX/PDF. Reads only checks.verdict."""

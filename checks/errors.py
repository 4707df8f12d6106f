"""gradproof's own exception family: every failure a user can cause is one of these."""
from __future__ import annotations


class GradproofError(Exception):
    """Base of every error gradproof raises on purpose."""


class InputError(GradproofError):
    """The input cannot be used at all (missing, a directory, binary, too large): exit code 2."""


class Unparsed(GradproofError):
    """A piece of LaTeX could not be read or given a meaning.

    ``column`` is the 0-based offset in ``text`` where reading failed, when known; ``caret()``
    draws the classic two-line pointer for the terminal and the report."""

    def __init__(self, reason: str, text: str = "", column: int | None = None):
        super().__init__(reason)
        self.reason, self.text, self.column = reason, text, column

    def caret(self) -> str:
        if self.column is None or not self.text:
            return ""
        return f"{self.text}\n{' ' * self.column}^"


class Undeclared(Unparsed):
    """A name with no value: declared nowhere, defined nowhere this reader can read. ``key`` is its key
    (\\hat{Y} is Y^) and ``shown`` the name as a reason writes it, so that a caller that knows where the
    document gave it a value can say so."""

    def __init__(self, reason: str, key: str, shown: str):
        super().__init__(reason)
        self.key, self.shown = key, shown


class Undecided(GradproofError):
    """A check ran out of its time or size budget with no counterexample."""


class OutOfTime(Undecided):
    """A time budget ran out. A check that tries other readings must pass it on, not skip to the
    next reading: a reading cut short was not shown false."""


class ShapeError(Unparsed):
    """Two operands whose shapes do not fit (a d×V matrix times a 1×V row). The equivalence engine
    may still judge the step as a ``convention`` after repairing the transposes."""


class OutOfRange(Unparsed):
    """An index past the end, or an inverse the sizes of one Space make singular (XᵀX with fewer
    examples than features): the step is judged where it has a value."""


class Unmeant(Unparsed):
    """A reading no author can have meant: a derivative of a value that does not depend on the variable
    (it is 0, and nobody writes that derivative). Where a name had an earlier value, such a reading
    is not a doubt about which value the step means."""

"""A batch's progress bar on a terminal: documents done, documents/s, refuted and unusable so far."""
from __future__ import annotations

import sys

from tqdm import tqdm

from grade.workers import Failure, Run


class Progress:
    """A bar over ``total`` documents on stderr when ``shown``; nothing otherwise."""

    def __init__(self, total: int, shown: bool):
        self.refuted = self.unusable = 0
        self._bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=not shown, leave=False,
                         dynamic_ncols=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self._bar.close()

    def update(self, run: Run) -> None:
        if isinstance(run.outcome, Failure):
            self.unusable += 1
        elif run.outcome.refuted:
            self.refuted += 1
        self._bar.set_postfix(refuted=self.refuted, unusable=self.unusable, refresh=False)
        self._bar.update()

"""TrainError: the one exception train/ raises for bad input or a diverging run.

Its message is a single line meant for the user; the command prints it and exits 2, never a traceback.
"""


class TrainError(Exception):
    """A corpus, configuration, checkpoint or vectors file the trainer cannot use, or a run that diverged."""

"""The reports' own error: a report that cannot be written, said in one line."""


class ReportError(Exception):
    """A report could not be rendered or written (no TeX engine, the engine failed, a bad path)."""

"""``gradproof serve``: a local page where a derivation is pasted or typed and each step's verdict
appears beside it. app.py (the routes), headers.py (the security headers), check.py (what a worker
does with one document), workers.py (the worker processes), command.py (the command line)."""

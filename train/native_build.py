"""Builds the per-pair loop: SymPy's C kernels (derive/c_kernels.py) + train/skipgram.c → a shared library.

Runs in a process of its own (``train.fresh_process``), so the process that trains never imports
SymPy: what it loads is the compiled file, whose sources stay beside it in ``folder`` for audit
(``kernels.h`` as SymPy printed it, ``skipgram.c`` as shipped).

The compiler is ``$CC``, else ``cc`` or ``gcc`` on the PATH. The flags allow reassociating float sums
(so the dot products vectorise) but keep inf and NaN meaningful: the trainer's NaN guard needs them.
``-march=native`` is safe because the library is built by the run that loads it, on its machine.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from derive.c_kernels import header
from train.errors import TrainError
from train.vectors import write_atomically

FLAGS = ("-O3", "-march=native", "-funroll-loops", "-std=c99", "-fPIC", "-shared", "-fno-math-errno",
         "-fno-trapping-math", "-fassociative-math", "-fno-signed-zeros", "-freciprocal-math")
LIBRARY = "skipgram.so"
COMPILE_SECONDS = 120


def compiler() -> list[str]:
    given = os.environ.get("CC", "").strip()
    if given:
        return shlex.split(given)
    for name in ("cc", "gcc"):
        found = shutil.which(name)
        if found:
            return [found]
    raise TrainError("per-pair training compiles its SymPy-printed C kernels and needs a C compiler: "
                     "install gcc (apt-get install gcc) or set CC; the minibatch trainer "
                     "(--batch-windows N) needs none")


def build(folder: Path) -> Path:
    """The compiled loop in ``folder``, with the sources it was compiled from."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = resources.files("train").joinpath("skipgram.c").read_text(encoding="utf-8")
    write_atomically(folder / "kernels.h", lambda f: f.write(header().encode()))
    write_atomically(folder / "skipgram.c", lambda f: f.write(source.encode()))
    partial = folder / f".{LIBRARY}.{os.getpid()}"
    command = [*compiler(), *FLAGS, "-o", str(partial), str(folder / "skipgram.c"), "-lm"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise TrainError(f"the C compiler could not run ({e})") from None
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        message = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise TrainError(f"compiling {folder / 'skipgram.c'} failed: " + " / ".join(message))
    os.replace(partial, folder / LIBRARY)
    return folder / LIBRARY

"""`gradproof serve` on the command line: loopback unless told otherwise, and what it says when it
cannot start or listens beyond this computer."""
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from serve.command import exposure_warning, is_loopback

ROOT = Path(__file__).resolve().parent.parent


def serve(*args):
    return subprocess.run([sys.executable, "-m", "gradproof", "serve", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_it_listens_on_loopback_unless_told_otherwise():
    done = subprocess.run([sys.executable, "-m", "gradproof", "serve", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert "(default 127.0.0.1: this computer only)" in " ".join(done.stdout.split())


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("10.0.0.1", False),
])
def test_only_loopback_addresses_go_without_a_warning(address, loopback):
    assert is_loopback(address) is loopback


def test_the_warning_says_who_can_submit_and_that_nothing_else_is_exposed():
    assert exposure_warning("0.0.0.0") == (
        "gradproof serve: warning: listening on 0.0.0.0: anyone who can reach this address can submit "
        "documents to be checked here (nothing else is exposed: no file, folder or command of this computer)")


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "gradproof: --jobs must be at least 1"),
    (["--port", "70000"], "gradproof: --port must be between 0 and 65535"),
    (["--max-bytes", "0"], "gradproof: --step-seconds, --document-seconds and --max-bytes must be positive "
                           "(and the seconds finite)"),
    (["--host", "no-such-host.invalid"], None),
])
def test_a_server_that_cannot_start_says_why_in_one_line(args, message):
    done = serve(*args)
    assert done.returncode == 2 and done.stdout == "" and len(done.stderr.splitlines()) == 1, done.stderr
    if message:
        assert done.stderr.strip() == message
    else:
        assert done.stderr.startswith("gradproof: cannot listen on no-such-host.invalid port 8000 (")


def test_a_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = serve("--port", str(port))
    assert done.returncode == 2
    assert done.stderr == f"gradproof: cannot listen on 127.0.0.1 port {port} (Address already in use)\n"

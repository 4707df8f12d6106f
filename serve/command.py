"""``gradproof serve``: its options, and starting the workers and the server on a socket.

The socket is bound before anything is printed, so the address printed is the one that answers
(``--port 0`` picks a free port and prints it). Only loopback unless ``--host`` says otherwise, and
then the command says what that exposes.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys

TASK = "serve.check:check"  # what a worker does with a document
LOOPBACK = "127.0.0.1"


class ServeError(Exception):
    """The server cannot start; the one line says why."""


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    jobs = len(os.sched_getaffinity(0))
    parser.add_argument("--host", default=LOOPBACK,
                        help=f"the address to listen on (default {LOOPBACK}: this computer only)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0: any free port)")
    parser.add_argument("--jobs", type=int, default=jobs, metavar="N",
                        help=f"documents checked at once, each in a worker process (default {jobs}, "
                             f"the CPUs); later ones wait their turn")


def run(args: argparse.Namespace, budget) -> int:
    """Serve until Ctrl-C; ServeError if it cannot start."""
    import uvicorn

    from serve.app import create_app
    from serve.workers import WorkerError, WorkerPool

    if args.jobs < 1:
        raise ServeError("--jobs must be at least 1")
    if not 0 <= args.port <= 65535:
        raise ServeError("--port must be between 0 and 65535")
    listener = _listen(args.host, args.port)
    if not is_loopback(listener.getsockname()[0]):
        print(exposure_warning(args.host), file=sys.stderr)
    pool = WorkerPool(TASK, jobs=args.jobs)
    try:
        pool.start()
        config = uvicorn.Config(create_app(pool, args.max_bytes, budget), log_level="warning",
                                access_log=False, timeout_graceful_shutdown=2)
        print(f"gradproof serve: open {_url(listener)} ({args.jobs} worker(s); Ctrl-C stops it)", flush=True)
        server = uvicorn.Server(config)
        server.run(sockets=[listener])
        if server.should_exit:  # stopped by Ctrl-C, whose re-raise asyncio may have swallowed: still an interrupt
            raise KeyboardInterrupt
    except WorkerError as e:
        raise ServeError(str(e)) from None
    finally:
        pool.close()
        listener.close()
    return 0


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as e:
        raise ServeError(f"cannot listen on {host} port {port} ({e.strerror or e})") from None
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as e:  # its own message repeats the address: the errno's words suffice
        raise ServeError(f"cannot listen on {host} port {port} ({os.strerror(e.errno) if e.errno else e})") from None


def is_loopback(address: str) -> bool:
    """Whether only this computer can reach ``address`` (0.0.0.0 and :: are every interface)."""
    return ipaddress.ip_address(address).is_loopback


def exposure_warning(host: str) -> str:
    return (f"gradproof serve: warning: listening on {host}: anyone who can reach this address can "
            f"submit documents to be checked here (nothing else is exposed: no file, folder or command "
            f"of this computer)")


def _url(listener: socket.socket) -> str:
    address, port = listener.getsockname()[:2]
    return f"http://[{address}]:{port}/" if ":" in address else f"http://{address}:{port}/"

"""Bounded worker processes: untrusted work runs in a process of its own, bound in memory and time.

process.py (the caller's side: start a worker, hand it a call, see how the call ended, stop it),
child.py (the worker's side: bound itself, import its function, answer calls), ends.py (how a call
ends: a value, an exception, out of memory, a death, a deadline). Used by grade/workers.py (a batch
of documents) and serve/workers.py (an asyncio server); knows nothing of documents, batches or
servers, and each caller words the ends in its own one-line errors.
"""

"""What one page may cost a run: its bytes and its time.

Everything a page holds is untrusted, so a page is read and worked on within stated limits,
and a page over a limit becomes a row in the errors table that names the limit; the run goes on.

    PageLimits.max_bytes    a page's stored bytes, and its size once decompressed (a .html.gz,
                            a WARC record): reading stops at the limit (sources.py)
    PageLimits.max_seconds  a page's cleaning and extraction, as a last resort against a page
                            that would hold a worker for hours (shards.py, through page_deadline)

``page_deadline`` raises :class:`PageTimeout` in the thread doing a page's work once its time is
up: by SIGALRM in a process's main thread (the in-process run and local worker processes), and
by an exception set asynchronously from a timer thread elsewhere (the threads of Dask workers).
Either way the exception surfaces between two Python instructions, so a long call into C (one
regular expression, one parse) finishes first.  The deadline is always disarmed on leaving.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["MAX_PAGE_BYTES", "MAX_PAGE_SECONDS", "PageLimits", "PageTimeout", "page_deadline", "describe_bytes"]

MAX_PAGE_BYTES = 50 * 1024 * 1024   # --max-page-bytes: far above any blog post (the corpus's largest is a few MB)
MAX_PAGE_SECONDS = 120.0            # --max-page-seconds: a page's clean + extract; 0 means no limit


@dataclass(frozen=True, slots=True)
class PageLimits:
    """The limits one page is read and processed within (the CLI's --max-page-* options)."""

    max_bytes: int = MAX_PAGE_BYTES         # stored bytes and decompressed size of one page
    max_seconds: float = MAX_PAGE_SECONDS   # wall time of one page's clean + extract; 0: none


class PageTimeout(BaseException):
    """A page's time is up.  A BaseException, like KeyboardInterrupt: no ``except Exception``
    inside a stage may swallow it and carry on with the page."""


def describe_bytes(count: int) -> str:
    """A byte count as a person reads a limit: "50 MiB", "1 GiB", else the exact bytes."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count:,} bytes"


@contextmanager
def page_deadline(seconds: float | None) -> Iterator[None]:
    """Raise PageTimeout in this thread when the block runs longer than ``seconds`` (None or 0:
    no limit).  Not reentrant: one page at a time per thread."""
    if not seconds or seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


_armed = False      # whether SIGALRM means "this page's time is up" (a late signal is ignored)


def _on_alarm(signum: int, frame: object) -> None:
    global _armed
    if _armed:
        _armed = False          # once: the timer is one-shot, and the block is being left
        raise PageTimeout


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    global _armed
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            _armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:                # (an alarm that fires inside the try above has disarmed itself)
            signal.signal(signal.SIGALRM, previous)


# PyThreadState_SetAsyncExc(thread id, exception type), and with NULL: take a pending one back
_set_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
_clear_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))


@contextmanager
def _timer(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                _set_async_exc(target, PageTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.name = "blogrx-page-deadline"
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["armed"] = False
            if state["fired"]:  # set but perhaps not raised yet: the page is done, so take it back
                _clear_async_exc(target, None)

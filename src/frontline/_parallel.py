"""Worker processes shared by every parallel path (``extract_events(jobs=)``, ``batch``)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["default_jobs", "process_pool"]


def default_jobs() -> int:
    """Worker processes by default: the cores this process may run on.

    Returns
    -------
    int
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_pool(
    jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes whose state ``initializer(*initargs)`` has set up.

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
        Forked from this process when that is safe (the state is built once, here, and
        shared copy-on-write); otherwise spawned, each worker running the initializer.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        initializer(*initargs)
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    # Forking a process that runs threads can deadlock: spawn, and each worker builds it.
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )

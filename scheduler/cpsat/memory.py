"""The C allocator's side of memory: what the solvers free goes back to the system.

HiGHS and CP-SAT allocate through glibc's malloc, which keeps freed pages for reuse and
gives every thread that allocates at once an arena of its own. With two parts solved side
by side, the pages each solve freed stayed with the process, so its memory grew with
every part (four years in 8 blocks, two at a time: 1,252 MB resident; 932 MB returning
them after each solve), and arenas beyond two hold pages no lane reuses (national, 300 s:
953 MB with glibc's default of 8 per core, 870 MB with two). Elsewhere than glibc both
are no-ops.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

__all__ = ["limit_arenas", "release_memory"]

#: mallopt's parameter number for the most arenas (glibc's malloc.h)
_M_ARENA_MAX = -8


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


_LIBC = _libc()
_TRIM: Callable[[int], int] | None = getattr(_LIBC, "malloc_trim", None)
_MALLOPT: Callable[[int, int], int] | None = getattr(_LIBC, "mallopt", None)


def release_memory() -> None:
    """Give the memory a solve freed back to the system (after each solve)."""
    if _TRIM is not None:
        _TRIM(0)


def limit_arenas(arenas: int = 2) -> bool:
    """At most `arenas` malloc arenas: the solve lanes share them (set once, at import).
    True when the allocator took the setting."""
    return _MALLOPT is not None and _MALLOPT(_M_ARENA_MAX, arenas) == 1


limit_arenas()

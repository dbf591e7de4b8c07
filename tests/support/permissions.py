"""File permissions that hold for the tests, also when they run as root.

Root ignores permission bits through the CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
capabilities. :func:`permissions_apply` drops both from the calling thread's effective set
for the block (they stay permitted, so they are restored after), and the kernel then refuses
a write to a read-only file or folder as it would for any user. Linux capabilities are per
thread, so only the test's own thread is affected.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager

_VERSION_3 = 0x20080522
_DAC_BITS = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities(libc: ctypes.CDLL, data=None):
    header = _Header(_VERSION_3, 0)
    if data is None:
        data = (_Data * 2)()
        call = libc.capget
    else:
        call = libc.capset
    if call(ctypes.byref(header), data) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return data


@contextmanager
def permissions_apply() -> Iterator[None]:
    """Inside the block, file permission bits are enforced for this thread, even as root."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    data = _capabilities(libc)
    saved = data[0].effective
    data[0].effective = saved & ~_DAC_BITS
    _capabilities(libc, data)
    try:
        yield
    finally:
        data[0].effective = saved
        _capabilities(libc, data)


def drop_override_in_child() -> None:
    """``preexec_fn`` for a subprocess that must meet file permissions even as root: drops
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set, so that the program it
    runs never gains them (a no-op for other users)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))


_PR_CAPBSET_DROP = 24

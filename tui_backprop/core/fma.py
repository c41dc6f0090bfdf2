"""A fused multiply-add in numpy: ``a*b + c`` rounded once, as torch's CPU kernels compute
`add(x, alpha=c)`, `lerp` and `addcmul` (they use the FMA instruction; numpy has none and
Python's `math.fma` needs 3.13).

Exact by error-free transformations: Dekker's product gives a*b as hi + lo exactly, and
Boldo & Melquiond's sum of three with rounding to odd ("Emulation of FMA and
correctly-rounded sums: proved algorithms using rounding to odd", IEEE TC 2008) rounds
c + hi + lo once. That holds while nothing overflows or lands among the subnormals
(|values| between about 1e-290 and 1e290); outside that the plain ``a*b + c`` is used,
which may differ from a true FMA in the last bit only.
"""

from __future__ import annotations

import numpy as np

_SPLIT = 134217729.0
"""2**27 + 1: Veltkamp's constant, splitting a float64 into two 26-bit halves."""
_SAFE = 1e290
_TINY = 1e-290


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """s + e == a + b exactly, s = fl(a + b) (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p + e == a * b exactly, p = fl(a * b) (Dekker)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _sum_round_odd(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a + b rounded to odd: exact if representable, else the neighbour with an odd last bit."""
    s, e = _two_sum(a, b)
    even = (s.view(np.int64) & 1) == 0
    toward = np.nextafter(s, np.where(e > 0, np.inf, -np.inf))
    return np.where((e != 0) & even, toward, s)


def fma(a: np.ndarray | float, b: np.ndarray | float, c: np.ndarray | float) -> np.ndarray:
    """``a*b + c`` with one rounding (float64, any broadcastable shapes)."""
    a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (a, b, c)))
    with np.errstate(all="ignore"):
        plain = a * b + c
        ph, pl = _two_prod(a, b)
        uh, ul = _two_sum(ph, pl)
        th, tl = _two_sum(c, uh)
        fused = th + _sum_round_odd(tl, ul)
        sizes = np.maximum(np.maximum(np.abs(a), np.abs(b)), np.maximum(np.abs(c), np.abs(ph)))
        exact = (sizes < _SAFE) & ((np.abs(a) * np.abs(b) == 0) | (np.abs(a * b) > _TINY)) & (
            (c == 0) | (np.abs(c) > _TINY)) & np.isfinite(fused)
    return np.where(exact, fused, plain)

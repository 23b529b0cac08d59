"""Intervals of numbers, with open or closed ends: the values a variable can reach."""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """The numbers from `lo` to `hi`; an open end excludes the bound itself."""

    lo: float = -INF
    hi: float = INF
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def meet(self, other: Interval) -> Interval:
        """The values in both."""
        lo, lo_open = max((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_open = min((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Interval(lo, hi, lo_open, not hi_open)

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both."""
        lo, lo_open = min((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_open = max((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Interval(lo, hi, lo_open, not hi_open)

    def __add__(self, other: Interval) -> Interval:
        return _checked(self.lo + other.lo, self.hi + other.hi)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        products = [a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        if any(math.isnan(p) for p in products):
            return Interval()
        return Interval(min(products), max(products))

    def may_be_below(self, other: Interval, strict: bool) -> bool:
        """Whether some value here is below (or, not `strict`, at most) some value there."""
        return self.lo < other.hi or (not strict and self.lo == other.hi)

    def may_equal(self, other: Interval) -> bool:
        return not self.meet(other).empty

    def may_differ(self, other: Interval) -> bool:
        return not (self.lo == self.hi == other.lo == other.hi)


def _checked(lo: float, hi: float) -> Interval:
    """inf + -inf is no number: the sum could then be anything."""
    if math.isnan(lo) or math.isnan(hi):
        return Interval()
    return Interval(lo, hi)


def constraint(op: str, value: float, whole: bool) -> Interval:
    """The values `x` for which `x <op> value` holds; `whole` for whole-number variables."""
    if op == "==":
        return Interval.point(value)
    if whole:
        if op in (">", ">="):
            return Interval(math.floor(value) + 1 if op == ">" else math.ceil(value))
        return Interval(hi=math.ceil(value) - 1 if op == "<" else math.floor(value))
    if op in (">", ">="):
        return Interval(value, lo_open=op == ">")
    return Interval(hi=value, hi_open=op == "<")


def number(value: float) -> str:
    """A bound as a trainer writes it: 85, 0.5, no trailing .0."""
    if value in (INF, -INF):
        return "unbounded" if value > 0 else "-unbounded"
    return f"{value:g}"

"""Honest figures from few visits: means with 95% confidence intervals, pure functions."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import t as student_t

CONFIDENCE = 0.95
# Below this many audits a location's figures are shown with a warning.
MIN_AUDITS = 5


@dataclass(frozen=True)
class Estimate:
    n: int
    mean: float | None
    low: float | None
    high: float | None

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.low is None else (self.low, self.high)


@functools.lru_cache(maxsize=4096)
def t_quantile(df: int) -> float:
    """Two-sided 95% quantile of Student's t; cached, as scipy takes a fraction of a millisecond
    a call and a leaderboard asks once per location."""
    return float(student_t.ppf(1 - (1 - CONFIDENCE) / 2, df))


def mean_interval(n: int, mean: float | None, sd: float | None) -> Estimate:
    """The mean and its two-sided t interval, kept within 0 to 1; no interval from fewer than
    two audits."""
    if n == 0 or mean is None:
        return Estimate(0, None, None, None)
    if n < 2 or sd is None:
        return Estimate(n, mean, None, None)
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    # Scores lie between 0 and 1; an interval reaching past them says nothing more.
    return Estimate(n, mean, max(0.0, mean - half), min(1.0, mean + half))


def from_sums(n: int, total: float | None, squares: float | None) -> Estimate:
    """The mean and interval from a count, a sum and a sum of squares, which every database
    aggregates alike (SQLite's STDDEV refuses a single value)."""
    if not n or total is None:
        return Estimate(0, None, None, None)
    mean = total / n
    if n < 2 or squares is None:
        return Estimate(n, mean, None, None)
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    return mean_interval(n, mean, math.sqrt(variance))


def sample_sd(n: int, total: float | None, squares: float | None) -> float | None:
    if n < 2 or total is None or squares is None:
        return None
    mean = total / n
    return math.sqrt(max(0.0, (squares - n * mean * mean) / (n - 1)))


def overlapping(estimates: list[Estimate], labels: list[int]) -> list[list[int]]:
    """For each estimate, the labels (location ids) of the others whose intervals overlap it
    (an estimate without an interval overlaps everything). Vectorised, labels included: a region
    has hundreds of locations, and with few audits nearly every pair overlaps."""
    if not estimates:
        return []
    lows = np.array([-np.inf if e.low is None else e.low for e in estimates])
    highs = np.array([np.inf if e.high is None else e.high for e in estimates])
    matrix = (lows[:, None] <= highs[None, :]) & (lows[None, :] <= highs[:, None])
    np.fill_diagonal(matrix, False)
    ids = np.asarray(labels)
    return [ids[row].tolist() for row in matrix]


@dataclass(frozen=True)
class Difference:
    difference: float | None
    low: float | None
    high: float | None

    @property
    def clearly_different(self) -> bool:
        return self.low is not None and (self.low > 0 or self.high < 0)


def welch_difference(
    n1: int, mean1: float | None, sd1: float | None, n2: int, mean2: float | None, sd2: float | None
) -> Difference:
    """mean1 - mean2 with a Welch t interval (unequal variances)."""
    if mean1 is None or mean2 is None:
        return Difference(None, None, None)
    difference = mean1 - mean2
    if n1 < 2 or n2 < 2 or sd1 is None or sd2 is None:
        return Difference(difference, None, None)
    v1, v2 = sd1**2 / n1, sd2**2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return Difference(difference, difference, difference)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    half = float(student_t.ppf(1 - (1 - CONFIDENCE) / 2, df)) * se
    return Difference(difference, difference - half, difference + half)

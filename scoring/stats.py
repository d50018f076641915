"""Honest figures from few visits, as pure functions: means and rates with 95% intervals that
never claim certainty a handful of audits cannot give, partial pooling of locations within a
region, and how many more visits would tell two locations apart.

Means of audit scores (each 0 to 1) use a normal model with a weak prior on the spread between
audits: worth ``PRIOR_WEIGHT`` audits whose scores differ by ``PRIOR_SD``. The interval is the
posterior's for the mean (Student's t with ``PRIOR_WEIGHT + n - 1`` degrees of freedom), so three
identical scores still leave room (the t interval of classical statistics would have zero width),
one audit gets a wide interval instead of none, and with many audits the prior fades and the
interval becomes the usual t interval. Rates (norms met, audits failed) use Wilson's interval.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.stats import binom
from scipy.stats import t as student_t

CONFIDENCE = 0.95
Z = 1.959963984540054  # the two-sided 95% quantile of the standard normal
Z_POWER = 0.8416212335729143  # the one-sided 80% quantile: the power visits_needed plans for
# Below this many audits a location's figures are shown with a warning.
MIN_AUDITS = 5
# The weak prior on the spread of scores between audits of one location (see the module's text).
PRIOR_SD = 0.2
PRIOR_WEIGHT = 2
# Draws of the locations' true scores when estimating who is in a region's bottom quarter: a
# chance of 0.5 is then known to about ±0.016 (95%), finer than any decision made on it.
BOTTOM_QUARTER_DRAWS = 1000


class Estimate(NamedTuple):
    # A named tuple rather than a frozen dataclass: a leaderboard makes hundreds a request, and
    # a tuple is made in a fifth of the time.
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


def posterior_variance(n: int, sd: float | None) -> tuple[float, int]:
    """The spread between audits after the weak prior (variance, degrees of freedom)."""
    observed = sd * sd if n >= 2 and sd is not None else 0.0
    freedom = PRIOR_WEIGHT + max(n, 1) - 1
    return (PRIOR_WEIGHT * PRIOR_SD**2 + (max(n, 1) - 1) * observed) / freedom, freedom


def mean_interval(n: int, mean: float | None, sd: float | None) -> Estimate:
    """The mean of ``n`` scores and its 95% interval (see the module's text), kept within 0 to
    1; no figure at all from no audits."""
    if n == 0 or mean is None:
        return Estimate(0, None, None, None)
    variance, freedom = posterior_variance(n, sd)
    half = t_quantile(freedom) * math.sqrt(variance / n)
    # Scores lie between 0 and 1; an interval reaching past them says nothing more.
    return Estimate(n, mean, max(0.0, mean - half), min(1.0, mean + half))


def median_interval(values: list[float]) -> Estimate:
    """The median with a distribution-free 95% interval between two order statistics (the
    binomial's, so it holds whatever the shape: times to a reply are skewed). Fewer than six
    values cannot give 95% between any two of them: the median alone, without bounds."""
    n = len(values)
    if not n:
        return Estimate(0, None, None, None)
    ordered = sorted(values)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    # The largest rank j with P(Binomial(n, 1/2) < j) <= 2.5%: x(j) to x(n + 1 - j).
    j = int(binom.ppf((1 - CONFIDENCE) / 2, n, 0.5))
    if binom.cdf(j - 1, n, 0.5) > (1 - CONFIDENCE) / 2:
        j -= 1
    if j < 1:
        return Estimate(n, median, None, None)
    return Estimate(n, median, ordered[j - 1], ordered[n - j])


def wilson(successes: int, n: int) -> Estimate:
    """A rate (``successes`` of ``n``) with Wilson's 95% interval: never zero width, never past
    0 or 1, honest at 0 of 3 and 3 of 3."""
    if n == 0:
        return Estimate(0, None, None, None)
    rate = successes / n
    z2 = Z * Z
    denominator = 1 + z2 / n
    centre = (rate + z2 / (2 * n)) / denominator
    half = Z * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Estimate(n, rate, low, high)


def from_sums(n: int, total: float | None, squares: float | None) -> Estimate:
    """The mean and interval from a count, a sum and a sum of squares, which every database
    aggregates alike (SQLite's STDDEV refuses a single value)."""
    if not n or total is None:
        return Estimate(0, None, None, None)
    return mean_interval(n, total / n, sample_sd(n, total, squares))


def estimates_from_sums(
    n: list[int], totals: list[float | None], squares: list[float | None]
) -> list[Estimate]:
    """``from_sums`` of many at once (a leaderboard's hundred locations), in arrays: the same
    formulas (``tests/scoring/test_stats.py`` holds them equal), without a hundred rounds of
    scalar arithmetic."""
    if not n:
        return []
    counts = np.array(n, dtype=float)
    has = np.array([c > 0 and t is not None for c, t in zip(n, totals, strict=True)])
    safe = np.where(has, counts, 1.0)
    total = np.array([t if t is not None else 0.0 for t in totals], dtype=float)
    square = np.array([q if q is not None else 0.0 for q in squares], dtype=float)
    mean = total / safe
    spread = np.where(
        counts >= 2, np.maximum(0.0, (square - safe * mean * mean) / np.maximum(safe - 1, 1)), 0.0
    )
    observations = np.maximum(safe, 1.0)
    freedom = PRIOR_WEIGHT + observations - 1
    variance = (PRIOR_WEIGHT * PRIOR_SD**2 + (observations - 1) * spread) / freedom
    quantiles = np.array([t_quantile(int(df)) for df in freedom.tolist()])
    half = quantiles * np.sqrt(variance / safe)
    low = np.maximum(0.0, mean - half)
    high = np.minimum(1.0, mean + half)
    return [
        Estimate(int(count), m, lo, hi) if ok else Estimate(0, None, None, None)
        for count, ok, m, lo, hi in zip(
            n, has.tolist(), mean.tolist(), low.tolist(), high.tolist(), strict=True
        )
    ]


def wilson_many(successes: list[int], n: list[int]) -> list[Estimate]:
    """``wilson`` of many rates at once, in arrays (held equal to it by the tests)."""
    if not n:
        return []
    k = np.array(successes, dtype=float)
    counts = np.array(n, dtype=float)
    safe = np.where(counts > 0, counts, 1.0)
    rate = k / safe
    z2 = Z * Z
    denominator = 1 + z2 / safe
    centre = (rate + z2 / (2 * safe)) / denominator
    half = Z * np.sqrt(rate * (1 - rate) / safe + z2 / (4 * safe * safe)) / denominator
    low = np.where(k == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(k == counts, 1.0, np.minimum(1.0, centre + half))
    return [
        Estimate(count, r, lo, hi) if count else Estimate(0, None, None, None)
        for count, r, lo, hi in zip(n, rate.tolist(), low.tolist(), high.tolist(), strict=True)
    ]


def sample_sd(n: int, total: float | None, squares: float | None) -> float | None:
    if n < 2 or total is None or squares is None:
        return None
    mean = total / n
    return math.sqrt(max(0.0, (squares - n * mean * mean) / (n - 1)))


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
    """mean1 - mean2 with a Welch t interval (unequal variances), each side's spread taken after
    the weak prior, so identical scores on both sides still leave an interval."""
    if mean1 is None or mean2 is None or not n1 or not n2:
        return Difference(None, None, None)
    difference = mean1 - mean2
    (var1, df1), (var2, df2) = posterior_variance(n1, sd1), posterior_variance(n2, sd2)
    v1, v2 = var1 / n1, var2 / n2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1**2 / df1 + v2**2 / df2)
    half = float(student_t.ppf(1 - (1 - CONFIDENCE) / 2, df)) * se
    return Difference(difference, difference - half, difference + half)


class Pooled(NamedTuple):
    """A location's true score estimated with strength borrowed from its region (empirical
    Bayes), and how likely it lies in the region's bottom quarter."""

    mean: float | None
    low: float | None
    high: float | None
    bottom_quarter: float | None


def partial_pooling(
    groups: list[tuple[int, float | None, float | None]],
    seed: int = 0,
    *,
    bottom_quarter: bool = True,
) -> list[Pooled]:
    """``groups`` are the region's locations as (audits, mean, sd). Each mean is drawn towards
    the region's by how little its audits say: normal-normal empirical Bayes, the spread between
    audits pooled over the region (with the weak prior), the spread between locations' true
    scores by the method of moments (DerSimonian and Laird), and the uncertainty of the region's
    mean kept in each interval (Morris). The bottom-quarter probability counts, over draws of
    every location's true score, how often it is among the lowest quarter (at least one)."""
    usable = [i for i, (n, mean, _) in enumerate(groups) if n and mean is not None]
    result = [Pooled(None, None, None, None)] * len(groups)
    if not usable:
        return result
    n = np.array([groups[i][0] for i in usable], dtype=float)
    means = np.array([groups[i][1] for i in usable], dtype=float)
    within_dfs = sum(max(groups[i][0] - 1, 0) for i in usable)
    within_ss = sum(
        (groups[i][0] - 1) * groups[i][2] ** 2
        for i in usable
        if groups[i][0] >= 2 and groups[i][2] is not None
    )
    within = (PRIOR_WEIGHT * PRIOR_SD**2 + within_ss) / (PRIOR_WEIGHT + within_dfs)
    sampling = within / n
    weights = 1 / sampling
    if len(usable) > 1:
        fixed = float(np.sum(weights * means) / np.sum(weights))
        q = float(np.sum(weights * (means - fixed) ** 2))
        scale = float(np.sum(weights) - np.sum(weights**2) / np.sum(weights))
        between = max(0.0, (q - (len(usable) - 1)) / scale) if scale > 0 else 0.0
        total = sampling + between
        centre = float(np.sum(means / total) / np.sum(1 / total))
        centre_variance = float(1 / np.sum(1 / total))
        shrink = sampling / total
        pooled = (1 - shrink) * means + shrink * centre
        variance = (1 - shrink) * sampling + shrink**2 * centre_variance
    else:
        pooled, variance = means, sampling
    sd = np.sqrt(variance)
    if bottom_quarter:
        # In single precision: a chance counted in thousandths needs no more, and partitioning
        # half the bytes takes half the time.
        draws = pooled.astype(np.float32) + sd.astype(np.float32) * _standard_normals(
            len(usable), seed
        )
        bottom = max(1, math.ceil(len(usable) / 4))
        cut = np.partition(draws, bottom - 1, axis=1)[:, bottom - 1 : bottom]
        chance = (draws <= cut).mean(axis=0)
    else:  # a rank alone needs none of it
        chance = None
    figures = zip(
        pooled.tolist(),
        np.maximum(0.0, pooled - Z * sd).tolist(),
        np.minimum(1.0, pooled + Z * sd).tolist(),
        chance.tolist() if bottom_quarter else [None] * len(usable),
        strict=True,
    )
    for i, figure in zip(usable, figures, strict=True):
        result[i] = Pooled(*figure)
    return result


@functools.lru_cache(maxsize=64)
def _standard_normals(columns: int, seed: int) -> np.ndarray:
    """Fixed standard normal draws per region size: the same figures on every request, and no
    random numbers drawn on the request path (read-only, shared between requests)."""
    draws = np.random.default_rng(seed).standard_normal((BOTTOM_QUARTER_DRAWS, columns))
    draws = draws.astype(np.float32)
    draws.flags.writeable = False
    return draws


@dataclass(frozen=True)
class VisitsNeeded:
    """How many audits each of two locations needs, in all, for the difference observed between
    them to show as clear (95%) with 80% power, at the spread observed; and how many more that
    is for each. None when they score the same: no number of visits would tell them apart."""

    each: int | None
    more_first: int | None
    more_second: int | None
    difference: float | None
    spread: float


def visits_needed(
    first: tuple[int, float | None, float | None], second: tuple[int, float | None, float | None]
) -> VisitsNeeded:
    (n1, mean1, sd1), (n2, mean2, sd2) = first, second
    spread = math.sqrt((posterior_variance(n1, sd1)[0] + posterior_variance(n2, sd2)[0]) / 2)
    if mean1 is None or mean2 is None:
        return VisitsNeeded(None, None, None, None, spread)
    if mean1 == mean2:  # no number of visits tells them apart
        return VisitsNeeded(None, None, None, 0.0, spread)
    difference = mean1 - mean2
    each = math.ceil(2 * ((Z + Z_POWER) * spread / abs(difference)) ** 2)
    return VisitsNeeded(each, max(0, each - n1), max(0, each - n2), difference, spread)


def tiers(estimates: list[Estimate]) -> list[int]:
    """Tiers of a ranking (best first) whose members the data cannot tell apart: a tier's first
    location leads it, and each next location joins it while its interval overlaps the leader's;
    the first that does not leads the next tier. Tier 1 is the best."""
    result: list[int] = []
    leader: Estimate | None = None
    for estimate in estimates:
        overlaps = leader is not None and (
            leader.low is None or estimate.high is None or estimate.high >= leader.low
        )
        if not overlaps:
            leader = estimate
        result.append((result[-1] + (0 if overlaps else 1)) if result else 1)
    return result

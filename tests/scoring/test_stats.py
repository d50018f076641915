"""The interval arithmetic behind every figure, as pure functions, against reference values:
Wilson's interval as tabulated (Newcombe 1998), t quantiles from tables, and pooling worked out
by hand from the formulas in ``scoring.stats``."""

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.stats import (
    Estimate,
    estimates_from_sums,
    from_sums,
    mean_interval,
    median_interval,
    partial_pooling,
    tiers,
    visits_needed,
    welch_difference,
    wilson,
    wilson_many,
)

T = {2: 4.302652729911275, 3: 3.182446305284263, 4: 2.7764451051977987}
PRIOR = 2 * 0.2**2  # the weak prior: two audits' worth of a 0.2 spread


def close(value, tolerance=1e-9):
    return pytest.approx(value, abs=tolerance)


def test_mean_and_interval_from_sums():
    # 0.6, 0.8, 1.0: sum 2.4, squares 2.0, mean 0.8, s2 0.04; after the prior (0.08 + 0.08) / 4
    estimate = from_sums(3, 2.4, 2.0)

    half = T[4] * math.sqrt(0.04 / 3)
    assert estimate.n == 3
    assert estimate.mean == close(0.8)
    assert estimate.low == close(0.8 - half)
    assert estimate.high == 1.0  # 0.8 + 0.32 is past the scale's end


@pytest.mark.parametrize(
    ("n", "mean", "sd", "low", "high"),
    [
        (1, 1.0, None, 1.0 - T[2] * 0.2, 1.0),  # one audit: the prior's spread alone
        (1, 0.5, None, 0.0, 1.0),
        (2, 1.0, 0.0, 1.0 - T[3] * math.sqrt(PRIOR / 3 / 2), 1.0),
        (3, 1.0, 0.0, 1.0 - T[4] * math.sqrt(PRIOR / 4 / 3), 1.0),  # three identical: 0.7733
        (3, 0.0, 0.0, 0.0, T[4] * math.sqrt(PRIOR / 4 / 3)),  # all 0
        # many audits: the prior fades; t(1001) = 1.9623367053... and the variance stays 0.04
        (1000, 0.5, 0.2, 0.5 - 1.9623367053 * 0.2 / math.sqrt(1000),
         0.5 + 1.9623367053 * 0.2 / math.sqrt(1000)),
    ],
)  # fmt: skip
def test_mean_intervals_never_collapse_and_fade_to_the_t_interval(n, mean, sd, low, high):
    estimate = mean_interval(n, mean, sd)

    assert (estimate.n, estimate.mean) == (n, mean)
    assert estimate.low == close(low, 1e-8)
    assert estimate.high == close(high, 1e-8)
    assert estimate.high > estimate.low


def test_three_identical_scores_keep_a_real_interval():
    assert mean_interval(3, 1.0, 0.0).low == close(0.7733042064, 1e-9)


def test_nothing_from_no_audits():
    assert from_sums(0, None, None) == Estimate(0, None, None, None)
    assert mean_interval(0, None, None) == Estimate(0, None, None, None)
    assert wilson(0, 0) == Estimate(0, None, None, None)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), table I, Wilson's score method without continuity correction
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
        (9, 10, 0.5958, 0.9821),
        (0, 3, 0.0, 0.5615),  # none met in three: far from "never"
        (3, 3, 0.4385, 1.0),  # all met in three: far from "always"
        (500, 1000, 0.4691, 0.5309),
    ],
)
def test_wilson_intervals_match_the_reference_table(successes, n, low, high):
    rate = wilson(successes, n)

    assert rate.mean == close(successes / n)
    assert rate.low == close(low, 1e-4)
    assert rate.high == close(high, 1e-4)


def test_a_difference_of_identical_scores_still_has_an_interval():
    difference = welch_difference(3, 1.0, 0.0, 3, 1.0, 0.0)

    assert difference.difference == 0.0
    assert difference.low < 0 < difference.high
    assert not difference.clearly_different


def test_partial_pooling_against_hand_computed_values():
    # Two locations of four audits, means 0.6 and 0.8, sd 0.1 each.
    # Within: (0.08 + 3 * 0.01 + 3 * 0.01) / (2 + 6) = 0.0175; each mean's variance 0.004375.
    # Between (DerSimonian-Laird): Q = 2 * 228.571 * 0.1**2 = 4.5714, scale 228.571,
    # tau2 = (4.5714 - 1) / 228.571 = 0.015625. Shrinkage B = 0.004375 / 0.02 = 0.21875 towards
    # 0.7; variance (1 - B) * 0.004375 + B**2 * 0.01 = 0.0038965.
    low_one, high_one = partial_pooling([(4, 0.6, 0.1), (4, 0.8, 0.1)])

    assert low_one.mean == close(0.621875)
    assert high_one.mean == close(0.778125)
    sd = math.sqrt(0.78125 * 0.004375 + 0.21875**2 * 0.01)
    assert low_one.low == close(0.621875 - 1.959963984540054 * sd)
    assert high_one.high == close(0.778125 + 1.959963984540054 * sd)
    # P(first below second) = Phi(0.15625 / sqrt(2) / sd) = Phi(1.770) = 0.9616, by 2000 draws.
    assert low_one.bottom_quarter == close(0.9616, 0.02)
    assert high_one.bottom_quarter == close(1 - 0.9616, 0.02)


def test_pooling_leaves_a_lone_location_as_it_is_and_skips_empty_ones():
    alone, empty = partial_pooling([(4, 0.6, 0.1), (0, None, None)])

    within = (PRIOR + 3 * 0.01) / 5
    assert alone.mean == close(0.6)
    assert alone.low == close(0.6 - 1.959963984540054 * math.sqrt(within / 4))
    assert alone.bottom_quarter == 1.0
    assert empty.mean is None


def test_equal_locations_draw_fully_to_the_region_but_keep_its_uncertainty():
    pooled = partial_pooling([(5, 0.7, 0.1)] * 4)

    assert all(p.mean == close(0.7) for p in pooled)
    assert all(p.high - p.low > 0.05 for p in pooled)
    assert sum(p.bottom_quarter for p in pooled) == close(1.0, 0.05)  # one of four, any one


def test_visits_needed_against_hand_computed_values():
    # 0.8 and 0.7, ten audits each, sd 0.1: variance after the prior (0.08 + 0.09) / 11;
    # n = 2 * ((1.95996 + 0.84162) * 0.124316 / 0.1)**2 = 24.26, so 25 each, 15 more each.
    needed = visits_needed((10, 0.8, 0.1), (10, 0.7, 0.1))

    assert needed.spread == close(math.sqrt(0.17 / 11))
    assert (needed.each, needed.more_first, needed.more_second) == (25, 15, 15)
    assert visits_needed((10, 0.8, 0.1), (40, 0.7, 0.1)).more_second == 0
    assert visits_needed((5, 0.7, 0.1), (5, 0.7, 0.1)).each is None


def test_tiers_start_where_the_leaders_interval_ends():
    ranked = [
        Estimate(10, 0.9, 0.85, 0.95),
        Estimate(10, 0.8, 0.7, 0.86),  # reaches 0.85: tier 1
        Estimate(10, 0.7, 0.6, 0.84),  # does not: leads tier 2
        Estimate(10, 0.65, 0.55, 0.75),  # reaches 0.6: tier 2
        Estimate(10, 0.3, 0.2, 0.4),
    ]

    assert tiers(ranked) == [1, 1, 2, 2, 3]
    assert tiers([]) == []


# The batch forms a leaderboard uses are the same figures as the scalar ones, to rounding.
samples = st.lists(
    st.tuples(st.integers(0, 400), st.floats(0, 1), st.floats(0, 1)),
    max_size=30,
)


def sums_of(groups) -> tuple[list, list, list]:
    """Locations' (count, sum, sum of squares) from (count, mean, spread) that scores from 0 to
    1 could have; no sums from no audits."""
    n = [count for count, _, _ in groups]
    totals = [count * mean if count else None for count, mean, _ in groups]
    squares = [
        count * mean * mean + (count - 1) * (spread * min(mean, 1 - mean)) ** 2 if count else None
        for count, mean, spread in groups
    ]
    return n, totals, squares


@given(samples)
def test_estimates_from_sums_equal_from_sums_one_by_one(groups):
    n, totals, squares = sums_of(groups)

    batch = estimates_from_sums(n, totals, squares)

    assert batch == [
        pytest.approx(from_sums(c, t, q), abs=1e-12) if c else from_sums(c, t, q)
        for c, t, q in zip(n, totals, squares, strict=True)
    ]


@given(st.lists(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))))
def test_wilson_many_equals_wilson_one_by_one(rates):
    successes = [k for k, _ in rates]
    n = [count for _, count in rates]

    batch = wilson_many(successes, n)

    assert batch == [
        pytest.approx(wilson(k, count), abs=1e-12) if count else wilson(k, count)
        for k, count in rates
    ]


def _coverage(n: int, j: int) -> float:
    """P(x(j) <= median < x(n + 1 - j)) for a continuous distribution: the binomial's, summed
    by hand from its terms."""
    return sum(math.comb(n, k) for k in range(j, n - j + 1)) / 2**n


@pytest.mark.parametrize("n", [1, 2, 5, 6, 7, 10, 25, 60])
def test_the_median_interval_is_the_narrowest_pair_of_order_statistics_with_95_percent(n):
    values = [float(v * v) for v in range(n, 0, -1)]  # skewed, unsorted
    ordered = sorted(values)

    estimate = median_interval(values)

    assert estimate.n == n
    assert estimate.mean == pytest.approx(statistics.median(values))
    ranks = [j for j in range(1, n // 2 + 1) if _coverage(n, j) >= 0.95]
    if not ranks:
        assert (estimate.low, estimate.high) == (None, None)
        assert n < 6
    else:
        j = max(ranks)
        assert (estimate.low, estimate.high) == (ordered[j - 1], ordered[n - j])


def test_no_values_no_median():
    assert median_interval([]) == (0, None, None, None)

"""The interval arithmetic behind every figure, as pure functions."""

import math

import pytest

from scoring.stats import Estimate, from_sums, mean_interval, overlapping

T2 = 4.302652729911275  # two-sided 95% t quantile, 2 degrees of freedom


def test_mean_and_interval_from_sums():
    # 0.6, 0.8, 1.0: sum 2.4, squares 2.0, mean 0.8, sd 0.2
    estimate = from_sums(3, 2.4, 2.0)

    half = T2 * 0.2 / math.sqrt(3)
    assert estimate.n == 3
    assert estimate.mean == pytest.approx(0.8)
    assert estimate.low == pytest.approx(0.8 - half)
    assert estimate.high == 1.0  # 0.8 + 0.497 is past the scale's end


def test_no_interval_from_one_audit_and_nothing_from_none():
    assert from_sums(1, 0.7, 0.49) == Estimate(1, 0.7, None, None)
    assert from_sums(0, None, None) == Estimate(0, None, None, None)
    assert mean_interval(4, 0.5, None) == Estimate(4, 0.5, None, None)


def test_overlapping_names_the_other_locations_by_label():
    estimates = [
        Estimate(10, 0.9, 0.85, 0.95),  # 11: clear of 33
        Estimate(10, 0.8, 0.7, 0.88),  # 22: overlaps both
        Estimate(10, 0.6, 0.5, 0.72),  # 33: clear of 11
        Estimate(1, 0.5, None, None),  # 44: no interval, so it overlaps everything
    ]

    assert overlapping(estimates, [11, 22, 33, 44]) == [
        [22, 44],
        [11, 33, 44],
        [22, 44],
        [11, 22, 33],
    ]


def test_touching_intervals_overlap_and_nothing_gives_nothing():
    touching = [Estimate(5, 0.8, 0.7, 0.9), Estimate(5, 0.6, 0.5, 0.7)]

    assert overlapping(touching, [1, 2]) == [[2], [1]]
    assert overlapping([], []) == []

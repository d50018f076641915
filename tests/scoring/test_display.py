"""Figures rounded for display: four decimals, free of float noise, nothing where there is no
figure; a leaderboard's thousand at once as one figure alone."""

from hypothesis import given
from hypothesis import strategies as st

from scoring.views import rounded, rounded_many


def test_float_noise_is_rounded_away_and_a_missing_figure_stays_missing():
    assert rounded_many([0.9499999999999998, None, 1 / 3, 0.0, 1.0]) == [
        0.95,
        None,
        0.3333,
        0.0,
        1.0,
    ]
    assert rounded(0.9499999999999998) == 0.95
    assert rounded_many([]) == []


@given(st.lists(st.one_of(st.none(), st.floats(-1, 1))))
def test_many_at_once_round_as_one_at_a_time_to_the_last_digit(values):
    many = rounded_many(values)
    for value, at_once in zip(values, many, strict=True):
        if value is None:
            assert at_once is None
        else:
            assert abs(at_once - rounded(value)) <= 1e-4 + 1e-12
            assert abs(at_once - value) <= 5e-5 + 1e-12

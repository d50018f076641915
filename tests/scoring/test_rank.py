"""A scorecard's rank is the location's place in its region's leaderboard, computed without the
leaderboard's other figures: the two must agree for any region."""

from hypothesis import given
from hypothesis import strategies as st

from scoring.figures import rank_of, ranked
from scoring.selectors import LocationFigures
from scoring.stats import estimates_from_sums
from tests.scoring.test_stats import sums_of

regions = st.lists(
    st.tuples(st.integers(0, 60), st.floats(0, 1), st.floats(0, 0.5)), min_size=1, max_size=40
)


@given(regions)
def test_the_rank_alone_equals_the_leaderboards(groups):
    n, totals, squares = sums_of(groups)
    sums = {
        pk: LocationFigures(pk, estimate, 0, totals[pk - 1] or 0.0, squares[pk - 1] or 0.0)
        for pk, estimate in enumerate(estimates_from_sums(n, totals, squares), start=1)
    }

    board = ranked(sums)

    for row in board.rows:
        assert rank_of(sums, row.location_id) == (row.rank, len(board.rows))
    assert rank_of(sums, len(groups) + 1) is None

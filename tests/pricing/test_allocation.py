"""The largest-remainder split: exact parts, none above its weight, leftover kopecks to the largest fractions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carts.allocation import split_kopecks

weights_lists = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=30).filter(any)


@given(weights=weights_lists, data=st.data())
def test_split_parts_add_up(weights, data):
    whole = data.draw(st.integers(min_value=0, max_value=sum(weights)))

    parts = split_kopecks(whole, weights)

    assert sum(parts) == whole


@given(weights=weights_lists, data=st.data())
def test_split_parts_within_weights(weights, data):
    whole = data.draw(st.integers(min_value=0, max_value=sum(weights)))

    parts = split_kopecks(whole, weights)

    assert all(part >= 0 for part in parts)
    assert all(part <= weight for part, weight in zip(parts, weights, strict=True))


@given(weights=weights_lists, data=st.data())
def test_split_parts_near_proportion(weights, data):
    whole = data.draw(st.integers(min_value=0, max_value=sum(weights)))

    parts = split_kopecks(whole, weights)

    total = sum(weights)
    assert all(abs(part * total - whole * weight) < total for part, weight in zip(parts, weights, strict=True))


def test_split_leftover_to_largest_fraction():
    assert split_kopecks(100, [1, 1, 1]) == [34, 33, 33]


def test_split_600_400():
    assert split_kopecks(10_000, [60_000, 40_000]) == [6_000, 4_000]


@pytest.mark.parametrize(("whole", "weights"), [(-1, [1]), (1, [0, 0]), (1, [-1, 2])])
def test_split_rejects_bad_input(whole, weights):
    with pytest.raises(ValueError):
        split_kopecks(whole, weights)

"""Splitting an amount over lines in whole kopecks by the largest-remainder method.

Each part is the whole times the line's weight over the sum of the weights,
rounded down to a kopeck. The kopecks left over go one each to the lines
with the largest dropped fractions, and a tie goes to the earlier line. The parts add
up exactly to the whole, and when the whole is at most the sum of the
weights no part exceeds its weight, so no line goes below zero.
"""

from collections.abc import Sequence
from decimal import Decimal

KOPECK = Decimal("0.01")


def to_kopecks(amount: Decimal) -> int:
    """Convert roubles to whole kopecks; raise ValueError on a fraction of a kopeck."""
    kopecks = amount * 100
    if kopecks != kopecks.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of kopecks")
    return int(kopecks)


def to_roubles(kopecks: int) -> Decimal:
    return (Decimal(kopecks) / 100).quantize(KOPECK)


def split_kopecks(whole: int, weights: Sequence[int]) -> list[int]:
    """Split `whole` kopecks in proportion to `weights` (kopecks, not negative).

    Raises ValueError when the whole is negative, or positive with all weights zero.
    """
    if whole < 0:
        raise ValueError(f"Cannot split a negative amount: {whole}")
    if any(weight < 0 for weight in weights):
        raise ValueError(f"Weights must not be negative: {list(weights)}")
    total_weight = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    if total_weight == 0:
        raise ValueError(f"Cannot split {whole} over zero weights")

    parts = []
    remainders = []
    for index, weight in enumerate(weights):
        part, remainder = divmod(whole * weight, total_weight)
        parts.append(part)
        remainders.append((-remainder, index))

    left_over = whole - sum(parts)
    for _remainder, index in sorted(remainders)[:left_over]:
        parts[index] += 1
    return parts

"""Roubles in messages, written as the active locale writes them."""

from decimal import Decimal

from django.utils.formats import number_format
from djmoney.money import Money


def format_rub(value: Money | Decimal) -> str:
    """Format an amount with grouped thousands and kopecks: «36 300,00 ₽» in Russian."""
    amount = value.amount if isinstance(value, Money) else value
    return f"{number_format(amount, 2, force_grouping=True)}\u00a0₽"


def format_amount(amount: Decimal) -> str:
    """Format a bonus count or other amount without a currency sign: «1 234,50» in Russian."""
    return number_format(amount, 2, force_grouping=True)

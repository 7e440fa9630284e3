"""Template filters of the counter screens: roubles and VAT rate names."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from djmoney.money import Money

from pos.sale_screen import vat_label as _vat_label

register = template.Library()


@register.filter
def rub(value: Money | Decimal | None) -> str:
    """Format an amount in roubles as the locale writes it: «1 500,00 ₽»."""
    if value is None or value == "":
        return ""
    amount = value.amount if isinstance(value, Money) else Decimal(value)
    return f"{number_format(amount, 2, force_grouping=True)}\u00a0₽"


@register.filter
def vat_label(rate: str | None) -> str:
    return _vat_label(rate) if rate else ""

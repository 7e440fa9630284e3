"""Values as exchange files write them: numbers, currencies, VAT rates, barcodes."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from ..models import Barcode, VatRate
from .errors import ImportFailed

ROUBLE_CODES = {"rub", "rur", "руб", "руб.", "643", "₽", "р", "р."}

# The general VAT rate rose to 22 % on 1 January 2026; files exported earlier
# still state 20 % (or 18 % before 2019). YML codes 1 and 3 are the general rate.
VAT_RAISED = {"20", "18", "20/120", "18/118", "vat_20", "vat_18", "vat_20_120", "vat_18_118", "1", "3"}
VAT_BY_TEXT = {
    "22": VatRate.VAT_22,
    "22/122": VatRate.VAT_22,
    "vat_22": VatRate.VAT_22,
    "10": VatRate.VAT_10,
    "10/110": VatRate.VAT_10,
    "vat_10": VatRate.VAT_10,
    "vat_10_110": VatRate.VAT_10,
    "2": VatRate.VAT_10,
    "4": VatRate.VAT_10,
    "0": VatRate.VAT_0,
    "vat_0": VatRate.VAT_0,
    "5": VatRate.VAT_0,
    "без ндс": VatRate.NO_VAT,
    "без налога": VatRate.NO_VAT,
    "no_vat": VatRate.NO_VAT,
    "none": VatRate.NO_VAT,
    "6": VatRate.NO_VAT,
}


def is_rouble(currency: str) -> bool:
    return currency.strip().lower() in ROUBLE_CODES


def parse_decimal(text: str) -> Decimal | None:
    """Parse "1 234,50" or "1234.5"; return None when the text is not a number."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_price(text: str, *, element: str, line: int) -> Decimal:
    """Parse a price in roubles to kopecks; element and line place the error in the file."""
    value = parse_decimal(text)
    if value is None:
        raise ImportFailed("bad_price", line=line, element=element, value=text)
    if value < 0:
        raise ImportFailed("negative_price", line=line, element=element, value=text)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_quantity(text: str, *, element: str, line: int) -> tuple[int, bool]:
    """Return the whole units in a stock count and whether a fraction was dropped."""
    value = parse_decimal(text)
    if value is None:
        raise ImportFailed("bad_quantity", line=line, element=element, value=text)
    whole = int(value.to_integral_value(rounding=ROUND_FLOOR))
    return whole, whole != value


def normalize_vat(text: str) -> tuple[str, str]:
    """Map a VAT rate as a file writes it to a VatRate value.

    Returns (rate, how): how is "exact", "raised" for a 20 % or 18 % rate
    mapped to 22 %, or "unknown" when the default rate was used.
    """
    key = text.lower().replace("%", "").replace("\u00a0", " ").strip()
    if key.replace(" ", "") in VAT_RAISED:
        return VatRate.VAT_22.value, "raised"
    if key in VAT_BY_TEXT:
        return VAT_BY_TEXT[key].value, "exact"
    return settings.VITRINA_DEFAULT_VAT_RATE, "unknown"


def barcode_kind(code: str) -> str:
    if code.isdigit() and len(code) in (8, 12, 13) and _check_digit_ok(code):
        return {13: Barcode.Kind.EAN13, 8: Barcode.Kind.EAN8, 12: Barcode.Kind.UPC}[len(code)]
    return Barcode.Kind.OTHER


def _check_digit_ok(code: str) -> bool:
    """GS1 check digit: weights 3 and 1 alternate from the rightmost data digit."""
    digits = [int(char) for char in code]
    body, check = digits[:-1], digits[-1]
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check

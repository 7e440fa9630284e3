"""Russian phone numbers in one form, +7XXXXXXXXXX, whatever way they were typed."""

import re

_DIGITS = re.compile(r"\D+")


def normalize_phone(raw: str) -> str | None:
    """Return +7XXXXXXXXXX for a Russian mobile or city number, or None if it is not one.

    Accepts 8 (916) 123-45-67, +7 916 123 45 67, 9161234567 and the like.
    """
    digits = _DIGITS.sub("", raw or "")
    if len(digits) == 10:
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if len(digits) != 11 or digits[0] != "7":
        return None
    return "+" + digits

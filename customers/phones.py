"""Russian phone numbers in one form, +7XXXXXXXXXX, whatever way they were typed."""

import re

# Digits and the separators people type between them; a letter means it is not a phone.
_PHONE_CHARACTERS = re.compile(r"^[\d\s+().-]+$")
_NON_DIGITS = re.compile(r"\D+")
# Russian numbers after the country code 7 start with 3, 4 or 8 (city and
# toll-free codes) or 9 (mobile codes); 0, 1, 2, 5, 6 and 7 are not assigned.
_AREA_CODE_STARTS = "3489"


def normalize_phone(raw: str) -> str | None:
    """Return +7XXXXXXXXXX for a Russian mobile or city number, or None if it is not one.

    Accepts 8 (916) 123-45-67, +7 916 123 45 67, 9161234567 and the like:
    digits with spaces, +, -, brackets and dots between them.
    """
    text = (raw or "").strip()
    if not _PHONE_CHARACTERS.match(text):
        return None
    digits = _NON_DIGITS.sub("", text)
    if len(digits) == 10:
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if len(digits) != 11 or digits[0] != "7" or digits[1] not in _AREA_CODE_STARTS:
        return None
    return "+" + digits

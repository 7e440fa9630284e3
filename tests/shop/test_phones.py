"""Phone numbers as customers type them: which forms pass and which are rejected."""

import pytest

from customers.phones import normalize_phone


@pytest.mark.parametrize(
    "typed",
    ["8 916 123-45-67", "+7 (916) 123 45 67", "9161234567", "8.916.123.45.67", " +7-916-123-45-67 "],
)
def test_normalize_phone_accepts_format(typed):
    assert normalize_phone(typed) == "+79161234567"


@pytest.mark.parametrize("typed", ["+7 (495) 123-45-67", "8 800 555-35-35", "+7 (343) 123-45-67"])
def test_normalize_phone_accepts_city_and_toll_free(typed):
    assert normalize_phone(typed) is not None


@pytest.mark.parametrize(
    "typed",
    [
        "abc9161234567xyz",
        "9161234567x",
        "тел. 89161234567",
        "+7 000 000-00-00",
        "+7 (123) 456-78-90",
        "8 616 123-45-67",
        "+7 916 123-45-6",
        "+1 916 123-45-67",
        "",
        "+-()",
    ],
)
def test_normalize_phone_rejects(typed):
    assert normalize_phone(typed) is None

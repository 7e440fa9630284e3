import pytest
from django.utils import translation

import catalog

pytestmark = pytest.mark.django_db


def test_report_names_variants_without_retail_price(samples):
    report = catalog.import_commerceml(
        [samples / "Denis-777_test__import.xml", samples / "Denis-777_test__offers.xml"]
    )

    assert report.not_for_sale == 30
    with translation.override("ru"):
        assert "30 вариантов не в продаже" in str(report)


def test_report_json_keeps_sale_note(samples):
    report = catalog.import_yml(samples / "anton-kuznetsov_emporium-shwei__yml.xml")

    restored = type(report).from_json(report.to_json())

    assert report.not_for_sale == 0
    assert restored.retail_price_type == report.retail_price_type
    assert restored.retail_price_type != ""

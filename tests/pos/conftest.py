"""Fixtures of the counter screen tests: a cashier signed in at a terminal with stock on its shop floor."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from pos.access import CASHIERS_GROUP



@pytest.fixture(autouse=True)
def russian():
    """Render and compare in Russian, the language of the counter."""
    with translation.override("ru"):
        yield


@pytest.fixture
def counter_cashier(cashier):
    group, _created = Group.objects.get_or_create(name=CASHIERS_GROUP)
    cashier.groups.add(group)
    return cashier

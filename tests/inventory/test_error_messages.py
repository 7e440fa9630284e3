import pytest
from django.utils import translation

import inventory

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "en"])
def test_shortage_message_ends_with_one_full_stop(language, terminal):
    variant = factories.make_variant("Штопор")
    error = inventory.InsufficientStock([inventory.Shortage(variant.pk, terminal.location_id, 3, 1)])

    with translation.override(language):
        message = error.user_message()

    assert message.endswith(".")
    assert not message.endswith("..")
    assert "Штопор" in message

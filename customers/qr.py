"""The QR code of the shop account, drawn as inline SVG on the server."""

import segno

from .lookup import customer_token
from .models import Customer


def customer_qr_svg(customer: Customer) -> str:
    """Return an <svg> element encoding the customer's token, for a counter scanner to read from a phone screen."""
    # Error correction M (about 15 % of the code may be lost) copes with glare
    # on a phone screen. A border of 4 modules is the quiet zone that
    # ISO/IEC 18004 requires around a QR code.
    code = segno.make(customer_token(customer), error="m", micro=False)
    return code.svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=False)

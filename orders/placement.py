"""Placing orders: a counter sale paid on the spot, a web order for pickup or delivery.

Both price the lines with carts.price_lines for the buyer (personal price
list, coupon, the seller's manual discount, bonuses redeemed) and store the
engine's result on the order and its lines. Bonuses are redeemed and earned
in the transaction that writes the order, so a failed order moves none.

Both are idempotent on a client-made UUID: a repeated request with the same
key returns the order that the first one placed and changes nothing. The
same key sent with other lines, buyer or terminal is a stale form, not a
repeat, and raises RequestKeyReused.
"""

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from djmoney.money import Money

import carts
import catalog
import customers
import inventory
from catalog.models import Variant

from .errors import (
    BonusesUnavailable,
    EmptyOrder,
    InsufficientPayment,
    NotForSale,
    OrderError,
    OutOfStock,
    PriceRejected,
    RequestKeyReused,
    UnknownStore,
)
from .models import Order, OrderLine, Payment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestedLine:
    variant_id: int
    quantity: int


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _load_variants(lines: Sequence[RequestedLine]) -> list[tuple[Variant, int]]:
    if not lines:
        raise EmptyOrder()
    for line in lines:
        if not isinstance(line.quantity, int) or line.quantity <= 0:
            raise inventory.InvalidQuantity(f"Quantity must be a positive whole number, got {line.quantity!r}")

    # A product withdrawn from sale can still sit in a cart that was filled before.
    variants = catalog.sellable_variants().in_bulk([line.variant_id for line in lines])
    withdrawn = [line.variant_id for line in lines if line.variant_id not in variants]
    if withdrawn:
        raise NotForSale(withdrawn, reason=NotForSale.WITHDRAWN)
    return [(variants[line.variant_id], line.quantity) for line in lines]


@dataclass(frozen=True)
class PriceOptions:
    """The price engine's options for an order besides the lines: the buyer, coupon, manual discount and bonuses."""

    customer: object = None
    coupon: str = ""
    manual_discount: object = None  # a carts.ManualDiscount
    redeem_bonus: Decimal | str | None = None


def _price(lines: Sequence[RequestedLine], options: PriceOptions, channel: str):
    try:
        priced = carts.price_lines(
            _load_variants(lines),
            customer=options.customer,
            coupon=options.coupon or None,
            manual_discount=options.manual_discount,
            redeem_bonus=options.redeem_bonus,
            channel=channel,
        )
    except carts.PricingError as error:
        raise PriceRejected(error) from error
    if priced.unpriced:
        raise NotForSale([variant.pk for variant in priced.unpriced])
    return priced


def _priced_fields(priced, options: PriceOptions) -> dict:
    """Return the Order fields that keep what the engine applied besides the line prices."""
    manual = options.manual_discount
    return {
        "total": priced.total,
        "vat_total": priced.vat_total,
        "coupon_code": priced.coupon_code,
        "manual_discount": priced.manual_discount,
        "manual_discount_reason": manual.reason.strip() if manual is not None else "",
        "bonus_used": priced.bonus_used,
        "bonus_earned": priced.bonus_to_earn if options.customer is not None else Money(0, "RUB"),
    }


def _write_lines(order: Order, priced, location_id: int | None) -> None:
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=line.variant,
            location_id=location_id,
            name=line.variant.display_name,
            sku=line.variant.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            bonus=line.bonus,
            amount=line.amount,
            vat_rate=line.vat_rate,
            vat_amount=line.vat_amount,
        )
        for line in priced.lines
    )


def _settle_bonuses(order: Order) -> None:
    """Redeem the order's bonuses and credit the ones it earns. Must run inside the order's transaction.

    The engine checked the balance without a lock, so redeem_bonuses checks
    it again under the account's lock: a sale at another counter in between
    makes this order fail instead of the balance going below zero.
    """
    if order.customer is None:
        return
    if order.bonus_used.amount > 0:
        try:
            customers.redeem_bonuses(order.customer, order.bonus_used.amount, order_ref=order.document)
        except customers.InsufficientBonuses as error:
            raise BonusesUnavailable(error) from error
    if order.bonus_earned.amount > 0:
        # Held for the return window, or credited at once when VITRINA_BONUS_HOLD_DAYS is 0.
        customers.earn_bonuses(order.customer, order.bonus_earned.amount, order_ref=order.document)


def _existing(idempotency_key: uuid.UUID, *, same_request: Callable[[Order], bool]) -> Order | None:
    """Return the order placed with this key by the same request, or None when the key is new.

    Raises RequestKeyReused when the key placed an order for a different
    request, so a stale form neither returns nor exposes someone's order.
    """
    order = Order.objects.filter(idempotency_key=idempotency_key).first()
    if order is None or same_request(order):
        return order
    raise RequestKeyReused(order)


def _same_lines(order: Order, lines: Sequence[RequestedLine]) -> bool:
    requested: Counter[int] = Counter()
    for line in lines:
        requested[line.variant_id] += line.quantity
    placed: Counter[int] = Counter()
    for variant_id, quantity in order.lines.values_list("variant_id", "quantity"):
        placed[variant_id] += quantity
    return requested == placed


def _same_counter_sale(order: Order, terminal, lines: Sequence[RequestedLine]) -> bool:
    # A retry after the first request closed the cart finds no open cart and
    # sends no lines, so an empty request matches the terminal's sale.
    if order.channel != Order.Channel.COUNTER or order.terminal_id != terminal.pk:
        return False
    return not lines or _same_lines(order, lines)


def _same_web_order(order: Order, lines: Sequence[RequestedLine], customer, contact: Contact) -> bool:
    if order.channel != Order.Channel.WEB or order.customer_id != (customer.pk if customer is not None else None):
        return False
    # Guests have no account to compare, so the phone typed stands in for it.
    if customer is None and order.contact_phone != contact.phone:
        return False
    return _same_lines(order, lines)


def _tender(priced, method: str, tendered: Decimal | None) -> tuple[Money | None, Money]:
    """Return the cash given and the change; cash without an amount is taken as the exact total."""
    if method not in Payment.Method.values:
        raise ValueError(f"Unknown payment method {method!r}")
    if method != Payment.Method.CASH:
        return None, Money(0, "RUB")
    tendered_money = Money(tendered if tendered is not None else priced.total.amount, "RUB")
    if tendered_money < priced.total:
        raise InsufficientPayment(priced.total, tendered_money)
    return tendered_money, tendered_money - priced.total


def _fulfilment_plan(fulfilment: str, store) -> tuple[list[int], object]:
    """Return the locations to reserve at and the pickup deadline (None for delivery)."""
    if fulfilment == Order.Fulfilment.PICKUP:
        if store is None:
            raise UnknownStore()
        return inventory.pickup_locations(store.pk), timezone.now() + timedelta(days=store.pickup_days)
    if fulfilment == Order.Fulfilment.DELIVERY:
        return inventory.delivery_locations(), None
    raise ValueError(f"Unknown fulfilment {fulfilment!r}")


def place_counter_sale(
    *,
    terminal,
    cashier,
    lines: Sequence[RequestedLine],
    method: str,
    tendered: Decimal | None,
    idempotency_key: uuid.UUID,
    customer=None,
    coupon: str = "",
    manual_discount=None,
    redeem_bonus: Decimal | str | None = None,
) -> Order:
    """Sell lines at the counter, paid at once, taking stock from the terminal's location.

    customer gets their price list, redeems redeem_bonus bonuses and earns
    bonuses on what is paid in money; manual_discount is a carts.ManualDiscount
    given by the cashier. Raises an OrderError (EmptyOrder, NotForSale,
    PriceRejected, InsufficientPayment, OutOfStock, BonusesUnavailable,
    RequestKeyReused) and changes nothing when the sale cannot go through.
    """

    def same_request(order: Order) -> bool:
        return _same_counter_sale(order, terminal, lines)

    options = PriceOptions(customer, coupon, manual_discount, redeem_bonus)
    try:
        priced = _price(lines, options, "counter")
        tendered_money, change = _tender(priced, method, tendered)
    except OrderError:
        # The key is looked up only here and on IntegrityError, which saves
        # a statement per sale: a retry whose cart is closed by now or whose
        # bonuses the first request spent fails validation before the insert.
        existing = _existing(idempotency_key, same_request=same_request)
        if existing is None:
            raise
        return existing

    try:
        with transaction.atomic():
            order = Order.objects.create(
                channel=Order.Channel.COUNTER,
                fulfilment=Order.Fulfilment.TAKEAWAY,
                status=Order.Status.COMPLETED,
                customer=customer,
                store_id=terminal.store_id,
                terminal=terminal,
                cashier=cashier,
                idempotency_key=idempotency_key,
                **_priced_fields(priced, options),
            )
            _write_lines(order, priced, terminal.location_id)
            stock_lines = [
                inventory.StockLine(line.variant.pk, terminal.location_id, line.quantity) for line in priced.lines
            ]
            try:
                inventory.sell(stock_lines, document=order.document, user=cashier)
            except inventory.InsufficientStock as error:
                raise OutOfStock(error.shortages) from error
            Payment.objects.create(order=order, method=method, amount=priced.total, tendered=tendered_money, change=change)
            _settle_bonuses(order)
    except IntegrityError:
        # A concurrent retry with the same key committed first.
        existing = _existing(idempotency_key, same_request=same_request)
        if existing is None:
            raise
        return existing

    logger.info("Order %s: counter sale at terminal %s, total %s", order.number, terminal.pk, order.total)
    return order


def place_web_order(
    *,
    lines: Sequence[RequestedLine],
    fulfilment: str,
    contact: Contact,
    idempotency_key: uuid.UUID,
    store=None,
    customer=None,
    coupon: str = "",
    redeem_bonus: Decimal | str | None = None,
) -> Order:
    """Place a web order and reserve its stock: at the store for pickup, at the warehouses for delivery.

    Payment is taken when the goods are handed over. The customer's bonuses
    are redeemed now, so they cannot be spent twice, and the bonuses earned
    are credited now, on hold for the return window unless
    VITRINA_BONUS_HOLD_DAYS is 0. Raises an OrderError and changes nothing
    when the order cannot be placed.
    """

    def same_request(order: Order) -> bool:
        return _same_web_order(order, lines, customer, contact)

    options = PriceOptions(customer, coupon, None, redeem_bonus)
    try:
        priced = _price(lines, options, "shop")
        location_ids, deadline = _fulfilment_plan(fulfilment, store)
    except OrderError:
        # As for counter sales, a retry is recognised here and on IntegrityError only.
        existing = _existing(idempotency_key, same_request=same_request)
        if existing is None:
            raise
        return existing

    try:
        with transaction.atomic():
            order = Order.objects.create(
                channel=Order.Channel.WEB,
                fulfilment=fulfilment,
                customer=customer,
                store=store if fulfilment == Order.Fulfilment.PICKUP else None,
                contact_name=contact.name,
                contact_phone=contact.phone,
                contact_email=contact.email,
                delivery_address=contact.address,
                idempotency_key=idempotency_key,
                pickup_deadline=deadline,
                **_priced_fields(priced, options),
            )
            _write_lines(order, priced, None)
            _reserve_lines(order, priced, location_ids)
            _settle_bonuses(order)
    except IntegrityError:
        existing = _existing(idempotency_key, same_request=same_request)
        if existing is None:
            raise
        return existing

    logger.info("Order %s: web order for %s, total %s", order.number, fulfilment, order.total)
    return order


def _reserve_lines(order: Order, priced, location_ids: list[int]) -> None:
    """Reserve each line's units; lines of one variant are merged so they are checked together."""
    quantities: dict[int, int] = {}
    for line in priced.lines:
        quantities[line.variant.pk] = quantities.get(line.variant.pk, 0) + line.quantity
    try:
        inventory.reserve_lines(quantities, location_ids, kind="order", owner=order.document)
    except inventory.InsufficientStock as error:
        raise OutOfStock(error.shortages) from error


def cancel_order(order: Order) -> Order:
    """Cancel a web order that has not been handed over and release its reservations."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.NEW:
            return order
        inventory.release_owner(order.document)
        if order.customer_id and order.bonus_earned.amount > 0:
            customers.claw_back_bonuses(
                order.customer, order.bonus_earned.amount, order_ref=order.document, note="order cancelled"
            )
        # TODO: bonuses redeemed on a cancelled order are not given back yet:
        # the bonus ledger has no entry kind for returning a redemption.
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status"])
    logger.info("Order %s cancelled, reservations released", order.number)
    return order

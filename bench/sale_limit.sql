-- The statements a one-line counter sale must make against Vitrina's own
-- tables, as a pgbench script (-f, PostgreSQL 15). One transaction locks
-- and decrements the stock row under the availability condition. It then
-- inserts the order, its line, its ledger row and its payment, or rolls
-- back when the SKU is sold out. bench/run.py passes the ids with -D.
-- Half of the clients sell the 5 hot SKUs, the other half a SKU drawn from
-- the whole catalog, as in the in-process run.
\if :client_id < :clients / 2
\set variant :first_variant + random(0, 4)
\else
\set variant :first_variant + random(0, :variants - 1)
\endif
BEGIN;
WITH taken AS (
    UPDATE inventory_stock SET on_hand = on_hand - 1
    WHERE variant_id = :variant AND location_id = :location AND on_hand - reserved >= 1
    RETURNING on_hand
)
SELECT count(*) AS sold, coalesce(max(on_hand), 0) AS on_hand_after FROM taken \gset
\if :sold
INSERT INTO orders_order (channel, fulfilment, status, contact_name, contact_phone, contact_email,
    delivery_address, total_currency, total, vat_total_currency, vat_total, idempotency_key,
    created_at, cashier_id, store_id, terminal_id, bonus_earned_currency, bonus_earned,
    bonus_used_currency, bonus_used, coupon_code, manual_discount_currency, manual_discount,
    manual_discount_reason)
VALUES ('counter', 'takeaway', 'completed', '', '', '', '', 'RUB', 1000.00, 'RUB', 180.33,
    gen_random_uuid(), now(), :cashier, :store, :terminal, 'RUB', 0, 'RUB', 0, '', 'RUB', 0, '')
RETURNING id AS order_id \gset
INSERT INTO orders_orderline (name, sku, quantity, unit_price_currency, unit_price, discount_currency,
    discount, bonus_currency, bonus, amount_currency, amount, vat_rate, vat_amount_currency, vat_amount,
    location_id, order_id, variant_id)
VALUES ('bench', 'bench', 1, 'RUB', 1000.00, 'RUB', 0, 'RUB', 0, 'RUB', 1000.00, '22', 'RUB', 180.33,
    :location, :order_id, :variant);
INSERT INTO inventory_movement (kind, quantity, on_hand_after, reason, document, created_at,
    location_id, user_id, variant_id)
VALUES ('sale', -1, :on_hand_after, '', 'order:' || :order_id, now(), :location, :cashier, :variant);
INSERT INTO orders_payment (method, amount_currency, amount, change_currency, change, created_at, order_id)
VALUES ('card', 'RUB', 1000.00, 'RUB', 0, now(), :order_id);
COMMIT;
\else
ROLLBACK;
\endif

"""The choice of promotions that apply together.

Stackable promotions combine: they apply one after another, highest
priority first, each on what the previous ones left. A promotion that is
not stackable applies alone. So the candidates are the set of all
stackable promotions and each non-stackable promotion on its own, and one
candidate wins by the rule in settings.VITRINA_PROMOTION_CONFLICT:

- "best" (the default): the largest discount for the customer; on a tie,
  the higher priority, then the older promotion;
- "priority": the candidate holding the highest priority; on a tie, the
  larger discount.
"""

from dataclasses import dataclass

from django.conf import settings

from .adjustments import WorkingLine, apply_discounts, total_discount
from .promotions import PromotionRule, promotion_discounts

BEST_FOR_CUSTOMER = "best"
BY_PRIORITY = "priority"


@dataclass(frozen=True)
class AppliedRules:
    lines: list[WorkingLine]
    rules: list[PromotionRule]
    discount_kopecks: int


def conflict_rule() -> str:
    rule = getattr(settings, "VITRINA_PROMOTION_CONFLICT", BEST_FOR_CUSTOMER)
    if rule not in (BEST_FOR_CUSTOMER, BY_PRIORITY):
        raise ValueError(f"VITRINA_PROMOTION_CONFLICT must be {BEST_FOR_CUSTOMER!r} or {BY_PRIORITY!r}, got {rule!r}")
    return rule


def apply_in_turn(lines: list[WorkingLine], rules: list[PromotionRule], subtotal_kopecks: int) -> AppliedRules:
    """Apply the rules one after another, highest priority first; keep those that gave a discount."""
    applied = []
    for rule in sorted(rules, key=lambda rule: (-rule.priority, rule.id)):
        discounts = promotion_discounts(rule, lines, subtotal_kopecks)
        if discounts:
            lines = apply_discounts(lines, rule.source, discounts)
            applied.append(rule)
    discount = sum(line.discount_kopecks for line in lines)
    return AppliedRules(lines=lines, rules=applied, discount_kopecks=discount)


def choose_promotions(
    lines: list[WorkingLine], rules: list[PromotionRule], subtotal_kopecks: int, *, conflict: str | None = None
) -> AppliedRules:
    """Return the lines with the winning candidate's discounts taken off."""
    conflict = conflict or conflict_rule()
    base = total_discount(lines)
    stackable = [rule for rule in rules if rule.stackable]
    candidates = [apply_in_turn(lines, stackable, subtotal_kopecks)] if stackable else []
    candidates += [apply_in_turn(lines, [rule], subtotal_kopecks) for rule in rules if not rule.stackable]
    candidates = [candidate for candidate in candidates if candidate.rules]
    if not candidates:
        return AppliedRules(lines=lines, rules=[], discount_kopecks=0)

    def top_priority(candidate: AppliedRules) -> int:
        return max(rule.priority for rule in candidate.rules)

    def oldest(candidate: AppliedRules) -> int:
        return -min(rule.id for rule in candidate.rules)

    if conflict == BY_PRIORITY:
        winner = max(candidates, key=lambda c: (top_priority(c), c.discount_kopecks, oldest(c)))
    else:
        winner = max(candidates, key=lambda c: (c.discount_kopecks, top_priority(c), oldest(c)))
    return AppliedRules(lines=winner.lines, rules=winner.rules, discount_kopecks=winner.discount_kopecks - base)

"""Outcome of an import: counts per kind of row, skipped lines with their reasons, notes.

The report keeps codes and parameters, not text, so it can be stored as JSON
and shown later in the reader's language.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy as _, ngettext

KINDS = {
    "categories": _("categories"),
    "products": _("products"),
    "variants": _("variants"),
    "prices": _("prices"),
    "stock": _("stock"),
    "price_types": _("price types"),
    "locations": _("locations"),
}
OUTCOMES = ("created", "updated", "unchanged", "skipped")

SKIP_REASONS = {
    "foreign_currency_price_type": _('price type "%(name)s" is in %(currency)s, not in roubles'),
    "unknown_price_type": _("price type %(id)s is not declared in the file or the database"),
    "foreign_currency_price": _("the price is in %(currency)s, not in roubles"),
    "barcode_taken": _('barcode %(code)s already belongs to "%(variant)s"'),
    "below_reserved": _(
        '"%(variant)s" at "%(location)s": the count %(quantity)s is below the %(reserved)s units reserved'
    ),
    "negative_stock": _('"%(variant)s" at "%(location)s": negative count %(quantity)s'),
    "base_offer_of_variants": _("offer %(id)s is for a product that is sold by its characteristics"),
}


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    # (kind, reason code, sorted params) -> number of lines skipped for it
    skips: Counter = field(default_factory=Counter)
    vat_raised: int = 0
    unknown_vat: Counter = field(default_factory=Counter)
    quantities_rounded: int = 0
    # Variants of the whole catalog without a retail price after the run, and the retail type's name.
    not_for_sale: int = 0
    retail_price_type: str = ""

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def skip(self, kind: str, reason: str, **params) -> None:
        self.counts[kind]["skipped"] += 1
        self.skips[(kind, reason, tuple(sorted((key, str(value)) for key, value in params.items())))] += 1

    def total(self, kind: str, outcome: str) -> int:
        return self.counts[kind][outcome]

    @property
    def changed(self) -> bool:
        return any(self.counts[kind][outcome] for kind in KINDS for outcome in ("created", "updated"))

    def to_json(self) -> str:
        return json.dumps(
            {
                "counts": {kind: dict(counter) for kind, counter in self.counts.items()},
                "skips": [[kind, reason, dict(params), number] for (kind, reason, params), number in self.skips.items()],
                "vat_raised": self.vat_raised,
                "unknown_vat": dict(self.unknown_vat),
                "quantities_rounded": self.quantities_rounded,
                "not_for_sale": self.not_for_sale,
                "retail_price_type": self.retail_price_type,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> "ImportReport":
        data = json.loads(text)
        report = cls()
        for kind, counter in data["counts"].items():
            report.counts.setdefault(kind, Counter()).update(counter)
        for kind, reason, params, number in data["skips"]:
            report.skips[(kind, reason, tuple(sorted(params.items())))] = number
        report.vat_raised = data["vat_raised"]
        report.unknown_vat = Counter(data["unknown_vat"])
        report.quantities_rounded = data["quantities_rounded"]
        report.not_for_sale = data.get("not_for_sale", 0)
        report.retail_price_type = data.get("retail_price_type", "")
        return report

    def lines(self) -> list[str]:
        """Render the report in the active language, one line per kind, skip reason and note."""
        lines = [self._count_line(kind) for kind in KINDS if any(self.counts[kind].values())]
        if self.skips:
            lines.append(gettext("Skipped:"))
        for (kind, reason, params), number in sorted(self.skips.items()):
            text = SKIP_REASONS[reason] % dict(params)
            lines.append(f"  {capfirst(KINDS[kind])} ({number}): {text}")
        lines.extend(self._notes())
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _count_line(self, kind: str) -> str:
        counter = self.counts[kind]
        return gettext("%(kind)s: created %(created)s, updated %(updated)s, unchanged %(unchanged)s, skipped %(skipped)s") % {
            "kind": capfirst(KINDS[kind]),
            **{outcome: counter[outcome] for outcome in OUTCOMES},
        }

    def _notes(self) -> list[str]:
        notes = []
        if self.vat_raised:
            notes.append(
                ngettext(
                    "%(count)s product had VAT 20 %% and now has 22 %%, the general rate since 1 January 2026.",
                    "%(count)s products had VAT 20 %% and now have 22 %%, the general rate since 1 January 2026.",
                    self.vat_raised,
                )
                % {"count": self.vat_raised}
            )
        for value, number in sorted(self.unknown_vat.items()):
            notes.append(
                ngettext(
                    'VAT rate "%(value)s" is not known, so %(count)s product got the default rate.',
                    'VAT rate "%(value)s" is not known, so %(count)s products got the default rate.',
                    number,
                )
                % {"value": value, "count": number}
            )
        if self.quantities_rounded:
            notes.append(
                ngettext(
                    "%(count)s fractional stock count was rounded down to whole units.",
                    "%(count)s fractional stock counts were rounded down to whole units.",
                    self.quantities_rounded,
                )
                % {"count": self.quantities_rounded}
            )
        if self.not_for_sale:
            notes.append(
                ngettext(
                    "%(count)s variant is not for sale: it has no price of the retail type «%(retail)s». "
                    "To sell at another price type, mark that type as retail in the admin.",
                    "%(count)s variants are not for sale: they have no price of the retail type «%(retail)s». "
                    "To sell at another price type, mark that type as retail in the admin.",
                    self.not_for_sale,
                )
                % {"count": self.not_for_sale, "retail": self.retail_price_type or "—"}
            )
        return notes

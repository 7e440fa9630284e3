"""Finding variants by barcode, SKU or name, for the counter and the shop."""

from django.db.models import Q, QuerySet

from .models import Variant, normalize_search_text


def sellable_variants() -> QuerySet[Variant]:
    return Variant.objects.filter(is_for_sale=True, product__is_active=True).select_related("product")


def find_by_barcode(code: str) -> Variant | None:
    """Return the variant with this barcode, or with this exact SKU when no barcode matches."""
    code = code.strip()
    if not code:
        return None
    variant = sellable_variants().filter(barcodes__code=code).first()
    if variant is None:
        variant = sellable_variants().filter(sku__iexact=code).first()
    return variant


def search_variants(query: str, *, limit: int = 20) -> list[Variant]:
    """Variants whose product name, SKU or barcode contains every word of the query."""
    words = query.split()
    if not words:
        return []
    variants = sellable_variants()
    for word in words:
        variants = variants.filter(Q(search_text__contains=normalize_search_text(word)) | Q(barcodes__code__startswith=word))
    return list(variants.distinct().order_by("product__name", "name")[:limit])

"""Catalog: products, variants, barcodes, prices and catalog imports.

Other apps use the functions named in __all__ (catalog.retail_prices(...));
they load on first use, after Django has loaded the apps.
"""

from config.lazy_exports import lazy_exports

_PUBLIC = {
    "retail_prices": "prices",
    "retail_price_type": "prices",
    "make_retail": "prices",
    "find_by_barcode": "search",
    "search_variants": "search",
    "sellable_variants": "search",
    "import_commerceml": "importers.commerceml",
    "import_yml": "importers.yml",
    "ImportReport": "importers.report",
    "ImportFailed": "importers.errors",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)

"""Shop catalog pages: the home page, categories, search and the product page."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from djmoney.money import Money

import carts
import catalog
import inventory

from .models import Category, Product, ProductImage, Variant

PRODUCTS_PER_PAGE = 24
SEARCH_LIMIT = 60


@dataclass
class CategoryNode:
    category: Category
    children: list["CategoryNode"] = field(default_factory=list)


@dataclass(frozen=True)
class ProductCard:
    product: Product
    image_url: str
    min_price: Money | None


@dataclass(frozen=True)
class VariantOffer:
    """A variant as the product page shows it: price, whether it can be bought, availability."""

    variant: Variant
    price: Money | None
    buyable: bool
    pickup: list
    delivery: int


def category_tree() -> list[CategoryNode]:
    """Build every category into a tree of nodes, roots first, from one query."""
    nodes = {category.pk: CategoryNode(category) for category in Category.objects.all()}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id)
        (parent.children if parent is not None else roots).append(node)
    return roots


def _descendant_ids(category: Category) -> list[int]:
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    found = {category.pk}
    changed = True
    while changed:
        changed = False
        for pk, parent_id in parents.items():
            if parent_id in found and pk not in found:
                found.add(pk)
                changed = True
    return list(found)


def _shop_products():
    """Active products that have at least one variant for sale."""
    sellable = catalog.sellable_variants().values("product_id")
    return Product.objects.filter(is_active=True, pk__in=sellable).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
    )


def _cards(products) -> list[ProductCard]:
    products = list(products)
    variant_ids = catalog.sellable_variants().filter(product__in=products).values_list("pk", "product_id")
    by_product: dict[int, list[int]] = {}
    for variant_id, product_id in variant_ids:
        by_product.setdefault(product_id, []).append(variant_id)
    prices = catalog.retail_prices(pk for ids in by_product.values() for pk in ids)

    cards = []
    for product in products:
        product_prices = [prices[pk] for pk in by_product.get(product.pk, []) if pk in prices]
        images = list(product.images.all())
        cards.append(ProductCard(product, images[0].url if images else "", min(product_prices, default=None)))
    return cards


def _listing(request, products, template: str, context: dict):
    page = Paginator(products.order_by("name", "pk"), PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    context.update({"page": page, "cards": _cards(page.object_list), "tree": category_tree()})
    return render(request, template, context)


def home(request):
    return _listing(request, _shop_products(), "shop/home.html", {})


def category(request, pk: int):
    current = get_object_or_404(Category, pk=pk)
    products = _shop_products().filter(category_id__in=_descendant_ids(current))
    return _listing(request, products, "shop/category.html", {"category": current})


def search(request):
    query = request.GET.get("q", "").strip()
    variants = catalog.search_variants(query, limit=SEARCH_LIMIT) if query else []
    prices = catalog.retail_prices(variant.pk for variant in variants)
    results = [(variant, prices.get(variant.pk)) for variant in variants]
    return render(request, "shop/search.html", {"query": query, "results": results, "tree": category_tree()})


def variant_offers(variants: list[Variant]) -> list[VariantOffer]:
    ids = [variant.pk for variant in variants]
    prices = catalog.retail_prices(ids)
    buyable = carts.buyable_variant_ids(ids)
    pickup = inventory.pickup_availability(ids)
    delivery = inventory.delivery_availability(ids)
    return [
        VariantOffer(
            variant=variant,
            price=prices.get(variant.pk),
            buyable=variant.pk in buyable,
            pickup=pickup.get(variant.pk, []),
            delivery=delivery.get(variant.pk, 0),
        )
        for variant in variants
    ]


def product(request, pk: int):
    item = get_object_or_404(Product.objects.select_related("category"), pk=pk, is_active=True)
    variants = list(item.variants.select_related("product").prefetch_related("characteristics", "barcodes"))
    context = {
        "product": item,
        "images": list(item.images.all()),
        "offers": variant_offers(variants),
        "breadcrumbs": item.category.ancestors() if item.category else [],
    }
    return render(request, "shop/product.html", context)


def availability(request, variant_id: int):
    """Render the availability block of one variant, for pages that refresh it in place."""
    variant = get_object_or_404(Variant.objects.select_related("product"), pk=variant_id)
    return render(request, "shop/_availability.html", {"offer": variant_offers([variant])[0]})

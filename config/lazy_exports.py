"""Lazy public functions for an app package (PEP 562 module __getattr__).

An app's __init__ cannot import its models while Django is still loading
apps, so it names its public functions and their modules here, and each is
imported on first use: inventory.sell(...), catalog.retail_prices(...).
"""

from collections.abc import Callable
from importlib import import_module


def lazy_exports(package: str, names: dict[str, str]) -> tuple[Callable[[str], object], list[str]]:
    """Return a module __getattr__ and __all__ for names mapped to their submodules."""

    def module_getattr(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{names[name]}"), name)

    return module_getattr, sorted(names)

"""Hook for the key point tagger (issue 7): it registers a provider that returns, for a
product, its top praised and criticised key points. Until then products have none, and the
API answers key_points: [] and the compare page shows its empty "key points" slot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from community.products.models import Product

_provider: Callable[[Product], list[dict[str, Any]]] | None = None


def set_key_points_provider(fn: Callable[[Product], list[dict[str, Any]]]) -> None:
    global _provider
    _provider = fn


def key_points(product: Product) -> list[dict[str, Any]]:
    return list(_provider(product)) if _provider is not None else []

"""The product catalogue: creating and editing products, finding them, listing them."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import Category
from community.forum.text import clean_body, slugify
from community.ids import looks_like_id, parse_id
from community.markup import cook
from community.outbox import emit
from community.permissions import can
from community.products.models import PRODUCT_STATUSES, Product
from community.timeutil import utcnow
from moderation.audit import record

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_DESCRIPTION = 20_000


def _snapshot(p: Product) -> dict[str, Any]:
    return {
        "name": p.name,
        "slug": p.slug,
        "status": p.status,
        "category_id": p.category_id,
        "short_description": p.short_description,
        "image_path": p.image_path,
    }


def _clean(data: dict[str, Any], product: Product | None) -> dict[str, Any]:
    """Validate every field at once, so the form shows all problems together."""
    fields: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = data.get("name", product.name if product else None)
    if not isinstance(name, str) or not name.strip():
        fields["name"] = "Give the product a name."
    elif len(name.strip()) > 120:
        fields["name"] = "At most 120 characters."
    else:
        out["name"] = " ".join(name.split())
    slug = data.get("slug")
    if slug in (None, ""):
        slug = product.slug if product else slugify(out.get("name", ""), 80)
    if not isinstance(slug, str) or not _SLUG.match(slug):
        fields["slug"] = "Lower-case letters, digits and hyphens."
    else:
        out["slug"] = slug
    short = data.get("short_description", product.short_description if product else "")
    if not isinstance(short, str) or len(short) > 300:
        fields["short_description"] = "Text of at most 300 characters."
    else:
        out["short_description"] = " ".join((short or "").split())
    try:
        out["description"] = clean_body(
            data.get("description", product.description if product else ""),
            "description",
            required=False,
            limit=MAX_DESCRIPTION,
        )
    except ValidationFailed as exc:
        fields.update(exc.fields)
    status = data.get("status", product.status if product else "active")
    if status not in PRODUCT_STATUSES:
        fields["status"] = "active or discontinued."
    else:
        out["status"] = status
    category = data.get("category", product.category_id if product else None)
    out["category_id"] = None
    if category not in (None, ""):
        cat = db.session.scalar(
            select(Category).where(
                Category.id == (parse_id(category) or 0) if looks_like_id(category) else Category.slug == str(category)
            )
        )
        if cat is None:
            fields["category"] = "No such category."
        else:
            out["category_id"] = cat.id
    if "slug" in out:
        clash = db.session.scalar(select(Product.id).where(Product.slug == out["slug"]))
        if clash is not None and (product is None or clash != product.id):
            fields["slug"] = "Another product already uses this slug."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    return out


def create_product(
    user: User, data: dict[str, Any], *, image_path: str | None = None, is_demo: bool = False
) -> Product:
    if not can(user, "product.create"):
        raise NotAllowed("Only staff can add products.")
    values = _clean(data, None)
    product = Product(
        **values,
        description_html=cook(values["description"]),
        image_path=image_path,
        is_demo=is_demo,
    )
    db.session.add(product)
    db.session.flush()
    record(user, "product.create", "product", product.id, after=_snapshot(product))
    emit("product.created", product_id=product.id)
    return product


def update_product(user: User, product: Product, data: dict[str, Any], *, image_path: str | None = None) -> Product:
    if not can(user, "product.edit", product):
        raise NotAllowed("Only staff can edit products.")
    values = _clean(data, product)
    before = _snapshot(product)
    for key, value in values.items():
        setattr(product, key, value)
    product.description_html = cook(product.description)
    if image_path is not None:
        product.image_path = image_path
    product.updated_at = utcnow()
    record(user, "product.edit", "product", product.id, before=before, after=_snapshot(product))
    emit("product.updated", product_id=product.id)
    return product


def get_product(slug: str) -> Product:
    product = db.session.scalar(select(Product).where(Product.slug == slug))
    if product is None:
        raise NotFound("No such product.")
    return product


def resolve_product(value: str | int) -> int:
    """A product id from an id or a slug (the forum's ?product= and the thread form use it)."""
    text = str(value).strip()
    q = (
        select(Product.id).where(Product.id == (parse_id(text) or 0))
        if looks_like_id(text)
        else select(Product.id).where(Product.slug == text)
    )
    found = db.session.scalar(q)
    if found is None:
        raise NotFound("No such product.")
    return found


def list_products(*, include_discontinued: bool = True) -> list[Product]:
    """A brand has a handful of products, not millions: one ordered query, no pagination."""
    q = select(Product).order_by(Product.status, Product.name)
    if not include_discontinued:
        q = q.where(Product.status == "active")
    return list(db.session.scalars(q))


def product_choices() -> list[tuple[str, str]]:
    return [(p.slug, p.name) for p in list_products(include_discontinued=False)]


def products_by_slugs(slugs: list[str]) -> list[Product]:
    rows = {p.slug: p for p in db.session.scalars(select(Product).where(Product.slug.in_(slugs)))}
    missing = [s for s in slugs if s not in rows]
    if missing:
        raise NotFound("No such product: " + ", ".join(missing))
    return [rows[s] for s in slugs]

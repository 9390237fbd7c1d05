"""Categories: staff create, describe, reorder; a category can be staff-only."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import Category
from community.forum.text import clean_body, slugify
from community.ids import looks_like_id, parse_id
from community.outbox import emit
from community.permissions import can
from moderation.audit import record

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9\-]{0,62}$")


def visible_categories(user: User | None) -> list[Category]:
    q = select(Category).order_by(Category.position, Category.id)
    if not can(user, "staff.access"):
        q = q.where(Category.staff_only.is_(False))
    return list(db.session.scalars(q))


def get_category(user: User | None, key: str | int) -> Category:
    if looks_like_id(key):
        ident = parse_id(key)
        cat = db.session.get(Category, ident) if ident is not None else None
    else:
        cat = db.session.scalar(select(Category).where(Category.slug == key))
    if cat is None or not can(user, "category.view", cat):
        raise NotFound("No such category.")
    return cat


def _validate(name: object, slug: object, description: object) -> tuple[str, str, str]:
    fields = {}
    name_s = " ".join(name.split()) if isinstance(name, str) else ""
    if not name_s or len(name_s) > 80:
        fields["name"] = "A name of 1 to 80 characters."
    slug_s = (slug if isinstance(slug, str) and slug else slugify(name_s, 60)).strip().lower()
    if not SLUG_RE.match(slug_s):
        fields["slug"] = "Lower-case letters, digits and '-' (for example: headphones)."
    try:
        desc = clean_body(description or "", "description", required=False, limit=2000)
    except ValidationFailed as exc:
        fields.update(exc.fields)
        desc = ""
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    return name_s, slug_s, desc


def create_category(
    actor: User,
    name: object,
    slug: object = None,
    description: object = "",
    staff_only: bool = False,
    premoderate: bool = False,
    *,
    is_demo: bool = False,
) -> Category:
    if not can(actor, "category.create"):
        raise NotAllowed("Only admins create categories.")
    name_s, slug_s, desc = _validate(name, slug, description)
    if db.session.scalar(select(Category.id).where(Category.slug == slug_s)):
        raise Conflict("That slug is taken.", {"slug": "Already used by another category."})
    position = (db.session.scalar(select(func.max(Category.position))) or 0) + 1
    cat = Category(
        name=name_s,
        slug=slug_s,
        description=desc,
        staff_only=bool(staff_only),
        premoderate=bool(premoderate),
        position=position,
        is_demo=is_demo,
    )
    db.session.add(cat)
    db.session.flush()
    record(
        actor,
        "category.create",
        "category",
        cat.id,
        after={"name": name_s, "slug": slug_s, "staff_only": bool(staff_only)},
    )
    return cat


def update_category(
    actor: User,
    cat: Category,
    name: object,
    slug: object,
    description: object,
    staff_only: bool,
    premoderate: bool = False,
) -> Category:
    if not can(actor, "category.edit", cat):
        raise NotAllowed("Only staff edit categories.")
    name_s, slug_s, desc = _validate(name, slug, description)
    clash = db.session.scalar(select(Category.id).where(Category.slug == slug_s, Category.id != cat.id))
    if clash:
        raise Conflict("That slug is taken.", {"slug": "Already used by another category."})
    before = {"name": cat.name, "slug": cat.slug, "description": cat.description, "staff_only": cat.staff_only}
    if bool(staff_only) != bool(cat.staff_only):
        # Who may see every thread in it changes: derived data (the search index) must follow.
        emit("category.visibility_changed", category_id=cat.id, staff_only=bool(staff_only))
    cat.name, cat.slug, cat.description = name_s, slug_s, desc
    cat.staff_only, cat.premoderate = bool(staff_only), bool(premoderate)
    record(
        actor,
        "category.update",
        "category",
        cat.id,
        before=before,
        after={"name": name_s, "slug": slug_s, "description": desc, "staff_only": bool(staff_only)},
    )
    return cat


def move_category(actor: User, cat: Category, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    if not can(actor, "category.edit", cat):
        raise NotAllowed("Only staff reorder categories.")
    cats = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    for i, c in enumerate(cats):
        c.position = i
    idx = cats.index(cat)
    other = idx + (1 if direction > 0 else -1)
    if 0 <= other < len(cats):
        cats[idx].position, cats[other].position = cats[other].position, cats[idx].position
        record(actor, "category.move", "category", cat.id, after={"position": cat.position})

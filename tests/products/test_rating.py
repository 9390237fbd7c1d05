"""The rating summary is recomputed exactly on add, edit, hide, delete and restore, and stays
consistent when many members write at once."""

from __future__ import annotations

import threading

import pytest

from community.extensions import db
from community.products.models import Product
from community.reviews import reviews as review_service
from community.reviews.models import Review
from community.reviews.rating import recompute


def _expected(product_id: int) -> tuple[int, dict[str, int]]:
    rows = (
        db.session.query(Review)
        .filter(Review.product_id == product_id, Review.deleted_at.is_(None), Review.hidden_at.is_(None))
        .all()
    )
    hist = {str(n): sum(1 for r in rows if r.rating == n) for n in range(1, 6)}
    return len(rows), hist


def test_summary_follows_add_edit_hide_delete_restore(shop, ctx):
    p = shop.product()
    a = shop.review(p, rating=5)
    b = shop.review(p, rating=4)
    c = shop.review(p, rating=1)
    assert (p.rating_count, p.rating_average, p.histogram) == (
        3,
        3.3,
        {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1},
    )
    review_service.edit_review(a.author, a, {"rating": 2})
    db.session.commit()
    assert (p.rating_count, p.rating_average) == (3, 2.3)
    review_service.hide_review(shop.staff, c, "abuse")
    db.session.commit()
    assert (p.rating_count, p.rating_average, p.histogram["1"]) == (2, 3.0, 0)
    review_service.delete_review(b.author, b)
    db.session.commit()
    assert (p.rating_count, p.rating_average, p.histogram) == (
        1,
        2.0,
        {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0},
    )
    review_service.restore_review(shop.staff, c)
    review_service.undelete_review(shop.staff, b)
    db.session.commit()
    assert (p.rating_count, p.rating_average) == (3, 2.3)
    assert (p.rating_count, p.histogram) == _expected(p.id)


def test_average_rounds_to_one_decimal(shop, ctx):
    p = shop.product()
    for rating in (5, 5, 4):
        shop.review(p, rating=rating)
    assert p.rating_average == 4.7  # 4.666…
    for rating in (1, 1, 1, 1, 1):
        shop.review(p, rating=rating)
    assert p.rating_average == 2.4  # 19/8 = 2.375


def test_page_shows_the_bars(client, shop, ctx):
    p = shop.product()
    shop.review(p, rating=5)
    shop.review(p, rating=5)
    shop.review(p, rating=1)
    text = client.get("/products/aurora-pulse").get_data(as_text=True)
    assert 'class="fill w65"' in text and 'class="fill w35"' in text  # 67% and 33% rounded to 5
    assert "3.7" in text


def test_concurrent_writers_keep_the_summary_exact(app, shop, ctx):
    """Several members review, edit and delete at once, each in its own session and transaction."""
    # Writers outside a request behave as the CLI and workers do in production: BEGIN IMMEDIATE.
    app.config["SQLITE_BEGIN_OUTSIDE_REQUEST"] = "IMMEDIATE"
    p = shop.product()
    members = [shop.member(f"conc{i}") for i in range(8)]
    ids = [m.id for m in members]
    pid = p.id
    db.session.commit()
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def write(user_id: int, n: int) -> None:
        with app.app_context():
            try:
                from community.accounts.models import User

                user = db.session.get(User, user_id)
                product = db.session.get(Product, pid)
                db.session.commit()  # end the read transaction: on SQLite it holds the write lock
                barrier.wait(timeout=30)
                review = review_service.create_review(
                    user, product, {"rating": n % 5 + 1, "title": "Concurrent one", "body": "x"}
                )
                db.session.commit()
                review_service.edit_review(user, review, {"rating": (n + 2) % 5 + 1})
                db.session.commit()
                if n % 3 == 0:
                    review_service.delete_review(user, review)
                    db.session.commit()
            except BaseException as exc:  # reported below
                errors.append(exc)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(uid, i)) for i, uid in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()
    product = db.session.get(Product, pid)
    count, hist = _expected(pid)
    assert count == len(ids) - len([i for i in range(len(ids)) if i % 3 == 0])
    assert (product.rating_count, product.histogram) == (count, hist)
    stored = (product.rating_count, product.rating_sum)
    recompute(product)
    assert (product.rating_count, product.rating_sum) == stored


@pytest.mark.parametrize("n", [3])
def test_summary_is_recomputed_not_patched(shop, ctx, n):
    """A corrupted summary heals at the next write: it is derived from the rows, never +1/-1."""
    p = shop.product()
    for _ in range(n):
        shop.review(p, rating=3)
    p.rating_count = 99
    p.rating_3 = 42
    db.session.commit()
    shop.review(p, rating=5)
    assert (p.rating_count, p.rating_3, p.rating_5) == (n + 1, n, 1)

"""Product and review pages speak Chinese to Chinese readers."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _compile(package: str) -> None:
    """`make translations` compiles catalogs; compile ours here so the test runs standalone."""
    folder = ROOT / "community" / package / "translations" / "zh" / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as fh:
        catalog = read_po(fh)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)


def test_product_page_in_chinese(client, shop, ctx):
    _compile("products")
    _compile("reviews")
    p = shop.product()
    shop.review(p, rating=5)
    text = client.get("/products/aurora-pulse", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert "写评价" not in text or "登录后写评价" in text
    assert "用户评分" in text and "最有帮助" in text and "1 条评价" in text
    assert "1 人觉得有帮助" not in text and "0 人觉得有帮助" in text
